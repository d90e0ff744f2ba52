namespace SocialFusion.Data.Posts;

/// <summary>
/// One social media post: the unit every SocialFusion pipeline works on.
/// The on-disk format is documented in <c>docs/data-format.md</c>.
/// </summary>
/// <param name="Id">Unique post id within a collection.</param>
/// <param name="UserId">Author's id.</param>
/// <param name="CreatedAt">Creation time (ISO 8601 on disk, with offset; UTC assumed when absent).</param>
/// <param name="Text">Post text; null when the post has no text.</param>
/// <param name="Images">Absolute paths of the post's images, in order; empty when it has none.</param>
/// <param name="Labels">Named labels (location, text_sentiment, image_sentiment, ...); values in <see cref="NormalizeLabel"/> form when read.</param>
/// <param name="ReplyTo">Id of the post this one replies to, if any.</param>
/// <param name="RepostOf">Id of the post this one reposts, if any.</param>
/// <param name="Engagement">Engagement counts by name (likes, reposts, replies, ...), if any.</param>
public sealed record Post(
    string Id,
    string UserId,
    DateTimeOffset CreatedAt,
    string? Text,
    IReadOnlyList<string> Images,
    IReadOnlyDictionary<string, string> Labels,
    string? ReplyTo = null,
    string? RepostOf = null,
    IReadOnlyDictionary<string, long>? Engagement = null)
{
    /// <summary>Well-known label names.</summary>
    public static class LabelNames
    {
        public const string Location = "location";
        public const string TextSentiment = "text_sentiment";
        public const string ImageSentiment = "image_sentiment";
    }

    /// <summary>True when the post has non-empty text.</summary>
    public bool HasText => !string.IsNullOrWhiteSpace(Text);

    /// <summary>True when the post has at least one image.</summary>
    public bool HasImage => Images.Count > 0;

    /// <summary>The label with this name, or null.</summary>
    public string? Label(string name) => Labels.TryGetValue(name, out var v) ? v : null;

    /// <summary>
    /// The normal form every label value is read in: surrounding whitespace trimmed, Unicode NFC, lower case
    /// (invariant culture), so that " gym", "GYM" and "gym" are one class. Null for a blank value (no label).
    /// </summary>
    public static string? NormalizeLabel(string value)
    {
        var v = value.Trim();
        return v.Length == 0 ? null : v.Normalize(System.Text.NormalizationForm.FormC).ToLowerInvariant();
    }
}
