using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Privacy;

namespace SocialFusion.Analytics.Store;

/// <summary>What an export or import moved.</summary>
public sealed record TransferReport(string Table, string File, long Rows, bool Pseudonymized);

/// <summary>
/// <c>socialfusion export</c> / <c>import</c>: any table of the store to or from a Parquet file with DuckDB's COPY.
/// Exports leave the store, so unless <c>raw</c> is asked for, every user column is replaced by the user's keyed
/// pseudonym (<see cref="Pseudonymizer"/>) and @mentions in post text by [MENTION]; the data owner's own raw copy
/// (<c>--raw</c>) keeps the ids. An import of posts or follows rebuilds users and post_edges.
/// </summary>
public static class ParquetTransfer
{
    /// <summary>User columns per table: what a pseudonymized export replaces.</summary>
    public static IReadOnlyDictionary<string, string[]> UserColumns { get; } = new Dictionary<string, string[]>
    {
        ["posts"] = ["user_id"], ["users"] = ["user_id"], ["follows"] = ["src", "dst"],
        ["post_edges"] = ["child_user_id", "parent_user_id"], ["user_features"] = ["user_id"],
        ["user_segments"] = ["user_id"], ["recommendations"] = ["user_id"], ["post_topics"] = ["user_id"],
    };

    /// <summary>Writes <paramref name="table"/> to <paramref name="outPath"/> (Parquet, zstd); pseudonymized unless <paramref name="pseudonyms"/> is null.</summary>
    public static TransferReport Export(AnalyticsStore store, string table, string outPath, Pseudonymizer? pseudonyms)
    {
        AnalyticsStore.CheckTable(table);
        var full = Path.GetFullPath(outPath);
        if (string.Equals(full, store.Path, StringComparison.Ordinal)) throw new ArgumentException($"{full}: refusing to write over the database");
        var select = $"SELECT * FROM {table}";
        if (pseudonyms is not null)
        {
            pseudonyms.FillPseudonymTable(store);
            var replaced = new List<string>();
            foreach (var column in UserColumns.GetValueOrDefault(table) ?? [])
                replaced.Add($"(SELECT pseudonym FROM pseudonyms p WHERE p.user_id = t.{column}) AS {column}");
            if (table == "posts") replaced.Add(@"regexp_replace(t.text, '(^|[^\w@])@\w{1,30}', '\1[MENTION]', 'g') AS text");
            if (replaced.Count > 0) select = $"SELECT * REPLACE ({string.Join(", ", replaced)}) FROM {table} t";
        }
        store.Execute($"COPY ({select}) TO '{Escape(full)}' (FORMAT parquet, COMPRESSION zstd)");
        return new TransferReport(table, full, store.Count(table), pseudonyms is not null);
    }

    /// <summary>
    /// Loads <paramref name="inPath"/> into <paramref name="table"/> (columns matched by name; every column of the
    /// table must be in the file). A table that already has rows is only replaced when <paramref name="replace"/> is
    /// set, so an import never silently duplicates keys. One transaction: a failed import changes nothing.
    /// </summary>
    public static TransferReport Import(AnalyticsStore store, string table, string inPath, bool replace)
    {
        AnalyticsStore.CheckTable(table);
        var full = Path.GetFullPath(inPath);
        if (!File.Exists(full)) throw new FileNotFoundException($"{full} does not exist", full);
        var source = $"read_parquet('{Escape(full)}')";
        var fileColumns = Column(store, $"SELECT column_name FROM (DESCRIBE SELECT * FROM {source})");
        var tableColumns = Column(store, $"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' AND table_schema = 'main' ORDER BY ordinal_position");
        var missing = tableColumns.Except(fileColumns).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"{full} cannot be imported into {table}: it has no column {string.Join(", ", missing)}");
        var existing = store.Count(table);
        if (existing > 0 && !replace)
            throw new InvalidOperationException($"table {table} already has {existing} rows; pass --replace to replace them with {full}");
        long rows;
        using (var tx = store.Connection.BeginTransaction())
        {
            store.Execute($"DELETE FROM {table}");
            rows = store.Execute($"INSERT INTO {table} BY NAME SELECT {string.Join(", ", tableColumns)} FROM {source}");
            if (table is "posts" or "follows") StoreMerge.RefreshDerived(store);
            tx.Commit();
        }
        return new TransferReport(table, full, rows, false);
    }

    private static List<string> Column(AnalyticsStore store, string sql)
    {
        using var command = store.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    internal static string Escape(string s) => s.Replace("'", "''");
}
