using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SocialFusion.Data.Images;

namespace SocialFusion.Data.Posts;

/// <summary>A post's fields as found on disk, before validation (shared by the JSONL and CSV parsers).</summary>
internal sealed class PostFields
{
    public string? Id, UserId, CreatedAt, Text, ReplyTo, RepostOf;
    public List<string> Images { get; } = [];
    public Dictionary<string, string> Labels { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, long>? Engagement;
    /// <summary>Problems the parser fixed or ignored (unknown fields, repaired text); kept only if the post is accepted.</summary>
    public List<FieldWarning> Warnings { get; } = [];
}

/// <summary>One warning about one field of a record.</summary>
internal readonly record struct FieldWarning(string Field, string Category, string Reason);

/// <summary>Thrown by parsers for a field that makes the whole line unusable.</summary>
/// <param name="field">Offending field, or null.</param>
/// <param name="category">Short category for the summary ("bad created_at").</param>
/// <param name="reason">Human-readable reason.</param>
internal sealed class LineRejectedException(string? field, string category, string reason) : Exception(reason)
{
    public string? Field { get; } = field;
    public string Category { get; } = category;
}

/// <summary>Accumulates the outcome of one read: validation shared by both formats, duplicates, counts.</summary>
internal sealed partial class ReadSession(string file, string baseFolder, PostReadOptions options, Action<Post>? sink = null)
{
    private readonly List<Post> _posts = [];
    private readonly List<RejectedRecord> _rejected = [], _warnings = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _firstLine = new(StringComparer.Ordinal);
    private long _warningCount;

    public PostReadOptions Options => options;
    public long LinesRead { get; set; }
    private long _accepted;

    public void Reject(long line, string? field, string category, string reason, Func<string> raw)
    {
        _rejected.Add(new RejectedRecord(file, line, field, reason, raw()));
        Count(category);
    }

    /// <summary>Records the warnings about one record as one side-file entry, however many there are.</summary>
    public void Warn(long line, IReadOnlyList<FieldWarning> warnings, Func<string> raw)
    {
        if (warnings.Count == 0) return;
        _warnings.Add(RejectedRecord.ForWarnings(file, line, warnings, raw()));
        foreach (var w in warnings) Count(w.Category);
        _warningCount += warnings.Count;
    }

    private void Count(string category) => _counts[category] = _counts.GetValueOrDefault(category) + 1;

    public PostReadResult Result() => new(_posts, _rejected, _warnings, _warningCount, LinesRead, _counts, _accepted);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();

    /// <summary>Validates <paramref name="f"/>; adds the post or a rejection, plus any warnings.</summary>
    /// <remarks>The raw text is only rendered for lines that need it: most lines are fine.</remarks>
    public void Accept(PostFields f, long line, Func<string> raw)
    {
        var pending = f.Warnings;
        try
        {
            var post = Validate(f, line, pending);
            Warn(line, pending, raw);
            _firstLine[post.Id] = line;
            _accepted++;
            if (sink != null) sink(post); else _posts.Add(post);
        }
        catch (LineRejectedException e)
        {
            Reject(line, e.Field, e.Category, e.Message, raw);
        }
    }

