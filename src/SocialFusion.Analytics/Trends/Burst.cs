namespace SocialFusion.Analytics.Trends;

/// <summary>
/// A detected burst: bins [<see cref="StartBin"/>, <see cref="EndBin"/>) of its series (end exclusive), at
/// <see cref="Level"/> (1 for a two-state automaton or a z-score run; 1..k-1 for the multi-state automaton, whose
/// level-j bursts nest inside level j-1 ones), with a detector-specific <see cref="Weight"/> (larger = stronger).
/// </summary>
public sealed record Burst(int StartBin, int EndBin, int Level, double Weight)
{
    /// <summary>Bins covered.</summary>
    public int Length => EndBin - StartBin;
}

/// <summary>A burst detector over one count series and the totals of its bins.</summary>
public interface IBurstDetector
{
    /// <summary>Name used on the command line and in reports (<c>kleinberg</c>, <c>kleinberg-multi</c>, <c>poisson</c>).</summary>
    string Name { get; }

    /// <summary>
    /// The bursts of <paramref name="counts"/> (posts with the key per bin) given <paramref name="totals"/> (all posts
    /// per bin) on <paramref name="axis"/>, ordered by level then start. An empty series (no bins) has no bursts.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths differ from the axis, or a count is negative or above its total.</exception>
    IReadOnlyList<Burst> Detect(ReadOnlySpan<int> counts, ReadOnlySpan<int> totals, TimeAxis axis);
}

/// <summary>Input checks shared by the detectors.</summary>
internal static class BurstInput
{
    public static void Check(ReadOnlySpan<int> counts, ReadOnlySpan<int> totals, TimeAxis axis, string detector)
    {
        if (counts.Length != axis.Count || totals.Length != axis.Count)
            throw new ArgumentException($"{detector}: the series has {counts.Length} bins and {totals.Length} totals, the axis {axis.Count}");
        for (int t = 0; t < counts.Length; t++)
            if (counts[t] < 0 || counts[t] > totals[t])
                throw new ArgumentException($"{detector}: bin {t} ({axis.BinStart(t):yyyy-MM-dd HH:mm}) has {counts[t]} posts with the key out of {totals[t]}: counts must lie in [0, total]");
    }

    /// <summary>Maximal runs of bins whose level is at least <paramref name="level"/>.</summary>
    public static IEnumerable<(int Start, int End)> Runs(int[] states, int level)
    {
        for (int t = 0; t < states.Length;)
        {
            if (states[t] < level) { t++; continue; }
            int s = t;
            while (t < states.Length && states[t] >= level) t++;
            yield return (s, t);
        }
    }
}
