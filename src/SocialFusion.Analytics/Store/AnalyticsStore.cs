using DuckDB.NET.Data;

namespace SocialFusion.Analytics.Store;

/// <summary>
/// The analytics store: one embedded DuckDB database file (default <see cref="DefaultFileName"/> in the working
/// folder) holding posts, users, follow and reply/repost edges, predictions and analysis results. The schema is
/// versioned (<see cref="AnalyticsSchema"/>, documented in <c>docs/analytics.md</c>): opening an older database
/// migrates it, a newer one is refused. One process at a time may hold a database open for writing; a second one
/// gets <see cref="StoreUnavailableException"/> naming the file and the reason.
/// </summary>
public sealed class AnalyticsStore : IDisposable
{
    /// <summary>The database file used when none is given.</summary>
    public const string DefaultFileName = "socialfusion.duckdb";

    private readonly DuckDBConnection _connection;

    private AnalyticsStore(string path, DuckDBConnection connection, bool readOnly)
    {
        Path = path; _connection = connection; ReadOnly = readOnly;
    }

    /// <summary>Full path of the database file.</summary>
    public string Path { get; }

    /// <summary>True when opened read-only (no ingest, no migration).</summary>
    public bool ReadOnly { get; }

    /// <summary>The open connection, for the library's analyses (SQL lives in the library, not in commands).</summary>
    public DuckDBConnection Connection => _connection;

    /// <summary>
    /// Opens <paramref name="path"/> (default <see cref="DefaultFileName"/>), creating it with the current schema when
    /// missing and migrating an older one. <paramref name="readOnly"/> never creates, migrates or writes.
    /// </summary>
    /// <exception cref="StoreUnavailableException">Locked by another process, not writable, not a DuckDB file, or
    /// written by a newer SocialFusion.</exception>
    public static AnalyticsStore Open(string? path = null, bool readOnly = false)
    {
        var full = System.IO.Path.GetFullPath(path ?? DefaultFileName);
        if (readOnly && !File.Exists(full))
            throw new StoreUnavailableException(full, "the database file does not exist (run `socialfusion ingest` first)");
        if (!readOnly) EnsureWritable(full);
        var connection = new DuckDBConnection($"Data Source={full}" + (readOnly ? ";ACCESS_MODE=READ_ONLY" : ""));
        try { connection.Open(); }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new StoreUnavailableException(full, Explain(e.Message), e);
        }
        var store = new AnalyticsStore(full, connection, readOnly);
        try { store.Migrate(); }
        catch { store.Dispose(); throw; }
        return store;
    }

    /// <summary>The schema version stored in the database.</summary>
    public int SchemaVersion => Convert.ToInt32(Scalar("SELECT coalesce(max(version), 0) FROM schema_version"));

    private void Migrate()
    {
        var hasVersionTable = Convert.ToInt64(Scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'schema_version'")) > 0;
        int version = hasVersionTable ? SchemaVersion : 0;
        if (!hasVersionTable && Convert.ToInt64(Scalar("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'")) > 0)
            throw new StoreUnavailableException(Path, "the file is a DuckDB database but not a SocialFusion store (it has tables and no schema_version)");
        if (version > AnalyticsSchema.CurrentVersion)
            throw new StoreUnavailableException(Path,
                $"the store has schema version {version}, newer than this build's {AnalyticsSchema.CurrentVersion}; use a newer SocialFusion");
        if (version == AnalyticsSchema.CurrentVersion) return;
        if (ReadOnly)
            throw new StoreUnavailableException(Path,
                $"the store has schema version {version} and needs migrating to {AnalyticsSchema.CurrentVersion}; open it writable once");
        using var tx = _connection.BeginTransaction();
        if (!hasVersionTable)
            Execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)");
        for (int v = version; v < AnalyticsSchema.CurrentVersion; v++)
        {
            Execute(AnalyticsSchema.Migrations[v]);
            Execute($"INSERT INTO schema_version VALUES ({v + 1}, now()::TIMESTAMP)");
        }
        tx.Commit();
    }

    /// <summary>Runs one statement (or several separated by ';'); returns the rows changed.</summary>
    public int Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, or null.</summary>
    public object? Scalar(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Rows in <paramref name="table"/> (one of <see cref="AnalyticsSchema.Tables"/>).</summary>
    public long Count(string table) => Convert.ToInt64(Scalar($"SELECT count(*) FROM {CheckTable(table)}"));

    /// <summary>Throws unless <paramref name="table"/> is a table of the schema; returns it for use in SQL.</summary>
    public static string CheckTable(string table) =>
        AnalyticsSchema.Tables.Contains(table)
            ? table
            : throw new ArgumentException($"unknown table '{table}'; the store has: {string.Join(", ", AnalyticsSchema.Tables)}");

    /// <summary>
    /// A fingerprint of the data analyses read (posts by content hash, follows, predictions): equal fingerprints mean
    /// the same data, so a stored result may be reused only while it matches.
    /// </summary>
    public string DataFingerprint() => Convert.ToString(Scalar("""
        SELECT concat_ws(':',
            (SELECT count(*) || '-' || coalesce(bit_xor(hash(post_id, content_hash)), 0) FROM posts),
            (SELECT count(*) || '-' || coalesce(bit_xor(hash(src, dst, weight)), 0) FROM follows),
            (SELECT count(*) || '-' || coalesce(bit_xor(hash(post_id, model, head, rank, label, probability)), 0) FROM predictions))
        """), System.Globalization.CultureInfo.InvariantCulture)!;

    private static void EnsureWritable(string full)
    {
        var folder = System.IO.Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder))
            throw new StoreUnavailableException(full, $"the folder {folder} does not exist");
        if (File.Exists(full))
        {
            // Honour the file's mode even for root (who may write anyway): a store made read-only is meant to stay so.
            if (!OperatingSystem.IsWindows() &&
                (File.GetUnixFileMode(full) & (UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0)
                throw new StoreUnavailableException(full, "the database file is read-only (no write permission); open it read-only, or make it writable");
            try { using var _ = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite); }
            catch (UnauthorizedAccessException) { throw new StoreUnavailableException(full, "the database file is read-only (open it read-only, or make it writable)"); }
            catch (IOException e) { throw new StoreUnavailableException(full, e.Message, e); }
        }
    }

    private static string Explain(string message)
    {
        if (message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase) || message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase))
            return "another process holds the database open (DuckDB allows one writer); close it and retry. DuckDB says: " + message;
        if (message.Contains("not a valid DuckDB database", StringComparison.OrdinalIgnoreCase) || message.Contains("Invalid Input Error", StringComparison.OrdinalIgnoreCase))
            return "the file is not a DuckDB database: " + message;
        return message;
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}

/// <summary>The store cannot be opened: locked, read-only, not a store, or from a newer schema. Nothing was changed.</summary>
public sealed class StoreUnavailableException(string path, string reason, Exception? inner = null)
    : Exception($"{path}: {reason}", inner)
{
    /// <summary>The database file.</summary>
    public string StorePath { get; } = path;
}
