using System.Diagnostics;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Cli.Tests;

/// <summary>ingest, export, import and forget through the CLI, and a database held by another process.</summary>
public class AnalyticsCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var (o, e) = (Console.Out, Console.Error);
        var (so, se) = (new StringWriter(), new StringWriter());
        Console.SetOut(so); Console.SetError(se);
        try { return (Program.Run(args), so.ToString(), se.ToString()); }
        finally { Console.SetOut(o); Console.SetError(e); }
    }

    [Fact]
    public void Ingest_twice_export_import_and_forget_on_generated_demo_data()
    {
        using var dir = new TempDir();
        Assert.Equal(0, Program.Run(["demo-data", "--scale", "--out", dir.File("data"), "--posts", "3000", "--users", "120"]));
        string posts = dir.File("data/posts.jsonl"), follows = dir.File("data/truth/follows.csv"), db = dir.File("s.duckdb");

        var first = Run("ingest", "--input", posts, "--follows", follows, "--db", db, "--scrub");
        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("3000 new, 0 updated, 0 unchanged", first.Out);
        Assert.Contains("scrubbed:", first.Out);
        var second = Run("ingest", "--input", posts, "--follows", follows, "--db", db, "--scrub");
        Assert.Contains("0 new, 0 updated, 3000 unchanged", second.Out);

        var export = Run("export", "--table", "posts", "--out", dir.File("p.parquet"), "--db", db, "--key-file", dir.File("key"));
        Assert.True(export.Code == 0, export.Err);
        Assert.Contains("(users as pseudonyms)", export.Out);
        Assert.True(File.Exists(dir.File("key")));
        var import = Run("import", "--table", "posts", "--input", dir.File("p.parquet"), "--db", dir.File("copy.duckdb"));
        Assert.True(import.Code == 0, import.Err);
        Assert.Contains("imported 3000 rows", import.Out);

        string user;
        using (var store = AnalyticsStore.Open(db)) user = (string)store.Scalar("SELECT user_id FROM users ORDER BY posts DESC LIMIT 1")!;
        var forget = Run("forget", "--user", user, "--db", db);
        Assert.True(forget.Code == 0, forget.Err);
        Assert.Contains($"removed user {user}", forget.Out);
        using (var store = AnalyticsStore.Open(db))
            Assert.Equal(0L, store.Scalar($"SELECT count(*) FROM posts WHERE user_id = '{user}'"));
        Assert.Contains("nothing removed", Run("forget", "--user", user, "--db", db).Out);
    }

    [Fact]
    public void A_wrong_key_file_is_a_clear_error_and_writes_no_export()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("posts.jsonl"), """{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":"hi"}""" + "\n");
        string db = dir.File("s.duckdb");
        Assert.Equal(0, Run("ingest", "--input", dir.File("posts.jsonl"), "--db", db).Code);
        Assert.Equal(0, Run("export", "--table", "users", "--out", dir.File("a.parquet"), "--db", db, "--key-file", dir.File("k1")).Code);
        var wrong = Run("export", "--table", "users", "--out", dir.File("b.parquet"), "--db", db, "--key-file", dir.File("k2"));
        Assert.Equal(1, wrong.Code);
        Assert.Contains("is not the key this store's pseudonyms were made with", wrong.Err);
        Assert.False(File.Exists(dir.File("b.parquet")));
        File.WriteAllText(dir.File("k3"), "garbage");
        var corrupt = Run("export", "--table", "users", "--out", dir.File("c.parquet"), "--db", db, "--key-file", dir.File("k3"));
        Assert.Equal(1, corrupt.Code);
        Assert.Contains("not a valid SocialFusion key", corrupt.Err);
    }

    [Fact]
    public void A_database_held_by_another_process_is_a_clear_error_and_loses_nothing()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("posts.jsonl"), """{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":"hi"}""" + "\n");
        string db = dir.File("s.duckdb");
        using var holder = AnalyticsStore.Open(db);
        holder.Execute("INSERT INTO analysis_metrics VALUES ('r', 'kept', 1)");
        // A second process (the CLI itself) tries to ingest while this one holds the file open.
        var cli = Path.Combine(AppContext.BaseDirectory, "socialfusion.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "ingest", "--input", dir.File("posts.jsonl"), "--db", db])
        {
            RedirectStandardError = true, RedirectStandardOutput = true,
        };
        using var child = Process.Start(start)!;
        var err = child.StandardError.ReadToEndAsync();
        child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(120_000));
        Assert.Equal(1, child.ExitCode);
        Assert.Contains("another process holds the database open", err.Result);
        Assert.Equal(1, holder.Count("analysis_metrics"));
        Assert.Equal(0, holder.Count("posts"));
    }
}
