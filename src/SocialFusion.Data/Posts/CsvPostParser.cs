using System.Globalization;
using System.Text;
using CsvHelper;

namespace SocialFusion.Data.Posts;

/// <summary>
/// Parses CSV posts. Physical lines are joined into records while a quoted field is open, so each record
/// is checked (size, UTF-8) before CsvHelper splits it into fields.
/// </summary>
internal static class CsvPostParser
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static readonly string[] Columns = ["id", "user_id", "created_at", "text", "images", "reply_to", "repost_of"];
    public const string LabelPrefix = "label.", EngagementPrefix = "engagement.";

    public static void Parse(IEnumerable<RawLine> lines, ReadSession session)
    {
        string[]? header = null;
        var record = new StringBuilder();
        long recordLine = 0, recordBytes = 0, quotes = 0;
        var bad = (string?)null;
        var rawLines = new List<byte[]>();
        string raw()
        {
            var text = string.Join("\n", rawLines.Select(b => LineSource.Display(b)));
            return text.Length > 2048 ? text[..2048] : text;
        }
        foreach (var line in lines)
        {
            session.LinesRead = line.Number;
            if (record.Length == 0 && bad == null) { recordLine = line.Number; recordBytes = 0; rawLines.Clear(); }
            recordBytes += line.Length + 1;
            if (rawLines.Sum(b => b.Length) < 2048) rawLines.Add(line.Bytes);
            if (bad == null && (line.Oversized || recordBytes > session.Options.MaxLineBytes))
                bad = $"record has more than {session.Options.MaxLineBytes} bytes (limit MaxLineBytes)";
            if (bad == null)
            {
                try { record.Append(record.Length > 0 ? "\n" : "").Append(StrictUtf8.GetString(line.Bytes)); }
                catch (DecoderFallbackException e) { bad = $"invalid UTF-8 byte at byte offset {e.Index} of line {line.Number}"; }
            }
            // An odd number of quotes so far means a quoted field continues on the next line.
            // (A bad record ends at its physical line so an open quote cannot swallow the rest of the file.)
            quotes += line.Bytes.Count(b => b == (byte)'"');
            if (bad == null && quotes % 2 == 1) continue;
            quotes = 0;
            if (bad != null)
            {
                session.Reject(recordLine, null, bad.StartsWith("invalid") ? "invalid UTF-8" : "line too long", bad, raw);
                bad = null; record.Clear();
                continue;
            }
            var text = record.ToString().TrimEnd('\r');
            record.Clear();
            if (string.IsNullOrWhiteSpace(text)) continue;
            var cells = Split(text);
            if (header == null)
            {
                header = cells;
                foreach (var missing in new[] { "id", "user_id", "created_at" }.Where(c => !header.Contains(c)))
                    session.Reject(recordLine, missing, "missing column", $"header has no required column '{missing}'", raw);
                foreach (var unknown in header.Where(h => !Columns.Contains(h) && !h.StartsWith(LabelPrefix) && !h.StartsWith(EngagementPrefix)))
                    session.Warn(recordLine, unknown, "unknown field", $"unknown column '{unknown}' ignored", raw);
                continue;
            }
            try { session.Accept(Fields(header, cells), recordLine, raw); }
            catch (LineRejectedException e) { session.Reject(recordLine, e.Field, e.Category, e.Message, raw); }
        }
        if (record.Length > 0)
            session.Reject(recordLine, null, "unterminated quote", "quoted field is not closed before the end of the file", raw);
    }

    private static string[] Split(string text)
    {
        using var parser = new CsvParser(new StringReader(text), CultureInfo.InvariantCulture);
        if (!parser.Read()) return [];
        var cells = parser.Record ?? [];
        if (parser.Read()) throw new LineRejectedException(null, "malformed CSV", "record splits into more than one CSV row");
        return cells;
    }

    private static PostFields Fields(string[] header, string[] cells)
    {
        if (cells.Length != header.Length)
            throw new LineRejectedException(null, "wrong column count", $"record has {cells.Length} fields, the header has {header.Length}");
        var f = new PostFields();
        for (int i = 0; i < header.Length; i++)
        {
            var name = header[i];
            var v = cells[i];
            if (v.Length == 0) continue;
            switch (name)
            {
                case "id": f.Id = v; break;
                case "user_id": f.UserId = v; break;
                case "created_at": f.CreatedAt = v; break;
                case "text": f.Text = v; break;
                case "reply_to": f.ReplyTo = v; break;
                case "repost_of": f.RepostOf = v; break;
                case "images": f.Images.AddRange(v.Split('|')); break;
                default:
                    if (name.StartsWith(LabelPrefix, StringComparison.Ordinal)) f.Labels[name[LabelPrefix.Length..]] = v;
                    else if (name.StartsWith(EngagementPrefix, StringComparison.Ordinal))
                    {
                        if (!long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
                            throw new LineRejectedException(name, "wrong type", $"{name} must be a non-negative integer, got '{v}'");
                        (f.Engagement ??= new(StringComparer.Ordinal))[name[EngagementPrefix.Length..]] = n;
                    }
                    break;
            }
        }
        return f;
    }
}
