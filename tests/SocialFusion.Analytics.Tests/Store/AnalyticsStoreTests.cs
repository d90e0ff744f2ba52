using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Store;

public class AnalyticsStoreTests
{
    [Fact]
    public void New_store_has_every_table_at_the_current_version()
    {
        using var dir = new TempDir();
        using var store = AnalyticsStore.Open(dir.File("a.duckdb"));
        Assert.Equal(AnalyticsSchema.CurrentVersion, store.SchemaVersion);
        foreach (var table in AnalyticsSchema.Tables) Assert.Equal(0, store.Count(table));
    }

    [Fact]
    public void Reopening_keeps_the_version_and_does_not_migrate_twice()
    {
        using var dir = new TempDir();
        var path = dir.File("a.duckdb");
        using (var s = AnalyticsStore.Open(path)) s.Execute("INSERT INTO analysis_metrics VALUES ('r', 'x', 1)");
        using var store = AnalyticsStore.Open(path);
        Assert.Equal(1, store.Count("analysis_metrics"));
        Assert.Equal(AnalyticsSchema.CurrentVersion, Convert.ToInt32(store.Scalar("SELECT count(*) FROM schema_version")));
    }

    [Fact]
    public void A_newer_schema_is_refused_with_both_versions_named()
    {
        using var dir = new TempDir();
        var path = dir.File("a.duckdb");
        using (var s = AnalyticsStore.Open(path)) s.Execute($"INSERT INTO schema_version VALUES ({AnalyticsSchema.CurrentVersion + 1}, now()::TIMESTAMP)");
        var e = Assert.Throws<StoreUnavailableException>(() => AnalyticsStore.Open(path));
        Assert.Contains($"schema version {AnalyticsSchema.CurrentVersion + 1}", e.Message);
        Assert.Contains("newer", e.Message);
    }
}

public class StoreFileTests
{
    [Fact]
    public void A_read_only_file_is_refused_for_writing_opens_read_only_and_is_not_changed()
    {
        using var dir = new TempDir();
        var path = dir.File("a.duckdb");
        using (var s = AnalyticsStore.Open(path)) s.Execute("INSERT INTO analysis_metrics VALUES ('r', 'x', 1); CHECKPOINT");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead);
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<StoreUnavailableException>(() => AnalyticsStore.Open(path));
        Assert.Contains("read-only", e.Message);
        using (var ro = AnalyticsStore.Open(path, readOnly: true)) Assert.Equal(1, ro.Count("analysis_metrics"));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_a_clear_error_and_is_not_changed()
    {
        using var dir = new TempDir();
        var path = dir.File("a.duckdb");
        File.WriteAllText(path, "id,user_id\np1,u1\n");
        var e = Assert.Throws<StoreUnavailableException>(() => AnalyticsStore.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Equal("id,user_id\np1,u1\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_duckdb_file_of_something_else_is_not_taken_for_a_store()
    {
        using var dir = new TempDir();
        var path = dir.File("other.duckdb");
        using (var c = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE t (x INT)";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreUnavailableException>(() => AnalyticsStore.Open(path));
        Assert.Contains("not a SocialFusion store", e.Message);
    }
}
