namespace SocialFusion.Data.Posts;

/// <summary>A rejected line or a warning about a line.</summary>
/// <param name="File">Source file (or stream name).</param>
/// <param name="Line">1-based line number (CSV: first line of the record).</param>
/// <param name="Field">Field concerned, or null when the whole line is at fault.</param>
/// <param name="Reason">Human-readable reason.</param>
/// <param name="Raw">The line text, truncated to 2 KB, invalid UTF-8 bytes shown as \xNN.</param>
public sealed record RejectedRecord(string File, long Line, string? Field, string Reason, string Raw);

/// <summary>Everything <see cref="PostReader"/> produced from one file: nothing is dropped silently.</summary>
public sealed class PostReadResult
{
    internal PostReadResult(IReadOnlyList<Post> posts, IReadOnlyList<RejectedRecord> rejected,
        IReadOnlyList<RejectedRecord> warnings, long linesRead, IReadOnlyDictionary<string, int> reasonCounts, long accepted)
    {
        Posts = posts; Rejected = rejected; Warnings = warnings; LinesRead = linesRead; Accepted = accepted;
        var reasons = string.Join(", ", reasonCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} {kv.Value}"));
        Summary = $"read {linesRead} lines: {accepted} posts, {rejected.Count} rejected, {warnings.Count} warnings"
                  + (reasons.Length > 0 ? "; reasons: " + reasons : "");
    }

    /// <summary>Posts accepted (also those handed to a streaming reader's callback instead of <see cref="Posts"/>).</summary>
    public long Accepted { get; }
    /// <summary>Accepted posts, in file order (empty when read with <see cref="PostReader.Stream"/>).</summary>
    public IReadOnlyList<Post> Posts { get; }
    /// <summary>Rejected lines.</summary>
    public IReadOnlyList<RejectedRecord> Rejected { get; }
    /// <summary>Warnings (accepted posts that were changed, unknown fields, ...).</summary>
    public IReadOnlyList<RejectedRecord> Warnings { get; }
    /// <summary>Physical lines read (including empty and header lines).</summary>
    public long LinesRead { get; }
    /// <summary>One-line summary with counts per reason category.</summary>
    public string Summary { get; }
}
