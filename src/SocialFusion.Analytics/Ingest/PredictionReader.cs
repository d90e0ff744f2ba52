using System.Text.Json;
using SocialFusion.Data.Posts;

namespace SocialFusion.Analytics.Ingest;

/// <summary>One row of the predictions table: one label of one head's top-k for one post (rank 1 = best).</summary>
public sealed record PredictionRow(string PostId, string Head, short Rank, string? Label, double? Probability, double? Value, double? S, double? Alpha);

/// <summary>What <see cref="PredictionReader"/> made of a predictions file.</summary>
public sealed record PredictionReadResult(long LinesRead, long Posts, long Rows, IReadOnlyList<RejectedRecord> Rejected);

/// <summary>
/// Reads the JSON Lines that <c>socialfusion predict</c> writes. A location checkpoint writes
/// <c>{"post_id","top":[{"label","probability"}],"similarity","alpha"}</c> (stored under head <c>location</c>); a
/// multi-task checkpoint writes <c>{"post_id","heads":[{"head","top":[...],"value"}]}</c>. A bad line or a post id seen
/// before in the file is rejected with its line and reason; the rest is read.
/// </summary>
public static class PredictionReader
{
    /// <summary>Reads <paramref name="path"/>, handing every row to <paramref name="onRow"/>.</summary>
    public static PredictionReadResult Read(string path, Action<PredictionRow> onRow)
    {
        var full = Path.GetFullPath(path);
        var rejected = new List<RejectedRecord>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        using var reader = new StreamReader(full, detectEncodingFromByteOrderMarks: true);
        long lineNo = 0, posts = 0, rows = 0;
        string? line;
        var pending = new List<PredictionRow>();
        while ((line = reader.ReadLine()) != null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            pending.Clear();
            try
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"line is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, expected an object");
                var id = root.TryGetProperty("post_id", out var pid) && pid.ValueKind == JsonValueKind.String ? pid.GetString() : null;
                if (string.IsNullOrWhiteSpace(id)) throw new FieldException("post_id", "post_id is missing or not a string");
                if (seen.TryGetValue(id, out var first)) throw new FieldException("post_id", $"duplicate post_id '{id}': first seen on line {first}");
                if (root.TryGetProperty("heads", out var heads) && heads.ValueKind == JsonValueKind.Array)
                    foreach (var h in heads.EnumerateArray())
                    {
                        var head = h.TryGetProperty("head", out var hn) && hn.ValueKind == JsonValueKind.String ? hn.GetString()! : throw new FieldException("heads", "a head has no name");
                        Head(id, head, h, null, null, pending);
                    }
                else if (root.TryGetProperty("top", out _))
                    Head(id, "location", root, Number(root, "similarity"), Number(root, "alpha"), pending);
                else throw new FieldException(null, "neither 'top' nor 'heads': not a file written by socialfusion predict");
                seen[id] = lineNo;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                var field = e is FieldException fe ? fe.Field : null;
                var reason = e is JsonException ? "malformed JSON: " + e.Message.Split(" LineNumber:")[0] : e.Message;
                rejected.Add(new RejectedRecord(full, lineNo, field, reason, line.Length > 2048 ? line[..2048] : line));
                continue;
            }
            posts++;
            foreach (var row in pending) { onRow(row); rows++; }
        }
        return new PredictionReadResult(lineNo, posts, rows, rejected);
    }

    private static void Head(string id, string head, JsonElement e, double? s, double? alpha, List<PredictionRow> rows)
    {
        if (e.TryGetProperty("top", out var top) && top.ValueKind == JsonValueKind.Array)
        {
            short rank = 0;
            foreach (var t in top.EnumerateArray())
            {
                var label = t.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString() : throw new FieldException("top.label", $"head {head}: a label is missing");
                var p = Number(t, "probability") ?? throw new FieldException("top.probability", $"head {head}: label {label} has no probability");
                if (p is < 0 or > 1) throw new FieldException("top.probability", $"head {head}: probability {p} is outside [0, 1]");
                rows.Add(new PredictionRow(id, head, ++rank, label, p, null, s, alpha));
            }
        }
        else if (Number(e, "value") is double v) rows.Add(new PredictionRow(id, head, 1, null, null, v, s, alpha));
        else throw new FieldException("top", $"head {head} has neither top labels nor a value");
    }

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private sealed class FieldException(string? field, string message) : FormatException(message)
    {
        public string? Field { get; } = field;
    }
}
