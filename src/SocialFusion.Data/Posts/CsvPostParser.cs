using System.Globalization;

namespace SocialFusion.Data.Posts;

/// <summary>
/// Parses CSV posts: <see cref="CsvRecordReader"/> splits physical lines into records (so a malformed record costs
/// that record only), the first record is the header, and each later one becomes a post or a rejection.
/// </summary>
internal static class CsvPostParser
{
    public static readonly string[] Columns = ["id", "user_id", "created_at", "text", "images", "reply_to", "repost_of"];
    public const string LabelPrefix = "label.", EngagementPrefix = "engagement.";

    public static void Parse(IEnumerable<RawLine> lines, ReadSession session)
    {
        var reader = new CsvRecordReader(lines, session.Options.MaxLineBytes);
        string[]? header = null;
        string? unusable = null; // why no record can be read against the header
        foreach (var record in reader.Records())
        {
            Func<string> raw = record.Raw;
            if (header == null && unusable == null)
            {
                if (record.Problem is { } hp)
                {
                    unusable = $"the header (line {record.Line}) cannot be read";
                    session.Reject(record.Line, hp.Field, hp.Category, hp.Reason, raw);
                    continue;
                }
                header = record.Cells!;
                reader.Header = header;
                unusable = Header(header, record.Line, session, raw);
                continue;
            }
            if (record.Problem is { } p) session.Reject(record.Line, p.Field, p.Category, p.Reason, raw);
            else if (unusable != null) session.Reject(record.Line, null, "unusable header", $"record not read: {unusable}", raw);
            else
            {
                try { session.Accept(Fields(header!, record.Cells!), record.Line, raw); }
                catch (LineRejectedException e) { session.Reject(record.Line, e.Field, e.Category, e.Message, raw); }
            }
        }
        session.LinesRead = reader.LinesRead;
    }

    /// <summary>Reports header problems on its line; returns why records cannot be read, or null.</summary>
    private static string? Header(string[] header, long line, ReadSession session, Func<string> raw)
    {
        foreach (var missing in new[] { "id", "user_id", "created_at" }.Where(c => !header.Contains(c)))
            session.Reject(line, missing, "missing column", $"header has no required column '{missing}'", raw);
        string? unusable = null;
        var firstAt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < header.Length; i++)
        {
            if (!firstAt.TryAdd(header[i], i))
            {
                // Which of the two cells is the post's? Neither guess is safe, so no record is read.
                var why = $"column '{header[i]}' appears twice in the header (columns {firstAt[header[i]] + 1} and {i + 1})";
                session.Reject(line, header[i], "duplicate column", why, raw);
                unusable ??= why;
            }
        }
        session.Warn(line, header.Distinct(StringComparer.Ordinal)
            .Where(h => !Columns.Contains(h) && !h.StartsWith(LabelPrefix) && !h.StartsWith(EngagementPrefix))
            .Select(h => new FieldWarning(h, "unknown field", $"unknown column '{h}' ignored")).ToList(), raw);
        return unusable;
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
