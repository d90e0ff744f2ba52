using System.Text;
using System.Text.Json;

namespace SocialFusion.Data.Posts;

/// <summary>Parses JSON Lines posts, one object per line.</summary>
internal static class JsonlPostParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
        { "id", "user_id", "created_at", "text", "images", "labels", "reply_to", "repost_of", "engagement" };

    public static void Parse(IEnumerable<RawLine> lines, ReadSession session)
    {
        foreach (var line in lines)
        {
            session.LinesRead = line.Number;
            var bytes = line.Bytes;
            string raw() => LineSource.Display(bytes);
            if (line.Oversized)
            {
                session.Reject(line.Number, null, "line too long",
                    $"line has more than {session.Options.MaxLineBytes} bytes (limit MaxLineBytes)", raw);
                continue;
            }
            // Fast path: valid UTF-8 starting with an ASCII character is parsed from its bytes (no string round trip).
            ReadOnlyMemory<byte> json = line.Bytes;
            int first = json.Span.IndexOfAnyExcept(" \t\r\f\v"u8);
            if (first < 0) continue;
            string? text = null;
            if (json.Span[first] >= 0x80 || !System.Text.Unicode.Utf8.IsValid(json.Span))
            {
                try { text = StrictUtf8.GetString(line.Bytes); }
                catch (DecoderFallbackException e)
                {
                    session.Reject(line.Number, null, "invalid UTF-8", $"invalid UTF-8 byte at byte offset {e.Index} of the line", raw);
                    continue;
                }
                text = text.TrimEnd('\r');
                if (string.IsNullOrWhiteSpace(text)) continue;
            }
            else if (json.Span[^1] == (byte)'\r') json = json[..^1];
            List<string>? unknown = null;
            try
            {
                session.Accept(text is null ? Fields(JsonDocument.Parse(json), ref unknown) : Fields(JsonDocument.Parse(text), ref unknown), line.Number, raw);
            }
            catch (LineRejectedException e) { session.Reject(line.Number, e.Field, e.Category, e.Message, raw); }
            catch (JsonException e)
            {
                session.Reject(line.Number, null, "malformed JSON",
                    $"malformed JSON at byte {e.BytePositionInLine ?? 0}: {FirstSentence(e.Message)}", raw);
            }
            foreach (var w in unknown ?? [])
                session.Warn(line.Number, w, "unknown field", $"unknown field '{w}' ignored", raw);
        }
    }

    private static string FirstSentence(string message)
    {
        // The position is already reported in byte terms; the parser's own LineNumber (always 0 here) is noise.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static PostFields Fields(JsonDocument document, ref List<string>? unknown)
    {
        using var doc = document;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new LineRejectedException(null, "not an object", $"line is a JSON {Kind(root)}, expected an object");
        var f = new PostFields
        {
            Id = Str(root, "id"), UserId = Str(root, "user_id"), CreatedAt = Str(root, "created_at"), Text = Str(root, "text"),
            ReplyTo = Str(root, "reply_to"), RepostOf = Str(root, "repost_of"),
        };
        foreach (var p in root.EnumerateObject())
            if (!Known.Contains(p.Name)) (unknown ??= []).Add(p.Name);
        if (root.TryGetProperty("images", out var images) && images.ValueKind != JsonValueKind.Null)
        {
            if (images.ValueKind != JsonValueKind.Array) throw WrongType("images", "an array of strings", images);
            int i = 0;
            foreach (var img in images.EnumerateArray())
            {
                if (img.ValueKind != JsonValueKind.String) throw WrongType($"images[{i}]", "a string", img);
                f.Images.Add(img.GetString()!);
                i++;
            }
        }
        if (root.TryGetProperty("labels", out var labels) && labels.ValueKind != JsonValueKind.Null)
        {
            if (labels.ValueKind != JsonValueKind.Object) throw WrongType("labels", "an object", labels);
            foreach (var p in labels.EnumerateObject())
                f.Labels[p.Name] = p.Value.ValueKind switch
                {
                    JsonValueKind.String => p.Value.GetString()!,
                    // JSON number text is already culture-invariant.
                    JsonValueKind.Number => p.Value.GetRawText(),
                    _ => throw WrongType("labels." + p.Name, "a string or number", p.Value),
                };
        }
        if (root.TryGetProperty("engagement", out var eng) && eng.ValueKind != JsonValueKind.Null)
        {
            if (eng.ValueKind != JsonValueKind.Object) throw WrongType("engagement", "an object", eng);
            f.Engagement = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var p in eng.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out var n) || n < 0)
                    throw WrongType("engagement." + p.Name, "a non-negative integer", p.Value);
                f.Engagement[p.Name] = n;
            }
        }
        return f;
    }

    private static string? Str(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw WrongType(name, "a string", v);
    }

    private static LineRejectedException WrongType(string field, string expected, JsonElement got) =>
        new(field, "wrong type", $"{field} must be {expected}, got {Kind(got)} {Short(got.GetRawText())}");

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
    private static string Short(string s) => s.Length > 40 ? s[..40] + "..." : s;
}
