using SocialFusion.Data.Images;

namespace SocialFusion.Data.Posts;

/// <summary>What to do with a post whose image file is missing or cannot be decoded.</summary>
public enum MissingImagePolicy
{
    /// <summary>Keep the post without that image and record a warning.</summary>
    DropImage,
    /// <summary>Reject the whole post.</summary>
    Reject,
}

/// <summary>Validation rules and limits applied by <see cref="PostReader"/>.</summary>
public sealed record PostReadOptions
{
    /// <summary>Default options.</summary>
    public static PostReadOptions Default { get; } = new();

    /// <summary>Allowed values per label name; labels not listed (or a null map) accept any value.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>>? AllowedLabelValues { get; init; }

    /// <summary>When true (default) every image file must exist on disk.</summary>
    public bool RequireImageFiles { get; init; } = true;

    /// <summary>What happens to a post whose image is missing or undecodable.</summary>
    public MissingImagePolicy MissingImage { get; init; } = MissingImagePolicy.DropImage;

    /// <summary>Longest accepted line (CSV: record) in bytes; longer ones are rejected without being buffered.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Images kept per post; extras are dropped with a warning.</summary>
    public int MaxImagesPerPost { get; init; } = 16;

    /// <summary>Longest accepted text in characters (Unicode code points, not UTF-16 units); longer posts are rejected.</summary>
    public int MaxTextChars { get; init; } = 10_000;

    /// <summary>When true every image is fully decoded, not just checked for existence (slow).</summary>
    public bool DecodeImages { get; init; }

    /// <summary>Limits for <see cref="DecodeImages"/>.</summary>
    public ImageDecodeOptions ImageDecode { get; init; } = ImageDecodeOptions.Default;
}
