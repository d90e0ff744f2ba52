using DuckDB.NET.Data;

namespace SocialFusion.Analytics.Store;

/// <summary>Writes one analysis run into <c>analysis_runs</c> and its figures into <c>analysis_metrics</c> (schema in docs/analytics.md).</summary>
internal static class AnalysisRuns
{
    /// <summary>Records run <paramref name="runId"/> of analysis <paramref name="kind"/> with its parameters (JSON) and data fingerprint.</summary>
    public static void Record(DuckDBConnection db, string runId, string kind, string parameters, string fingerprint)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = "INSERT INTO analysis_runs VALUES ($run, $kind, $parameters, $fingerprint, now()::TIMESTAMP)";
        cmd.Parameters.Add(new DuckDBParameter("run", runId));
        cmd.Parameters.Add(new DuckDBParameter("kind", kind));
        cmd.Parameters.Add(new DuckDBParameter("parameters", parameters));
        cmd.Parameters.Add(new DuckDBParameter("fingerprint", fingerprint));
        cmd.ExecuteNonQuery();
    }

    /// <summary>Appends the named figures of run <paramref name="runId"/>.</summary>
    public static void Metrics(DuckDBConnection db, string runId, IEnumerable<(string Name, double Value)> metrics)
    {
        using var appender = db.CreateAppender("analysis_metrics");
        foreach (var (name, value) in metrics) appender.CreateRow().AppendValue(runId).AppendValue(name).AppendValue(value).EndRow();
    }
}
