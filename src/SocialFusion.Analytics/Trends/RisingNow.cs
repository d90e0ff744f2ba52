using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Trends;

/// <summary>Parameters of the "rising now" ranking.</summary>
/// <param name="WindowHours">The recent window: the last bins covering this many hours (at least one bin).</param>
/// <param name="MinCount">Posts a key needs in the window to be ranked.</param>
/// <param name="Top">Entries returned.</param>
/// <param name="Alpha">Pseudo-count of the seasonal baseline (<see cref="SeasonalBaseline"/>).</param>
/// <param name="MinExpected">Floor of the expected count per bin.</param>
public sealed record RisingNowConfig(double WindowHours, int MinCount, int Top, double Alpha, double MinExpected)
{
    /// <summary>Last 24 hours, at least 3 posts, top 5, α = 2, μ ≥ 0.1 per bin.</summary>
    public static RisingNowConfig Reference { get; } = new(24, 3, 5, 2.0, 0.1);

    /// <summary>Validates the parameters.</summary>
    public void Validate()
    {
        if (!(WindowHours > 0)) throw new ArgumentOutOfRangeException(nameof(WindowHours), WindowHours, "rising now: the window must be positive");
        if (MinCount < 1 || Top < 1) throw new ArgumentOutOfRangeException(nameof(Top), "rising now: MinCount and Top must be at least 1");
        if (!(Alpha >= 0) || !(MinExpected > 0)) throw new ArgumentOutOfRangeException(nameof(MinExpected), "rising now: Alpha >= 0 and MinExpected > 0");
    }
}

/// <summary>One ranked key.</summary>
/// <param name="Key">The series key.</param>
/// <param name="Score">z = (x - E) / √E of the window.</param>
/// <param name="WindowCount">Posts with the key in the window (x).</param>
/// <param name="Expected">Expected posts in the window from the history before it (E).</param>
/// <param name="UsersSoFar">Distinct users of the key up to t.</param>
public sealed record RisingEntry(string Key, double Score, int WindowCount, double Expected, long UsersSoFar);

/// <summary>
/// "Rising now": keys ranked at time t by how far their count in the recent window [t - W, t) exceeds what their own
/// seasonal history before the window predicts: E = Σ over the window's bins of the <see cref="SeasonalBaseline"/>
/// expectation (same hour of week / day of week, shrunk to the running mean) computed from bins before t - W only,
/// z = (x - E) / √E, the Poisson z-score of the window total. Keys with fewer than MinCount posts in the window or
/// fewer than k distinct users up to t are not ranked; ties go to the key in ordinal order.
/// </summary>
/// <remarks>
/// Only data before t is used: the bins [0, t) of the series and the distinct users counted from first uses before t
/// (<see cref="TrendSeries.NewUsers"/>), so the ranking at t is what an online system would have shown at t. On a
/// store, <see cref="At"/> reads only posts created before t (cut to whole UTC bins). Rankings are on UTC bins: a
/// local-time bin pools several instants, so "before t" would be ambiguous.
/// </remarks>
public static class RisingNow
{
    /// <summary>The ranking over <paramref name="series"/> (one kind) seeing bins [0, <paramref name="upto"/>) of <paramref name="axis"/>.</summary>
    public static List<RisingEntry> Rank(IEnumerable<TrendSeries> series, TimeAxis axis, int upto, RisingNowConfig config, KAnonymity privacy)
    {
        config.Validate();
        if (upto < 0 || upto > axis.Count) throw new ArgumentOutOfRangeException(nameof(upto), upto, $"rising now: t must be a bin boundary in [0, {axis.Count}]");
        int window = Math.Max(1, (int)Math.Round(config.WindowHours / axis.BinHours));
        int from = Math.Max(0, upto - window);
        var ranked = new List<RisingEntry>();
        foreach (var s in series)
        {
            long users = 0;
            for (int i = 0; i < upto; i++) users += s.NewUsers[i];
            if (!privacy.Allows(users)) continue;
            int x = 0;
            for (int i = from; i < upto; i++) x += s.Counts[i];
            if (x < config.MinCount) continue;
            var baseline = new SeasonalBaseline(axis, config.Alpha, config.MinExpected);
            for (int i = 0; i < from; i++) baseline.Add(s.Counts[i]);
            double expected = 0;
            for (int i = from; i < upto; i++) expected += baseline.Expected(i);
            ranked.Add(new RisingEntry(s.Key, (x - expected) / Math.Sqrt(expected), x, expected, users));
        }
        ranked.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Key, b.Key));
        return ranked.Take(config.Top).ToList();
    }

    /// <summary>
    /// The hashtag ranking at UTC instant <paramref name="t"/> on a store, from posts created before t only (t is cut
    /// down to a whole <paramref name="bin"/>). Empty when no post precedes t.
    /// </summary>
    public static List<RisingEntry> At(AnalyticsStore store, DateTime t, BinWidth bin, RisingNowConfig config, KAnonymity privacy)
    {
        var set = TrendSeriesQuery.Run(store, [HashtagSource.Instance], new SeriesRequest(bin, TimeBasis.Utc, privacy, t));
        return Rank(set.OfKind(HashtagSource.Instance.Kind), set.Axis, set.Axis.Count, config, privacy);
    }
}

