using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;
using static SocialFusion.Analytics.Tests.Ingest.StoreIngestTests;

namespace SocialFusion.Analytics.Tests.Store;

public class ParquetTransferTests
{
    private static AnalyticsStore Filled(TempDir dir, string name)
    {
        var store = AnalyticsStore.Open(dir.File(name));
        var follows = Write(dir, "follows.csv", "follower,followee,weight\nu1,u2,0.5\nu2,u1,\nu3,u1,\n");
        StoreIngest.Run(store, new IngestRequest(Write(dir, "posts.jsonl", Posts), follows));
        return store;
    }

    private static string Dump(AnalyticsStore store, string table) =>
        (string)store.Scalar($"SELECT string_agg(CAST(t AS VARCHAR), '\n' ORDER BY CAST(t AS VARCHAR)) FROM {table} t")!;

    [Theory]
    [InlineData("posts")]
    [InlineData("follows")]
    [InlineData("post_edges")]
    [InlineData("users")]
    public void Raw_export_then_import_into_an_empty_store_gives_the_same_rows(string table)
    {
        using var dir = new TempDir();
        using var source = Filled(dir, "a.duckdb");
        var report = ParquetTransfer.Export(source, table, dir.File("t.parquet"), pseudonyms: null);
        Assert.False(report.Pseudonymized);
        using var target = AnalyticsStore.Open(dir.File("b.duckdb"));
        var imported = ParquetTransfer.Import(target, table, dir.File("t.parquet"), replace: false);
        Assert.Equal(source.Count(table), imported.Rows);
        Assert.Equal(Dump(source, table), Dump(target, table));
    }

    [Fact]
    public void Default_export_shows_users_as_keyed_pseudonyms_and_masks_mentions()
    {
        using var dir = new TempDir();
        using var store = Filled(dir, "a.duckdb");
        var pseudonyms = new Pseudonymizer(PseudonymKey.LoadOrCreate(dir.File("key")));
        ParquetTransfer.Export(store, "posts", dir.File("p.parquet"), pseudonyms);
        ParquetTransfer.Export(store, "follows", dir.File("f.parquet"), pseudonyms);
        var users = store.Scalar($"SELECT string_agg(DISTINCT user_id, ',' ORDER BY user_id) FROM read_parquet('{dir.File("p.parquet")}')");
        Assert.Equal(string.Join(",", new[] { "u1", "u2", "u3" }.Select(pseudonyms.Of).Order(StringComparer.Ordinal)), users);
        Assert.Equal(pseudonyms.Of("u2") + "->" + pseudonyms.Of("u1"),
            store.Scalar($"SELECT src || '->' || dst FROM read_parquet('{dir.File("f.parquet")}') WHERE weight IS NULL AND src = '{pseudonyms.Of("u2")}'"));
        Assert.Equal("[MENTION] nice", store.Scalar($"SELECT text FROM read_parquet('{dir.File("p.parquet")}') WHERE post_id = 'p2'"));
        Assert.Equal("@u1 nice", store.Scalar("SELECT text FROM posts WHERE post_id = 'p2'"));
    }

    [Fact]
    public void Import_into_a_filled_table_needs_replace_and_a_file_missing_columns_is_refused()
    {
        using var dir = new TempDir();
        using var store = Filled(dir, "a.duckdb");
        ParquetTransfer.Export(store, "follows", dir.File("f.parquet"), null);
        var e = Assert.Throws<InvalidOperationException>(() => ParquetTransfer.Import(store, "follows", dir.File("f.parquet"), replace: false));
        Assert.Contains("--replace", e.Message);
        Assert.Equal(3, ParquetTransfer.Import(store, "follows", dir.File("f.parquet"), replace: true).Rows);
        Assert.Equal(3, store.Count("follows"));
        var wrong = Assert.Throws<InvalidDataException>(() => ParquetTransfer.Import(store, "posts", dir.File("f.parquet"), replace: true));
        Assert.Contains("no column post_id", wrong.Message);
        Assert.Equal(4, store.Count("posts"));
    }

    [Fact]
    public void Unknown_table_is_refused_with_the_list()
    {
        using var dir = new TempDir();
        using var store = AnalyticsStore.Open(dir.File("a.duckdb"));
        var e = Assert.Throws<ArgumentException>(() => ParquetTransfer.Export(store, "posts; DROP TABLE posts", dir.File("x.parquet"), null));
        Assert.Contains("unknown table", e.Message);
    }
}
