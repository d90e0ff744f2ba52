namespace SocialFusion.Data.Posts;

/// <summary>A rejected line or a warning about a line.</summary>
/// <param name="File">Source file (or stream name).</param>
/// <param name="Line">1-based line number (CSV: first line of the record).</param>
/// <param name="Field">Field concerned, or null when the whole line is at fault.</param>
/// <param name="Reason">Human-readable reason.</param>
/// <param name="Raw">The line text, truncated to 2 KB, invalid UTF-8 bytes shown as \xNN.</param>
/// <remarks>A record with several warnings has one entry listing them (see <see cref="ForWarnings"/>).</remarks>
public sealed record RejectedRecord(string File, long Line, string? Field, string Reason, string Raw)
{
    /// <summary>Warnings listed per record; the rest are counted ("and 9990 more").</summary>
    public const int MaxWarningsListed = 10;
    private const int MaxReasonChars = 300;

    /// <summary>
    /// One entry for every warning about one record, so the side file grows with records, not warnings:
    /// the field when all concern one, the first <see cref="MaxWarningsListed"/> reasons, and how many more.
    /// </summary>
    internal static RejectedRecord ForWarnings(string file, long line, IReadOnlyList<FieldWarning> warnings, string raw)
    {
        var fields = warnings.Select(w => w.Field).Distinct(StringComparer.Ordinal).Take(2).ToList();
        var field = fields.Count == 1 ? Cap(fields[0]) : null;
        if (warnings.Count == 1) return new RejectedRecord(file, line, field, Cap(warnings[0].Reason), raw);
        var listed = warnings.Take(MaxWarningsListed).Select(w => Cap($"{w.Field}: {w.Reason}"));
        var more = warnings.Count - MaxWarningsListed;
        var reason = $"{warnings.Count} warnings: {string.Join(" | ", listed)}"
                     + (more > 0 ? $" | ... and {more} more ({Categories(warnings.Skip(MaxWarningsListed))})" : "");
        return new RejectedRecord(file, line, field, reason, raw);
    }

    private static string Categories(IEnumerable<FieldWarning> rest) =>
        string.Join(", ", rest.GroupBy(w => w.Category, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));

    private static string Cap(string s) => s.Length > MaxReasonChars ? s[..MaxReasonChars] + "..." : s;
}

/// <summary>Everything <see cref="PostReader"/> produced from one file: nothing is dropped silently.</summary>
public sealed class PostReadResult
{
    internal PostReadResult(IReadOnlyList<Post> posts, IReadOnlyList<RejectedRecord> rejected,
        IReadOnlyList<RejectedRecord> warnings, long warningCount, long linesRead, IReadOnlyDictionary<string, int> reasonCounts,
        long accepted)
    {
        Posts = posts; Rejected = rejected; Warnings = warnings; WarningCount = warningCount; LinesRead = linesRead; Accepted = accepted;
        var reasons = string.Join(", ", reasonCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} {kv.Value}"));
        Summary = $"read {linesRead} lines: {accepted} posts, {rejected.Count} rejected, {warningCount} warnings"
                  + (reasons.Length > 0 ? "; reasons: " + reasons : "");
    }

    /// <summary>Posts accepted (also those handed to a streaming reader's callback instead of <see cref="Posts"/>).</summary>
    public long Accepted { get; }
    /// <summary>Accepted posts, in file order (empty when read with <see cref="PostReader.Stream"/>).</summary>
    public IReadOnlyList<Post> Posts { get; }
    /// <summary>Rejected lines.</summary>
    public IReadOnlyList<RejectedRecord> Rejected { get; }
    /// <summary>Warnings (accepted posts that were changed, unknown fields, ...), one entry per record.</summary>
    public IReadOnlyList<RejectedRecord> Warnings { get; }
    /// <summary>Number of single warnings (a record's entry in <see cref="Warnings"/> may hold several).</summary>
    public long WarningCount { get; }
    /// <summary>Physical lines read (including empty and header lines).</summary>
    public long LinesRead { get; }
    /// <summary>One-line summary with counts per reason category.</summary>
    public string Summary { get; }
}