/// <summary>How early one planted burst entered the top of the ranking.</summary>
/// <param name="Tag">Planted tag.</param>
/// <param name="PlantedStart">Planted start (UTC hull, <see cref="PlantedTrend.Window"/>).</param>
/// <param name="FirstInTop">First ranking time t at which the tag was in the top, or null.</param>
/// <param name="DelayHours">FirstInTop - PlantedStart, hours.</param>
public sealed record RisingNowHit(string Tag, DateTime PlantedStart, DateTime? FirstInTop, double? DelayHours);

/// <summary>Rising-now scores: for each planted burst, the first t at which the ranking had it in its top.</summary>
/// <param name="Top">The top size scored (the config's Top).</param>
/// <param name="Hits">One per planted burst.</param>
public sealed record RisingNowScore(int Top, IReadOnlyList<RisingNowHit> Hits)
{
    /// <summary>Share of planted bursts that ever reached the top.</summary>
    public double ShareReached => Hits.Count == 0 ? 0 : Hits.Count(h => h.FirstInTop is not null) / (double)Hits.Count;

    /// <summary>Median hours from planted start to entering the top, over bursts that did.</summary>
    public double? MedianDelayHours
    {
        get
        {
            var d = Hits.Where(h => h.DelayHours is not null).Select(h => h.DelayHours!.Value).Order().ToArray();
            return d.Length == 0 ? null : d.Length % 2 == 1 ? d[d.Length / 2] : (d[d.Length / 2 - 1] + d[d.Length / 2]) / 2;
        }
    }

    /// <summary>
    /// Replays the ranking at every bin boundary t from each planted start to its end plus one window, on UTC
    /// hashtag series of the whole store (<see cref="RisingNow.Rank"/> reads only bins before t), and records the first
    /// t at which the planted tag is among the top.
    /// </summary>
    public static RisingNowScore Measure(TrendSeriesSet utcSeries, IReadOnlyList<PlantedTrend> planted, RisingNowConfig config, KAnonymity privacy,
        int minOffsetMinutes, int maxOffsetMinutes)
    {
        if (utcSeries.Axis.Basis != TimeBasis.Utc) throw new ArgumentException("rising now is scored on UTC series");
        var axis = utcSeries.Axis;
        var tags = utcSeries.OfKind(HashtagSource.Instance.Kind).ToList();
        var hits = new List<RisingNowHit>();
        foreach (var p in planted)
        {
            var (ps, pe) = p.Window(TimeBasis.Utc, minOffsetMinutes, maxOffsetMinutes);
            int first = Math.Clamp((int)Math.Ceiling((ps - axis.Start) / axis.Step), 0, axis.Count);
            int last = Math.Clamp((int)Math.Ceiling((pe - axis.Start) / axis.Step + config.WindowHours / axis.BinHours), 0, axis.Count);
            DateTime? hit = null;
            for (int upto = first; upto <= last && hit is null; upto++)
                if (RisingNow.Rank(tags, axis, upto, config, privacy).Any(e => e.Key == p.Key)) hit = axis.BinStart(upto);
            hits.Add(new RisingNowHit(p.Key, ps, hit, hit is { } h ? (h - ps).TotalHours : null));
        }
        return new RisingNowScore(config.Top, hits);
    }
}
