namespace SocialFusion.Data.Demo;

/// <summary>
/// Everything the demo data generator can be told. Defaults are the "default noise setting" documented in
/// <c>docs/demo-data.md</c>; the knobs exist for users to stress models, not to make any model win.
/// </summary>
public sealed record DemoDataOptions
{
    /// <summary>Number of posts to write.</summary>
    public int Posts { get; init; } = 3000;
    /// <summary>Number of users.</summary>
    public int Users { get; init; } = 150;
    /// <summary>Master seed: same options give byte-identical output.</summary>
    public ulong Seed { get; init; } = 42;
    /// <summary>
    /// Language of the post text, a <see cref="DemoLanguage.Code"/>: "en" (default) or "zh" (Weibo-style Simplified
    /// Chinese). Everything but the text is the same for a seed in every language.
    /// </summary>
    public string Language { get; init; } = "en";
    /// <summary>First day of the collection (local midnight, UTC offsets vary per user).</summary>
    public DateOnly StartDate { get; init; } = new(2024, 3, 1);
    /// <summary>Number of days the posts span.</summary>
    public int SpanDays { get; init; } = 120;
    /// <summary>Smallest image side in pixels.</summary>
    public int MinImageSide { get; init; } = 96;
    /// <summary>Largest image side in pixels.</summary>
    public int MaxImageSide { get; init; } = 160;
    /// <summary>Lowest JPEG quality used.</summary>
    public int MinJpegQuality { get; init; } = 35;
    /// <summary>Highest JPEG quality used.</summary>
    public int MaxJpegQuality { get; init; } = 90;

    /// <summary>Share of image-bearing posts whose image is unrelated to the location (selfie, meme, food, pet, screenshot).</summary>
    public double UnrelatedImageShare { get; init; } = 0.25;
    /// <summary>Share of texted posts whose text carries no location cue (generic chatter).</summary>
    public double UninformativeTextShare { get; init; } = 0.30;
    /// <summary>Share of texted posts whose text cue points at another location ("wish I was at the beach").</summary>
    public double MisleadingTextShare { get; init; } = 0.05;
    /// <summary>Share of posts without any image.</summary>
    public double MissingImageShare { get; init; } = 0.12;
    /// <summary>Share of image-bearing posts with 2 to 4 images.</summary>
    public double MultiImageShare { get; init; } = 0.10;
    /// <summary>Share of posts without text (these always keep an image).</summary>
    public double TextlessShare { get; init; } = 0.04;

    /// <summary>Number of planted communities in the follow graph.</summary>
    public int Communities { get; init; } = 6;
    /// <summary>Probability that a user follows another user of the same community.</summary>
    public double IntraFollowProbability { get; init; } = 0.25;
    /// <summary>Probability that a user follows a user of another community.</summary>
    public double InterFollowProbability { get; init; } = 0.02;

    /// <summary>Number of planted hashtag bursts.</summary>
    public int TrendBursts { get; init; } = 4;
    /// <summary>Burst length in days.</summary>
    public int TrendDays { get; init; } = 4;
    /// <summary>Probability that a post inside a burst window carries the burst tag.</summary>
    public double TrendIntensity { get; init; } = 0.35;

    /// <summary>Share of posts that are replies to an earlier post.</summary>
    public double ReplyShare { get; init; } = 0.12;
    /// <summary>Share of posts that are reposts of an earlier post.</summary>
    public double RepostShare { get; init; } = 0.06;
    /// <summary>Probability that a reply/repost found outside the follow graph (see <see cref="CascadeOptions.FeedShare"/>)
    /// targets a recent post of the author's own community rather than any recent post.</summary>
    public double CascadeCommunityBias { get; init; } = 0.8;
    /// <summary>The reshare process: feed share, virality, memory kernel and lifetime (<see cref="SelfExcitingCascades"/>).</summary>
    public CascadeOptions Cascades { get; init; } = CascadeOptions.Reference;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        static void Share(double v, string name)
        {
            if (v is < 0 or > 1 || double.IsNaN(v)) throw new ArgumentException($"{name} must be in [0, 1], got {v}", name);
        }
        if (!DemoLanguage.All.Any(l => l.Code == Language))
            throw new ArgumentException($"Language must be one of {string.Join(", ", DemoLanguage.All.Select(l => l.Code))}, got '{Language}'", nameof(Language));
        if (Posts < 1) throw new ArgumentException($"Posts must be >= 1, got {Posts}", nameof(Posts));
        if (Users < 2) throw new ArgumentException($"Users must be >= 2, got {Users}", nameof(Users));
        if (SpanDays < 1) throw new ArgumentException($"SpanDays must be >= 1, got {SpanDays}", nameof(SpanDays));
        if (MinImageSide < 16 || MaxImageSide < MinImageSide)
            throw new ArgumentException($"image side range {MinImageSide}..{MaxImageSide} is invalid (min >= 16, max >= min)", nameof(MinImageSide));
        if (MinJpegQuality < 1 || MaxJpegQuality > 100 || MaxJpegQuality < MinJpegQuality)
            throw new ArgumentException($"JPEG quality range {MinJpegQuality}..{MaxJpegQuality} is invalid", nameof(MinJpegQuality));
        if (Communities < 1 || Communities > Users) throw new ArgumentException($"Communities must be in 1..Users, got {Communities}", nameof(Communities));
        if (TrendBursts < 0 || TrendDays < 1) throw new ArgumentException("TrendBursts must be >= 0 and TrendDays >= 1", nameof(TrendBursts));
        Share(UnrelatedImageShare, nameof(UnrelatedImageShare)); Share(UninformativeTextShare, nameof(UninformativeTextShare));
        Share(MisleadingTextShare, nameof(MisleadingTextShare)); Share(MissingImageShare, nameof(MissingImageShare));
        Share(MultiImageShare, nameof(MultiImageShare)); Share(TextlessShare, nameof(TextlessShare));
        Share(IntraFollowProbability, nameof(IntraFollowProbability)); Share(InterFollowProbability, nameof(InterFollowProbability));
        Share(TrendIntensity, nameof(TrendIntensity)); Share(ReplyShare, nameof(ReplyShare)); Share(RepostShare, nameof(RepostShare));
        Share(CascadeCommunityBias, nameof(CascadeCommunityBias));
        ArgumentNullException.ThrowIfNull(Cascades, nameof(Cascades));
        Cascades.Validate();
        if (UninformativeTextShare + MisleadingTextShare > 1)
            throw new ArgumentException("UninformativeTextShare + MisleadingTextShare must be <= 1", nameof(MisleadingTextShare));
        if (ReplyShare + RepostShare > 1) throw new ArgumentException("ReplyShare + RepostShare must be <= 1", nameof(ReplyShare));
    }
}

/// <summary>What <see cref="DemoDataGenerator.Generate"/> wrote.</summary>
/// <param name="PostsPath">Path of posts.jsonl.</param>
/// <param name="Posts">Number of posts written.</param>
/// <param name="Images">Number of image files written.</param>
/// <param name="LocationCounts">Posts per location label, in <see cref="DemoLocations.All"/> order.</param>
/// <param name="NoiseCounts">Posts per noise kind (unrelated_image, uninformative_text, misleading_text, missing_image, multi_image, textless).</param>
public sealed record DemoDataSummary(
    string PostsPath, int Posts, int Images,
    IReadOnlyDictionary<string, int> LocationCounts, IReadOnlyDictionary<string, int> NoiseCounts);
