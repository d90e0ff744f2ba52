namespace SocialFusion.Analytics.Trends;

/// <summary>Parameters of Kleinberg's batched burst automaton.</summary>
/// <param name="MaxStates">
/// States kept, 0..MaxStates-1 (2 = the two-state automaton A²_{s,γ}); the multi-state automaton truncates the paper's
/// infinite A*_{s,γ} here and, always, at the last state whose rate p_i = p_0 s^i is still below 1.
/// </param>
/// <param name="S">Rate ratio s between successive states (s &gt; 1).</param>
/// <param name="Gamma">Cost γ of each step up, multiplied by ln n (n = bins in the series) as in the paper (γ &gt; 0).</param>
public sealed record KleinbergConfig(int MaxStates, double S, double Gamma)
{
    /// <summary>The two-state automaton with the paper's s = 2, γ = 1.</summary>
    public static KleinbergConfig TwoState { get; } = new(2, 2.0, 1.0);

    /// <summary>The multi-state (truncated infinite) automaton, s = 2, γ = 1, at most 16 states.</summary>
    public static KleinbergConfig MultiState { get; } = new(16, 2.0, 1.0);

    /// <summary>Validates the parameters.</summary>
    public void Validate()
    {
        if (MaxStates < 2) throw new ArgumentOutOfRangeException(nameof(MaxStates), MaxStates, "Kleinberg: at least 2 states (a base state and a burst state)");
        if (!(S > 1)) throw new ArgumentOutOfRangeException(nameof(S), S, "Kleinberg: s must be greater than 1");
        if (!(Gamma > 0)) throw new ArgumentOutOfRangeException(nameof(Gamma), Gamma, "Kleinberg: gamma must be positive");
    }
}

/// <summary>
/// Burst detection by J. Kleinberg, "Bursty and Hierarchical Structure in Streams", KDD 2002 (Data Mining and Knowledge
/// Discovery 7(4), 2003), in its batched form ("enumerating bursts"): bin t holds d_t posts of which r_t carry the key.
/// </summary>
/// <remarks>
/// <para><b>States.</b> State i emits relevant posts at rate p_i = p_0 s^i, where p_0 = R / D is the key's share of
/// all posts over the whole series (R = Σ r_t, D = Σ d_t). States run up to <see cref="KleinbergConfig.MaxStates"/>
/// - 1 and stop before the first p_i ≥ 1.</para>
/// <para><b>Costs.</b> Being in state i at bin t costs σ(i, r_t, d_t) = -ln[C(d_t, r_t) p_i^{r_t} (1 - p_i)^{d_t - r_t}];
/// the binomial coefficient is the same for every state, so it is left out of the comparison. Moving from state i up
/// to j &gt; i costs τ(i, j) = (j - i) γ ln n; moving down is free. The automaton starts in state 0.</para>
/// <para><b>Optimal sequence.</b> The state sequence minimising Σ σ + Σ τ, by dynamic programming (Viterbi) in
/// O(n k²) for n bins and k states.</para>
/// <para><b>Bursts.</b> A burst of level j is a maximal run of bins in state ≥ j; level-j bursts nest inside level
/// j-1 ones, which is the paper's hierarchy. Its weight is Σ over its bins of σ(0, r_t, d_t) - σ(j, r_t, d_t), how
/// much cheaper the burst state explains the bins than the base state.</para>
/// <para><b>Comparable across series.</b> p_0 is each series' own share and the step cost is γ ln n, so one (s, γ)
/// means the same for a rare and a common key and for any series length on one axis: a burst always means "s times
/// the key's usual share for long enough to pay γ ln n per level". A key in every post (p_0 = 1) or in none cannot
/// burst. Bins with no posts at all cost nothing in any state.</para>
/// </remarks>
public sealed class KleinbergBursts(KleinbergConfig config) : IBurstDetector
{
    /// <summary>The parameters.</summary>
    public KleinbergConfig Config { get; } = Validated(config);

    /// <inheritdoc />
    public string Name => Config.MaxStates == 2 ? "kleinberg" : "kleinberg-multi";

    private static KleinbergConfig Validated(KleinbergConfig c) { c.Validate(); return c; }

    /// <inheritdoc />
    public IReadOnlyList<Burst> Detect(ReadOnlySpan<int> counts, ReadOnlySpan<int> totals, TimeAxis axis)
    {
        BurstInput.Check(counts, totals, axis, Name);
        int n = counts.Length;
        long relevant = 0, all = 0;
        for (int t = 0; t < n; t++) { relevant += counts[t]; all += totals[t]; }
        if (n == 0 || relevant == 0 || relevant == all) return [];

        // The states: p_i = p_0 s^i below 1.
        double p0 = (double)relevant / all;
        var rates = new List<double> { p0 };
        while (rates.Count < Config.MaxStates && p0 * Math.Pow(Config.S, rates.Count) < 1) rates.Add(p0 * Math.Pow(Config.S, rates.Count));
        int k = rates.Count;
        if (k < 2) return [];
        var logP = rates.Select(p => Math.Log(p)).ToArray();
        var logQ = rates.Select(p => Math.Log(1 - p)).ToArray();
        double Sigma(int i, int r, int d) => -(r * logP[i] + (d - r) * logQ[i]);
        double up = Config.Gamma * Math.Log(n);

        // Viterbi over bins: cost[j] = min_i (previous[i] + τ(i, j)) + σ(j, r_t, d_t), starting in state 0.
        var cost = new double[k];
        var next = new double[k];
        for (int j = 1; j < k; j++) cost[j] = double.PositiveInfinity;
        var from = new int[n, k];
        for (int t = 0; t < n; t++)
        {
            for (int j = 0; j < k; j++)
            {
                double best = double.PositiveInfinity; int arg = 0;
                for (int i = 0; i < k; i++)
                {
                    double c = cost[i] + (j > i ? (j - i) * up : 0);
                    if (c < best) { best = c; arg = i; }
                }
                next[j] = best + Sigma(j, counts[t], totals[t]);
                from[t, j] = arg;
            }
            (cost, next) = (next, cost);
        }
        var states = new int[n];
        int state = 0;
        for (int j = 1; j < k; j++) if (cost[j] < cost[state]) state = j;
        for (int t = n - 1; t >= 0; t--) { states[t] = state; state = from[t, state]; }

        var bursts = new List<Burst>();
        for (int level = 1; level < k; level++)
            foreach (var (s, e) in BurstInput.Runs(states, level))
            {
                double weight = 0;
                for (int t = s; t < e; t++) weight += Sigma(0, counts[t], totals[t]) - Sigma(level, counts[t], totals[t]);
                bursts.Add(new Burst(s, e, level, weight));
            }
        return bursts;
    }
}