    private Post Validate(PostFields f, long line, List<FieldWarning> warnings)
    {
        var id = Id(Required(f.Id, "id"), "id");
        var userId = Id(Required(f.UserId, "user_id"), "user_id");
        var createdText = Required(f.CreatedAt, "created_at");
        var m = Iso8601().Match(createdText);
        if (!m.Success || !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
            throw new LineRejectedException("created_at", "bad created_at",
                $"created_at '{createdText}' is not an ISO 8601 date-time like 2024-03-05T08:15:00+01:00");
        if (!m.Groups["offset"].Success)
            warnings.Add(new("created_at", "created_at without offset", $"created_at '{createdText}' has no offset; assumed UTC"));
        // Characters are Unicode code points (an emoji is one, not two UTF-16 units); length is an upper bound.
        if (f.Text != null && f.Text.Length > options.MaxTextChars && f.Text.EnumerateRunes().Count() is var chars && chars > options.MaxTextChars)
            throw new LineRejectedException("text", "text too long", $"text has {chars} characters, more than the limit {options.MaxTextChars}");
        var labels = Labels(f.Labels, warnings);
        if (_firstLine.TryGetValue(id, out var first))
            throw new LineRejectedException("id", "duplicate id", $"duplicate id '{id}': first seen on line {first}");
        return new Post(id, userId, created, f.Text, Images(f.Images, warnings), labels,
            Reference(f.ReplyTo, "reply_to"), Reference(f.RepostOf, "repost_of"), f.Engagement);
    }

    /// <summary>Label values in normal form (<see cref="Post.NormalizeLabel"/>); a blank value means no label.</summary>
    private Dictionary<string, string> Labels(Dictionary<string, string> raw, List<FieldWarning> warnings)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in raw)
        {
            if (Post.NormalizeLabel(value) is not { } v)
            {
                warnings.Add(new("labels." + name, "empty label", $"label {name} is empty; read as no {name} label"));
                continue;
            }
            if (options.AllowedLabelValues != null && options.AllowedLabelValues.TryGetValue(name, out var allowed)
                && !allowed.Any(a => Post.NormalizeLabel(a) == v))
                throw new LineRejectedException("labels." + name, "unknown label value",
                    $"label {name} = '{v}' is not one of the allowed values ({string.Join(", ", allowed.Order(StringComparer.Ordinal))})");
            labels[name] = v;
        }
        return labels;
    }

    private List<string> Images(List<string> paths, List<FieldWarning> warnings)
    {
        var kept = new List<string>();
        for (int i = 0; i < paths.Count; i++)
        {
            var field = $"images[{i}]";
            if (i >= options.MaxImagesPerPost)
            {
                warnings.Add(new("images", "too many images",
                    $"{paths.Count} images, more than the limit {options.MaxImagesPerPost}; images {options.MaxImagesPerPost}..{paths.Count - 1} dropped"));
                break;
            }
            if (string.IsNullOrWhiteSpace(paths[i]))
            {
                Problem(field, "bad image path", "image path is empty");
                continue;
            }
            // No file system accepts NUL in a name (and .NET's path functions throw on it).
            if (paths[i].IndexOf('\0') is var nul and >= 0)
            {
                Problem(field, "bad image path", $"image path contains a NUL character (\\u0000) at position {nul}");
                continue;
            }
            string full;
            try { full = Path.GetFullPath(Path.Combine(baseFolder, paths[i])); }
            catch (Exception e) when (e is ArgumentException or PathTooLongException or NotSupportedException)
            {
                Problem(field, "bad image path", $"image path is not a valid path: {e.Message}");
                continue;
            }
            if (options.RequireImageFiles && !File.Exists(full))
            {
                Problem(field, "missing image", $"image file not found: {full}");
                continue;
            }
            if (options.DecodeImages && !ImageDecoder.TryDecode(full, out _, out var why, options.ImageDecode))
            {
                Problem(field, "undecodable image", $"image cannot be decoded: {why}");
                continue;
            }
            kept.Add(full);
        }
        return kept;

        void Problem(string field, string category, string reason)
        {
            if (options.MissingImage == MissingImagePolicy.Reject) throw new LineRejectedException(field, category, reason);
            warnings.Add(new(field, category, reason + "; image dropped"));
        }
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new LineRejectedException(field, "missing " + field, $"required field {field} is missing or empty")
            : value;

    /// <summary>
    /// Ids are compared byte for byte across files (replies, reposts, splits), so an id that only differs by a space
    /// or a control character is a different id: such a record is rejected rather than silently altered.
    /// </summary>
    private static string Id(string value, string field)
    {
        if (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
            throw new LineRejectedException(field, "bad " + field, $"{field} '{value}' has leading or trailing whitespace");
        foreach (var c in value)
            if (char.IsControl(c))
                throw new LineRejectedException(field, "bad " + field, $"{field} contains the control character U+{(int)c:X4}");
        return value;
    }

    private static string? Reference(string? value, string field) => string.IsNullOrEmpty(value) ? null : Id(value, field);
}
