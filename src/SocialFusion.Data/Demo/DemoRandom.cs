namespace SocialFusion.Data.Demo;

/// <summary>
/// SplitMix64 generator. Our own so output never depends on the runtime's System.Random algorithm;
/// independent streams are forked by name so adding draws in one part does not shift another.
/// </summary>
public sealed class DemoRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A new stream derived from this seed and a stable name (FNV-1a, not string.GetHashCode).</summary>
    public static DemoRandom Stream(ulong seed, string name)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in name) { h ^= c; h *= 1099511628211UL; }
        return new DemoRandom(seed ^ h);
    }

    public ulong NextULong()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));
    /// <summary>Uniform integer in [lo, hi).</summary>
    public int Next(int lo, int hi) => hi <= lo ? lo : lo + (int)(NextULong() % (ulong)(hi - lo));
    public int Next(int hi) => Next(0, hi);
    public float Range(float lo, float hi) => lo + (float)NextDouble() * (hi - lo);
    public bool Chance(double p) => NextDouble() < p;
    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    /// <summary>Index drawn proportionally to <paramref name="weights"/>.</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        double total = 0; foreach (var w in weights) total += w;
        double r = NextDouble() * total;
        for (int i = 0; i < weights.Count; i++) { r -= weights[i]; if (r < 0) return i; }
        return weights.Count - 1;
    }

    /// <summary>Standard normal draw (Box-Muller, one value per call so the stream stays easy to follow).</summary>
    public double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());

    /// <summary>Pareto-like heavy tail, >= 1 (posting rates, likes).</summary>
    public double HeavyTail(double alpha) => Math.Pow(1 - NextDouble(), -1 / alpha);
}
