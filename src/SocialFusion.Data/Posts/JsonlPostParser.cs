using System.Text;
using System.Text.Json;

namespace SocialFusion.Data.Posts;

/// <summary>Parses JSON Lines posts, one object per line.</summary>
internal static class JsonlPostParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

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
            try
            {
                session.Accept(Fields(text is null ? JsonDocument.Parse(json) : JsonDocument.Parse(text)), line.Number, raw);
            }
            catch (LineRejectedException e) { session.Reject(line.Number, e.Field, e.Category, e.Message, raw); }
            catch (JsonException e)
            {
                session.Reject(line.Number, null, "malformed JSON",
                    $"malformed JSON at byte {e.BytePositionInLine ?? 0}: {FirstSentence(e.Message)}", raw);
            }
        }
    }

    private static string FirstSentence(string message)
    {
        // The position is already reported in byte terms; the parser's own LineNumber (always 0 here) is noise.
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    private static PostFields Fields(JsonDocument document)
    {
        using var doc = document;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new LineRejectedException(null, "not an object", $"line is a JSON {Kind(root)}, expected an object");
        var f = new PostFields();
        foreach (var p in Properties(root, null))
            switch (p.Name)
            {
                case "id": f.Id = Str(p.Value, "id"); break;
                case "user_id": f.UserId = Str(p.Value, "user_id"); break;
                case "created_at": f.CreatedAt = Str(p.Value, "created_at"); break;
                case "text": f.Text = Text(p.Value, f.Warnings); break;
                case "reply_to": f.ReplyTo = Str(p.Value, "reply_to"); break;
                case "repost_of": f.RepostOf = Str(p.Value, "repost_of"); break;
                case "images": Images(p.Value, f); break;
                case "labels": Labels(p.Value, f); break;
                case "engagement": Engagement(p.Value, f); break;
                default:
                    f.Warnings.Add(new(Short(p.Name, 100), "unknown field", $"unknown field '{Short(p.Name, 100)}' ignored"));
                    break;
            }
        return f;
    }

    /// <summary>
    /// An object's properties, refusing a name given twice: JSON leaves duplicates undefined and readers differ
    /// (System.Text.Json keeps both, lookups find the last), so neither value can be trusted.
    /// </summary>
    private static IEnumerable<JsonProperty> Properties(JsonElement obj, string? parent)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in obj.EnumerateObject())
        {
            string name;
            try { name = p.Name; }
            catch (InvalidOperationException)
            {
                throw new LineRejectedException(parent, "lone surrogate",
                    $"a field name{(parent == null ? "" : " in " + parent)} contains a lone UTF-16 surrogate escape (half of an emoji or other pair)");
            }
            var path = parent == null ? name : parent + "." + name;
            if (!seen.Add(name)) throw new LineRejectedException(Short(path, 100), "duplicate key", $"key '{Short(path, 100)}' appears twice in the object");
            yield return p;
        }
    }

    private static void Images(JsonElement images, PostFields f)
    {
        if (images.ValueKind == JsonValueKind.Null) return;
        if (images.ValueKind != JsonValueKind.Array) throw WrongType("images", "an array of strings", images);
        int i = 0;
        foreach (var img in images.EnumerateArray())
        {
            if (img.ValueKind != JsonValueKind.String) throw WrongType($"images[{i}]", "a string", img);
            f.Images.Add(Str(img, $"images[{i}]")!);
            i++;
        }
    }

    private static void Labels(JsonElement labels, PostFields f)
    {
        if (labels.ValueKind == JsonValueKind.Null) return;
        if (labels.ValueKind != JsonValueKind.Object) throw WrongType("labels", "an object", labels);
        foreach (var p in Properties(labels, "labels"))
            f.Labels[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => Str(p.Value, "labels." + p.Name)!,
                // JSON number text is already culture-invariant.
                JsonValueKind.Number => p.Value.GetRawText(),
                _ => throw WrongType("labels." + p.Name, "a string or number", p.Value),
            };
    }

    private static void Engagement(JsonElement eng, PostFields f)
    {
        if (eng.ValueKind == JsonValueKind.Null) return;
        if (eng.ValueKind != JsonValueKind.Object) throw WrongType("engagement", "an object", eng);
        f.Engagement = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var p in Properties(eng, "engagement"))
        {
            if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetInt64(out var n) || n < 0)
                throw WrongType("engagement." + p.Name, "a non-negative integer", p.Value);
            f.Engagement[p.Name] = n;
        }
    }

    private static string? Str(JsonElement v, string name)
    {
        if (v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw WrongType(name, "a string", v);
        try { return v.GetString(); }
        catch (InvalidOperationException)
        {
            throw new LineRejectedException(name, "lone surrogate",
                $"{name} contains a lone UTF-16 surrogate escape ({LoneSurrogate(v.GetRawText())}), half of an emoji or other pair");
        }
    }

    /// <summary>
    /// Post text with half an emoji (a lone surrogate escape, typically text cut upstream) is repaired, not
    /// rejected: the lone half becomes U+FFFD with a warning. Identifiers, paths and labels are never altered.
    /// </summary>
    private static string? Text(JsonElement v, List<FieldWarning> warnings)
    {
        try { return Str(v, "text"); }
        catch (LineRejectedException e) when (e.Category == "lone surrogate")
        {
            var repaired = ReplaceLoneSurrogates(v.GetRawText(), out var count);
            warnings.Add(new("text", "lone surrogate",
                $"text contains {count} lone UTF-16 surrogate escape(s) ({LoneSurrogate(v.GetRawText())}); replaced with U+FFFD"));
            return JsonSerializer.Deserialize<string>(repaired);
        }
    }

    /// <summary>Replaces every \uD800-\uDFFF escape that is not half of a high-low pair with \uFFFD in JSON string text.</summary>
    private static string ReplaceLoneSurrogates(string json, out int count)
    {
        var sb = new StringBuilder(json.Length);
        count = 0;
        for (int i = 0; i < json.Length; i++)
        {
            if (json[i] != '\\' || i + 1 >= json.Length) { sb.Append(json[i]); continue; }
            if (json[i + 1] != 'u' || !Escape(json, i, out var unit)) { sb.Append(json, i, 2); i++; continue; }
            if (char.IsHighSurrogate(unit) && Escape(json, i + 6, out var low) && char.IsLowSurrogate(low))
            {
                sb.Append(json, i, 12); i += 11; continue;
            }
            if (char.IsSurrogate(unit)) { sb.Append("\\uFFFD"); count++; }
            else sb.Append(json, i, 6);
            i += 5;
        }
        return sb.ToString();
    }

    private static string LoneSurrogate(string json)
    {
        for (int i = 0; i + 1 < json.Length; i++)
        {
            if (json[i] != '\\') continue;
            if (json[i + 1] == 'u' && Escape(json, i, out var unit))
            {
                if (char.IsHighSurrogate(unit) && Escape(json, i + 6, out var low) && char.IsLowSurrogate(low)) { i += 11; continue; }
                if (char.IsSurrogate(unit)) return json.Substring(i, 6);
                i += 5;
            }
            else i++;
        }
        return "?";
    }

    /// <summary>True when json[at..] is a \uXXXX escape; <paramref name="unit"/> is its UTF-16 unit.</summary>
    private static bool Escape(string json, int at, out char unit)
    {
        unit = '\0';
        if (at + 6 > json.Length || json[at] != '\\' || json[at + 1] != 'u') return false;
        if (!ushort.TryParse(json.AsSpan(at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var u)) return false;
        unit = (char)u;
        return true;
    }

    private static LineRejectedException WrongType(string field, string expected, JsonElement got) =>
        new(field, "wrong type", $"{field} must be {expected}, got {Kind(got)} {Short(got.GetRawText(), 40)}");

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLowerInvariant();
    private static string Short(string s, int max) => s.Length > max ? s[..max] + "..." : s;
}
