using System.Globalization;
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
}

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

    public PostReadOptions Options => options;
    public long LinesRead { get; set; }
    private long _accepted;

    public void Reject(long line, string? field, string category, string reason, Func<string> raw)
    {
        _rejected.Add(new RejectedRecord(file, line, field, reason, raw()));
        Count(category);
    }

    public void Warn(long line, string? field, string category, string reason, Func<string> raw)
    {
        _warnings.Add(new RejectedRecord(file, line, field, reason, raw()));
        Count(category);
    }

    private void Count(string category) => _counts[category] = _counts.GetValueOrDefault(category) + 1;

    public PostReadResult Result() => new(_posts, _rejected, _warnings, LinesRead, _counts, _accepted);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(?<offset>Z|[+-]\d{2}:\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();

    /// <summary>Validates <paramref name="f"/>; adds the post or a rejection, plus any warnings.</summary>
    /// <remarks>The raw text is only rendered for lines that need it: most lines are fine.</remarks>
    public void Accept(PostFields f, long line, Func<string> raw)
    {
        var pending = new List<(string Field, string Category, string Reason)>();
        try
        {
            var post = Validate(f, line, pending);
            foreach (var w in pending) Warn(line, w.Field, w.Category, w.Reason, raw);
            _firstLine[post.Id] = line;
            _accepted++;
            if (sink != null) sink(post); else _posts.Add(post);
        }
        catch (LineRejectedException e)
        {
            Reject(line, e.Field, e.Category, e.Message, raw);
        }
    }

    private Post Validate(PostFields f, long line, List<(string, string, string)> warnings)
    {
        var id = Required(f.Id, "id");
        var userId = Required(f.UserId, "user_id");
        var createdText = Required(f.CreatedAt, "created_at");
        var m = Iso8601().Match(createdText);
        if (!m.Success || !DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created))
            throw new LineRejectedException("created_at", "bad created_at",
                $"created_at '{createdText}' is not an ISO 8601 date-time like 2024-03-05T08:15:00+01:00");
        if (!m.Groups["offset"].Success)
            warnings.Add(("created_at", "created_at without offset", $"created_at '{createdText}' has no offset; assumed UTC"));
        if (f.Text != null && f.Text.Length > options.MaxTextChars)
            throw new LineRejectedException("text", "text too long", $"text has {f.Text.Length} chars, more than the limit {options.MaxTextChars}");
        if (options.AllowedLabelValues != null)
            foreach (var (name, value) in f.Labels)
                if (options.AllowedLabelValues.TryGetValue(name, out var allowed) && !allowed.Contains(value))
                    throw new LineRejectedException("labels." + name, "unknown label value",
                        $"label {name} = '{value}' is not one of the allowed values ({string.Join(", ", allowed.Order(StringComparer.Ordinal))})");
        if (_firstLine.TryGetValue(id, out var first))
            throw new LineRejectedException("id", "duplicate id", $"duplicate id '{id}': first seen on line {first}");
        return new Post(id, userId, created, f.Text, Images(f.Images, warnings), f.Labels,
            Blank(f.ReplyTo), Blank(f.RepostOf), f.Engagement);
    }

    private List<string> Images(List<string> paths, List<(string, string, string)> warnings)
    {
        var kept = new List<string>();
        for (int i = 0; i < paths.Count; i++)
        {
            var field = $"images[{i}]";
            if (i >= options.MaxImagesPerPost)
            {
                warnings.Add(("images", "too many images",
                    $"{paths.Count} images, more than the limit {options.MaxImagesPerPost}; images {options.MaxImagesPerPost}..{paths.Count - 1} dropped"));
                break;
            }
            if (string.IsNullOrWhiteSpace(paths[i]))
            {
                Problem(field, "bad image path", "image path is empty");
                continue;
            }
            var full = Path.GetFullPath(Path.Combine(baseFolder, paths[i]));
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
            warnings.Add((field, category, reason + "; image dropped"));
        }
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value)
            ? throw new LineRejectedException(field, "missing " + field, $"required field {field} is missing or empty")
            : value;

    private static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
