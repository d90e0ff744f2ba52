using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialFusion.Data.Posts;

/// <summary>Writes rejections and warnings to a JSONL side file so nothing is dropped silently.</summary>
public static class RejectedRecordWriter
{
    /// <summary>
    /// Writes one object per record: <c>{"kind":"rejected"|"warning","file","line","field","reason","raw"}</c>,
    /// rejections first, each group in file order.
    /// </summary>
    public static void Write(string path, PostReadResult result) => Write(path, result.Rejected, result.Warnings);

    /// <summary>Writes <paramref name="rejected"/> then <paramref name="warnings"/> in the same format (for other line-based inputs).</summary>
    public static void Write(string path, IReadOnlyList<RejectedRecord> rejected, IReadOnlyList<RejectedRecord> warnings)
    {
        using var stream = File.Create(path);
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (var (kind, records) in new[] { ("rejected", rejected), ("warning", warnings) })
            foreach (var r in records)
            {
                using (var w = new Utf8JsonWriter(stream, options))
                {
                    w.WriteStartObject();
                    w.WriteString("kind", kind);
                    w.WriteString("file", r.File);
                    w.WriteNumber("line", r.Line);
                    if (r.Field == null) w.WriteNull("field"); else w.WriteString("field", r.Field);
                    w.WriteString("reason", r.Reason);
                    w.WriteString("raw", r.Raw);
                    w.WriteEndObject();
                }
                stream.WriteByte((byte)'\n');
            }
    }
}
