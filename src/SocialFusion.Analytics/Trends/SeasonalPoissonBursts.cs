namespace SocialFusion.Analytics.Trends;

/// <summary>Parameters of the seasonal Poisson z-score detector.</summary>
/// <param name="Threshold">A bin is flagged when z = (x - μ) / √μ reaches this.</param>
/// <param name="MinCount">... and it holds at least this many posts (one post in a quiet hour is no burst).</param>
/// <param name="MinRun">Flagged bins a burst needs.</param>
/// <param name="MaxGapHours">Flagged bins at most this many hours apart (unflagged hours between them) join one burst.</param>
/// <param name="Alpha">Pseudo-count pulling the same-slot mean towards the series' running mean of all past bins.</param>
/// <param name="MinExpected">Floor of μ per bin, so a key without history does not get an infinite z.</param>
/// <param name="WarmUpSeasons">No bin is flagged before the axis has this many whole seasons (weeks) of history: without
/// it, every slot of the first week is compared with the few bins before it.</param>
public sealed record SeasonalPoissonConfig(double Threshold, int MinCount, int MinRun, double MaxGapHours, double Alpha, double MinExpected, int WarmUpSeasons = 1)
{
    /// <summary>z ≥ 3 with at least 2 posts, 2 flagged bins at most 24 hours apart, α = 2, μ ≥ 0.1, one week of warm-up.</summary>
    public static SeasonalPoissonConfig Reference { get; } = new(3.0, 2, 2, 24, 2.0, 0.1, 1);

    /// <summary>Validates the parameters.</summary>
    public void Validate()
    {
        if (!(Threshold > 0)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "poisson: the z threshold must be positive");
        if (MinCount < 1 || MinRun < 1) throw new ArgumentOutOfRangeException(nameof(MinRun), "poisson: MinCount and MinRun must be at least 1");
        if (!(MaxGapHours >= 0) || !(Alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(MaxGapHours), "poisson: MaxGapHours and Alpha must be >= 0");
        if (WarmUpSeasons < 0) throw new ArgumentOutOfRangeException(nameof(WarmUpSeasons), WarmUpSeasons, "poisson: WarmUpSeasons must be >= 0");
        if (!(MinExpected > 0)) throw new ArgumentOutOfRangeException(nameof(MinExpected), MinExpected, "poisson: MinExpected must be positive");
    }
}

/// <summary>
/// The expected count of a bin from the series' own history before a given bin: the mean of the past bins in the same
/// seasonal slot (hour of week for hourly bins, day of week for daily ones, <see cref="TimeAxis.Season"/>), shrunk
/// towards the running mean of all past bins with pseudo-count α, floored at μ_min:
/// μ = max(μ_min, (S_slot + α m) / (N_slot + α)), m = Σ past / #past (0 without past).
/// </summary>
public sealed class SeasonalBaseline
{
    private readonly double[] _sum;
    private readonly int[] _bins;
    private readonly TimeAxis _axis;
    private readonly double _alpha, _floor;
    private double _total;
    private int _seen;

    /// <summary>A baseline that has seen no bin yet.</summary>
    public SeasonalBaseline(TimeAxis axis, double alpha, double minExpected)
    {
        _axis = axis; _alpha = alpha; _floor = minExpected;
        _sum = new double[axis.SeasonLength]; _bins = new int[axis.SeasonLength];
    }

    /// <summary>Bins seen so far (the history is bins [0, Seen)).</summary>
    public int Seen => _seen;

    /// <summary>Adds the next bin (index <see cref="Seen"/>) to the history.</summary>
    public void Add(int count)
    {
        int slot = _axis.Season(_seen++);
        _sum[slot] += count; _bins[slot]++; _total += count;
    }

    /// <summary>μ for bin <paramref name="bin"/> (any bin at or after <see cref="Seen"/>) from the history so far.</summary>
    public double Expected(int bin)
    {
        int slot = _axis.Season(bin);
        double mean = _seen == 0 ? 0 : _total / _seen;
        return Math.Max(_floor, (_sum[slot] + _alpha * mean) / (_bins[slot] + _alpha));
    }
}

/// <summary>
/// Seasonal Poisson z-score burst detector: each bin's count x is compared with the count μ expected from the same
/// hour-of-week (hourly bins) or day-of-week (daily bins) history of the series before that bin
/// (<see cref="SeasonalBaseline"/>), as a Poisson variable: z = (x - μ) / √μ. Bins with z ≥ threshold and x ≥ MinCount
/// are flagged (none during the warm-up, the first WarmUpSeasons weeks of the axis); flagged bins at most MaxGapHours apart form one run, and a run of at least MinRun flagged bins is a
/// burst [first flagged, last flagged + 1) of level 1, weighted by the sum of its z.
/// </summary>
/// <remarks>
/// The baseline-from-comparable-past-periods design follows outbreak detection in surveillance counts (C. P. Farrington,
/// N. J. Andrews, A. D. Beale and M. A. Catchpole, "A Statistical Algorithm for the Early Detection of Outbreaks of
/// Infectious Disease", J. R. Statist. Soc. A 159(3), 1996), simplified to a Poisson z-score without trend or
/// overdispersion terms. μ of bin i uses bins before i only, so the detector runs online; the totals are not used
/// (the expectation is in counts, not shares).
/// </remarks>
public sealed class SeasonalPoissonBursts(SeasonalPoissonConfig config) : IBurstDetector
{
    /// <summary>The parameters.</summary>
    public SeasonalPoissonConfig Config { get; } = Validated(config);

    /// <inheritdoc />
    public string Name => "poisson";

    private static SeasonalPoissonConfig Validated(SeasonalPoissonConfig c) { c.Validate(); return c; }

    /// <summary>The z-score of every bin against its history (z of bin i uses bins before i only).</summary>
    public double[] Scores(ReadOnlySpan<int> counts, TimeAxis axis)
    {
        var baseline = new SeasonalBaseline(axis, Config.Alpha, Config.MinExpected);
        var z = new double[counts.Length];
        for (int t = 0; t < counts.Length; t++)
        {
            double mu = baseline.Expected(t);
            z[t] = (counts[t] - mu) / Math.Sqrt(mu);
            baseline.Add(counts[t]);
        }
        return z;
    }

    /// <inheritdoc />
    public IReadOnlyList<Burst> Detect(ReadOnlySpan<int> counts, ReadOnlySpan<int> totals, TimeAxis axis)
    {
        BurstInput.Check(counts, totals, axis, Name);
        var z = Scores(counts, axis);
        int maxGap = (int)Math.Floor(Config.MaxGapHours / axis.BinHours);
        var bursts = new List<Burst>();
        int first = -1, last = -1, flagged = 0;
        double weight = 0;
        void Close()
        {
            if (flagged >= Config.MinRun) bursts.Add(new Burst(first, last + 1, 1, weight));
            first = -1; flagged = 0; weight = 0;
        }
        for (int t = Config.WarmUpSeasons * axis.SeasonLength; t < counts.Length; t++)
        {
            if (z[t] < Config.Threshold || counts[t] < Config.MinCount) continue;
            if (first >= 0 && t - last - 1 > maxGap) Close();
            if (first < 0) first = t;
            last = t; flagged++; weight += z[t];
        }
        if (first >= 0) Close();
        return bursts;
    }
}
