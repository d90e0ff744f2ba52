namespace SocialFusion.Data.Demo;

/// <summary>
/// Settings of the reshare process (<see cref="SelfExcitingCascades"/>): how reshares pick their parent along the follow
/// graph, how viral cascades are and how fast their attention decays. <see cref="Reference"/> is the documented default
/// (docs/demo-data.md); the kernel shape follows the values SEISMIC fitted on Twitter (Zhao et al., KDD 2015).
/// </summary>
public sealed record CascadeOptions
{
    /// <summary>The documented default: 90% of reshares from the resharer's feed, lognormal virality with sigma 1.5,
    /// a kernel flat for 5 minutes then falling as a power law with theta 0.242, a median cascade lifetime of 12 hours.</summary>
    public static CascadeOptions Reference { get; } = new();

    /// <summary>Chance that a reshare draws its parent from its feed (the latest posts of the users its author follows);
    /// otherwise (or when the feed is empty) it reshares a recent post found outside the graph (search, trending lists).</summary>
    public double FeedShare { get; init; } = 0.95;
    /// <summary>Sigma of the lognormal virality of each root (median 1, times the content appeal): the source of the
    /// heavy-tailed sizes.</summary>
    public double ViralitySigma { get; init; } = 2.0;
    /// <summary>s0 of the memory kernel: a post excites reshares at full strength for this many minutes.</summary>
    public double KernelPlateauMinutes { get; init; } = 5;
    /// <summary>theta of the memory kernel: beyond s0 it falls as (s / s0)^-(1 + theta). SEISMIC fitted 0.242 on Twitter.</summary>
    public double KernelTheta { get; init; } = 0.242;
    /// <summary>Median lifetime tau of a cascade's infectiousness, which decays as exp(-age / tau); per cascade lognormal.</summary>
    public double MedianLifetimeHours { get; init; } = 12;
    /// <summary>Sigma of the lognormal lifetime around <see cref="MedianLifetimeHours"/>.</summary>
    public double LifetimeSigma { get; init; } = 0.8;
    /// <summary>How many of a followee's latest posts a feed shows.</summary>
    public int FeedDepth { get; init; } = 8;
    /// <summary>Posts older than this are never reshared.</summary>
    public double MaxAgeDays { get; init; } = 4;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (FeedShare is < 0 or > 1 || double.IsNaN(FeedShare)) throw new ArgumentException($"Cascades.FeedShare must be in [0, 1], got {FeedShare}", nameof(FeedShare));
        if (!(ViralitySigma >= 0)) throw new ArgumentException($"Cascades.ViralitySigma must be >= 0, got {ViralitySigma}", nameof(ViralitySigma));
        if (!(KernelPlateauMinutes > 0)) throw new ArgumentException($"Cascades.KernelPlateauMinutes must be > 0, got {KernelPlateauMinutes}", nameof(KernelPlateauMinutes));
        if (!(KernelTheta >= 0)) throw new ArgumentException($"Cascades.KernelTheta must be >= 0, got {KernelTheta}", nameof(KernelTheta));
        if (!(MedianLifetimeHours > 0)) throw new ArgumentException($"Cascades.MedianLifetimeHours must be > 0, got {MedianLifetimeHours}", nameof(MedianLifetimeHours));
        if (!(LifetimeSigma >= 0)) throw new ArgumentException($"Cascades.LifetimeSigma must be >= 0, got {LifetimeSigma}", nameof(LifetimeSigma));
        if (FeedDepth < 1) throw new ArgumentException($"Cascades.FeedDepth must be >= 1, got {FeedDepth}", nameof(FeedDepth));
        if (!(MaxAgeDays > 0)) throw new ArgumentException($"Cascades.MaxAgeDays must be > 0, got {MaxAgeDays}", nameof(MaxAgeDays));
    }
}
