using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;

namespace SocialFusion.Data.Posts;

/// <summary>Writes posts in the formats <see cref="PostReader"/> reads; Read(Write(x)) gives x back.</summary>
public static class PostWriter
{
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes JSON Lines; image paths inside the output folder are written relative to it.</summary>
    public static void WriteJsonl(IEnumerable<Post> posts, string path)
    {
        var folder = Folder(path);
        using var stream = File.Create(path);
        foreach (var p in posts)
        {
            using (var w = new Utf8JsonWriter(stream, Json))
            {
                w.WriteStartObject();
                w.WriteString("id", p.Id);
                w.WriteString("user_id", p.UserId);
                w.WriteString("created_at", Timestamp(p.CreatedAt));
                if (p.Text == null) w.WriteNull("text"); else w.WriteString("text", p.Text);
                w.WriteStartArray("images");
                foreach (var img in p.Images) w.WriteStringValue(Relative(folder, img));
                w.WriteEndArray();
                w.WriteStartObject("labels");
                foreach (var (k, v) in p.Labels) w.WriteString(k, v);
                w.WriteEndObject();
                if (p.ReplyTo == null) w.WriteNull("reply_to"); else w.WriteString("reply_to", p.ReplyTo);
                if (p.RepostOf == null) w.WriteNull("repost_of"); else w.WriteString("repost_of", p.RepostOf);
                if (p.Engagement == null) w.WriteNull("engagement");
                else
                {
                    w.WriteStartObject("engagement");
                    foreach (var (k, v) in p.Engagement) w.WriteNumber(k, v);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            stream.WriteByte((byte)'\n');
        }
    }

    /// <summary>
    /// Writes CSV with the fixed columns plus one <c>label.*</c> / <c>engagement.*</c> column per name used by any post.
    /// CSV cannot tell an empty text from none, so empty text is read back as null.
    /// </summary>
    public static void WriteCsv(IEnumerable<Post> posts, string path)
    {
        var all = posts as IReadOnlyList<Post> ?? posts.ToList();
        var folder = Folder(path);
        var labels = all.SelectMany(p => p.Labels.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var engagement = all.SelectMany(p => p.Engagement?.Keys ?? []).Distinct().Order(StringComparer.Ordinal).ToList();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        using var csv = new CsvWriter(writer, new CsvHelper.Configuration.CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\n" });
        foreach (var c in CsvPostParser.Columns) csv.WriteField(c);
        foreach (var l in labels) csv.WriteField(CsvPostParser.LabelPrefix + l);
        foreach (var e in engagement) csv.WriteField(CsvPostParser.EngagementPrefix + e);
        csv.NextRecord();
        foreach (var p in all)
        {
            var images = p.Images.Select(i => Relative(folder, i)).ToList();
            if (images.FirstOrDefault(i => i.Contains('|')) is { } bad)
                throw new ArgumentException($"post {p.Id}: image path '{bad}' contains '|', which CSV uses as the separator; write JSONL instead");
            csv.WriteField(p.Id); csv.WriteField(p.UserId); csv.WriteField(Timestamp(p.CreatedAt)); csv.WriteField(p.Text ?? "");
            csv.WriteField(string.Join('|', images)); csv.WriteField(p.ReplyTo ?? ""); csv.WriteField(p.RepostOf ?? "");
            foreach (var l in labels) csv.WriteField(p.Label(l) ?? "");
            foreach (var e in engagement)
                csv.WriteField(p.Engagement != null && p.Engagement.TryGetValue(e, out var n) ? n.ToString(CultureInfo.InvariantCulture) : "");
            csv.NextRecord();
        }
    }

    private static string Timestamp(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static string Folder(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

    private static string Relative(string folder, string image)
    {
        var full = Path.GetFullPath(image, folder);
        var rel = Path.GetRelativePath(folder, full);
        return rel.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(rel) ? full : rel;
    }
}
