namespace SocialFusion.Training.Evaluation;

/// <summary>Mean and sample standard deviation of one metric over seeds.</summary>
public sealed record MeanStd(double Mean, double Std, int Count)
{
    /// <summary>"0.812 ± 0.013".</summary>
    public override string ToString() => $"{Mean:F3} ± {Std:F3}";
}

/// <summary>Aggregates every scalar metric over runs with different seeds.</summary>
public static class SeedAggregate
{
    /// <summary>Mean and sample (n-1) standard deviation per metric name; std is 0 for a single run.</summary>
    public static IReadOnlyDictionary<string, MeanStd> Aggregate(IReadOnlyList<MetricSet> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("No runs to aggregate.");
        return runs[0].Scalars.Keys.ToDictionary(k => k, k =>
        {
            var v = runs.Select(r => r.Scalars[k]).ToArray();
            double mean = v.Average();
            double std = v.Length < 2 ? 0 : Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
            return new MeanStd(mean, std, v.Length);
        });
    }
}
