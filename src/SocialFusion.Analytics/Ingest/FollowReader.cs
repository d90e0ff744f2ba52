using System.Globalization;
using SocialFusion.Data.Posts;

namespace SocialFusion.Analytics.Ingest;

/// <summary>One follow edge: <paramref name="Src"/> follows <paramref name="Dst"/>.</summary>
public sealed record FollowEdge(string Src, string Dst, double? Weight, DateTime? CreatedAtUtc);

/// <summary>What <see cref="FollowReader"/> made of a follow file.</summary>
public sealed record FollowReadResult(long LinesRead, long Accepted, IReadOnlyList<RejectedRecord> Rejected, IReadOnlyList<RejectedRecord> Warnings);

/// <summary>
/// Reads a follow-edge CSV (format: <c>docs/data-format.md</c>, "Follow edges"): a header naming the columns
/// <c>follower</c>, <c>followee</c> (or <c>src</c>, <c>dst</c>) and optionally <c>weight</c> and <c>created_at</c>; one
/// edge per line. Streaming; a bad line costs that line only, with file, line, field and reason like posts.
/// Self-loops and repeated edges are rejected (the first occurrence of an edge is kept).
/// </summary>
public static class FollowReader
{
    /// <summary>Reads <paramref name="path"/>, handing each accepted edge to <paramref name="onEdge"/>.</summary>
    public static FollowReadResult Read(string path, Action<FollowEdge> onEdge)
    {
        var full = Path.GetFullPath(path);
        var rejected = new List<RejectedRecord>();
        var warnings = new List<RejectedRecord>();
        var seen = new Dictionary<(string, string), long>();
        using var reader = new StreamReader(full, detectEncodingFromByteOrderMarks: true);
        long lineNo = 0, accepted = 0;
        int src = -1, dst = -1, weight = -1, created = -1, columns = 0;
        bool headerOk = false;
        string? line;
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            void Reject(string? field, string reason) => rejected.Add(new RejectedRecord(full, lineNo, field, reason, Truncate(line)));
            var cells = Split(line);
            if (cells is null) { Reject(null, "unbalanced quotes (follow files have one edge per line)"); continue; }
            if (columns == 0)
            {
                columns = cells.Count;
                for (int i = 0; i < cells.Count; i++)
                    switch (cells[i].Trim().ToLowerInvariant())
                    {
                        case "follower" or "src": src = i; break;
                        case "followee" or "dst": dst = i; break;
                        case "weight": weight = i; break;
                        case "created_at": created = i; break;
                        default: warnings.Add(new RejectedRecord(full, lineNo, cells[i], $"unknown column '{cells[i]}' ignored", Truncate(line))); break;
                    }
                headerOk = src >= 0 && dst >= 0;
                if (!headerOk) Reject(src < 0 ? "follower" : "followee", "header has no 'follower' and 'followee' (or 'src' and 'dst') column; every edge is rejected");
                continue;
            }
            if (!headerOk) { Reject(null, "no usable header"); continue; }
            if (cells.Count != columns) { Reject(null, $"record has {cells.Count} fields, the header has {columns}"); continue; }
            var a = cells[src].Trim();
            var b = cells[dst].Trim();
            if (a.Length == 0) { Reject("follower", "follower is empty"); continue; }
            if (b.Length == 0) { Reject("followee", "followee is empty"); continue; }
            if (a == b) { Reject("followee", $"self-loop: '{a}' follows itself"); continue; }
            double? w = null;
            if (weight >= 0 && cells[weight].Trim() is { Length: > 0 } wt)
            {
                if (!double.TryParse(wt, NumberStyles.Float, CultureInfo.InvariantCulture, out var wv) || !double.IsFinite(wv) || wv < 0)
                { Reject("weight", $"weight '{wt}' is not a finite non-negative number"); continue; }
                w = wv;
            }
            DateTime? at = null;
            if (created >= 0 && cells[created].Trim() is { Length: > 0 } ct)
            {
                if (!DateTimeOffset.TryParse(ct, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var cv) || !ct.Contains('T'))
                { Reject("created_at", $"created_at '{ct}' is not an ISO 8601 date-time like 2024-03-05T08:15:00+01:00"); continue; }
                at = cv.UtcDateTime;
            }
            if (seen.TryGetValue((a, b), out var first)) { Reject("followee", $"duplicate edge {a} -> {b}: first seen on line {first}"); continue; }
            seen[(a, b)] = lineNo;
            accepted++;
            onEdge(new FollowEdge(a, b, w, at));
        }
        if (columns == 0) rejected.Add(new RejectedRecord(full, 0, null, "the file is empty: no header", ""));
        return new FollowReadResult(lineNo, accepted, rejected, warnings);
    }

    private static string Truncate(string s) => s.Length > 2048 ? s[..2048] : s;

    /// <summary>RFC 4180 cells of one line; null when a quote is not closed.</summary>
    internal static List<string>? Split(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else if (c != '\r') cell.Append(c);
        }
        if (quoted) return null;
        cells.Add(cell.ToString());
        return cells;
    }
}
