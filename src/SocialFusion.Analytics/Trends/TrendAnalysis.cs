using System.Diagnostics;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Trends;

/// <summary>Settings of a trend analysis.</summary>
/// <param name="Bin">Hourly or daily bins.</param>
/// <param name="Time">UTC or local-time bins for the series and burst detection (rising now is always on UTC bins).</param>
/// <param name="Detectors">Burst detectors run on every series.</param>
/// <param name="Sources">Series families (hashtags, locations; a topic source can be added).</param>
/// <param name="Privacy">k-anonymity: series with fewer than k distinct users are suppressed.</param>
/// <param name="RisingNow">The rising-now ranking's parameters.</param>
/// <param name="At">UTC instant of the rising-now ranking; null: the end of the data.</param>
public sealed record TrendOptions(BinWidth Bin, TimeBasis Time, IReadOnlyList<IBurstDetector> Detectors, IReadOnlyList<ISeriesSource> Sources,
    KAnonymity Privacy, RisingNowConfig RisingNow, DateTime? At = null)
{
    /// <summary>The three reference detectors: two-state Kleinberg, multi-state Kleinberg, seasonal Poisson.</summary>
    public static IReadOnlyList<IBurstDetector> ReferenceDetectors { get; } =
        [new KleinbergBursts(KleinbergConfig.TwoState), new KleinbergBursts(KleinbergConfig.MultiState), new SeasonalPoissonBursts(SeasonalPoissonConfig.Reference)];

    /// <summary>Hourly UTC bins, the three reference detectors, hashtags and locations, k = 5, rising now over 24 h, at the end.</summary>
    public static TrendOptions Reference { get; } = new(BinWidth.Hour, TimeBasis.Utc, ReferenceDetectors,
        [HashtagSource.Instance, LocationSource.Reference], KAnonymity.Default, RisingNowConfig.Reference);

    /// <summary>The detector called <paramref name="name"/> with its reference parameters.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static IBurstDetector Detector(string name) =>
        ReferenceDetectors.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"unknown burst detector '{name}'; choose one of {string.Join(", ", ReferenceDetectors.Select(d => d.Name))}");
}

/// <summary>The bursts one detector found in one series.</summary>
public sealed record SeriesBursts(string Kind, string Key, IReadOnlyList<Burst> Bursts);

/// <summary>One detector's output over all series, and its score when truth was given.</summary>
public sealed record DetectorResult(string Detector, IReadOnlyList<SeriesBursts> Series, BurstScore? Score);

/// <summary>Everything a trend analysis computed.</summary>
/// <param name="Options">The settings.</param>
/// <param name="Series">The series (shared axis, published series, suppressed counts).</param>
/// <param name="Detections">Per detector, in the order of the options.</param>
/// <param name="RisingAt">UTC time of the ranking (a bin boundary).</param>
/// <param name="Rising">The rising-now ranking at <see cref="RisingAt"/>.</param>
/// <param name="RisingScore">How early planted bursts reached the top, when truth was given.</param>
/// <param name="TruthRejected">Lines of the truth file that could not be read.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record TrendAnalysisResult(TrendOptions Options, TrendSeriesSet Series, IReadOnlyList<DetectorResult> Detections,
    DateTime? RisingAt, IReadOnlyList<RisingEntry> Rising, RisingNowScore? RisingScore, IReadOnlyList<string> TruthRejected, double Seconds);

/// <summary>
/// The trend analysis behind <c>analyze trends</c>, the report's trends section and the demo: series per source in
/// SQL, every detector on every series, the rising-now ranking, and scores against planted bursts when a
/// <c>truth/trends.jsonl</c> is given. Reads the store only.
/// </summary>
public static class TrendAnalysis
{
    /// <summary>Runs the analysis; <paramref name="truthTrendsPath"/> (optional) scores it.</summary>
    public static TrendAnalysisResult Run(AnalyticsStore store, TrendOptions options, string? truthTrendsPath = null)
    {
        var clock = Stopwatch.StartNew();
        var planted = new List<PlantedTrend>();
        var rejected = new List<string>();
        if (truthTrendsPath is not null) planted = PlantedTrends.Read(truthTrendsPath, out rejected);

        var set = TrendSeriesQuery.Run(store, options.Sources, new SeriesRequest(options.Bin, options.Time, options.Privacy));
        var (minOffset, maxOffset) = Offsets(store);
        var detections = new List<DetectorResult>();
        foreach (var detector in options.Detectors)
        {
            var found = DetectAll(set, detector);
            BurstScore? score = null;
            if (truthTrendsPath is not null)
            {
                var tags = found.Where(f => f.Kind == HashtagSource.Instance.Kind).ToDictionary(f => f.Key, f => f.Bursts);
                score = BurstScoring.Score(detector.Name, tags, set.Axis, planted, minOffset, maxOffset);
            }
            detections.Add(new DetectorResult(detector.Name, found, score));
        }

        // Rising now reads UTC bins: reuse the series when they are UTC, else query them.
        var utc = options.Time == TimeBasis.Utc ? set
            : TrendSeriesQuery.Run(store, [HashtagSource.Instance], new SeriesRequest(options.Bin, TimeBasis.Utc, options.Privacy));
        List<RisingEntry> rising;
        DateTime? at;
        if (options.At is { } t)
        {
            rising = RisingNow.At(store, t, options.Bin, options.RisingNow, options.Privacy);
            at = options.Bin == BinWidth.Hour ? new DateTime(t.Year, t.Month, t.Day, t.Hour, 0, 0) : t.Date;
        }
        else
        {
            rising = RisingNow.Rank(utc.OfKind(HashtagSource.Instance.Kind), utc.Axis, utc.Axis.Count, options.RisingNow, options.Privacy);
            at = utc.Axis.Count == 0 ? null : utc.Axis.BinStart(utc.Axis.Count);
        }
        var risingScore = truthTrendsPath is null ? null
            : RisingNowScore.Measure(utc, planted, options.RisingNow, options.Privacy, minOffset, maxOffset);
        return new TrendAnalysisResult(options, set, detections, at, rising, risingScore, rejected, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Every detector bursts of every series of <paramref name="set"/> (series without bursts included, with none).</summary>
    public static List<SeriesBursts> DetectAll(TrendSeriesSet set, IBurstDetector detector)
    {
        var result = new SeriesBursts[set.Series.Count];
        Parallel.For(0, set.Series.Count, i =>
        {
            var s = set.Series[i];
            result[i] = new SeriesBursts(s.Kind, s.Key, detector.Detect(s.Counts, set.Totals, set.Axis));
        });
        return [.. result];
    }

    /// <summary>Smallest and largest poster offset in the store, minutes east of UTC (0, 0 without posts).</summary>
    public static (int Min, int Max) Offsets(AnalyticsStore store)
    {
        using var cmd = store.Connection.CreateCommand();
        cmd.CommandText = "SELECT coalesce(min(utc_offset_minutes), 0)::INTEGER, coalesce(max(utc_offset_minutes), 0)::INTEGER FROM posts";
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt32(0), r.GetInt32(1));
    }
}
