using DuckDB.NET.Data;

namespace SocialFusion.Analytics.Ingest;

/// <summary>Streams follow edges into the scratch table <c>stage_follows</c> through the Appender.</summary>
internal sealed class FollowStaging : IDisposable
{
    public const string Table = "stage_follows";
    private readonly DuckDBAppender _appender;

    public FollowStaging(DuckDBConnection connection)
    {
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} AS SELECT src, dst, weight, created_at FROM follows LIMIT 0;";
            command.ExecuteNonQuery();
        }
        _appender = connection.CreateAppender(Table);
    }

    public void Add(FollowEdge e) =>
        _appender.CreateRow().AppendValue(e.Src).AppendValue(e.Dst).AppendValue(e.Weight).AppendValue(e.CreatedAtUtc).EndRow();

    public void Complete() => _appender.Close();
    public void Dispose() => _appender.Dispose();
}

/// <summary>Streams prediction rows into the scratch table <c>stage_predictions</c> through the Appender.</summary>
internal sealed class PredictionStaging : IDisposable
{
    public const string Table = "stage_predictions";
    private readonly DuckDBAppender _appender;
    private readonly string _model;

    public PredictionStaging(DuckDBConnection connection, string model)
    {
        _model = model;
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"DROP TABLE IF EXISTS {Table}; CREATE TABLE {Table} AS SELECT post_id, model, head, rank, label, probability, value, s, alpha FROM predictions LIMIT 0;";
            command.ExecuteNonQuery();
        }
        _appender = connection.CreateAppender(Table);
    }

    public void Add(PredictionRow r) =>
        _appender.CreateRow().AppendValue(r.PostId).AppendValue(_model).AppendValue(r.Head).AppendValue(r.Rank).AppendValue(r.Label)
            .AppendValue(r.Probability).AppendValue(r.Value).AppendValue(r.S).AppendValue(r.Alpha).EndRow();

    public void Complete() => _appender.Close();
    public void Dispose() => _appender.Dispose();
}
