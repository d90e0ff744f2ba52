namespace SocialFusion.Training.Evaluation;

/// <summary>Precision, recall, F1 and support of one class.</summary>
public sealed record ClassMetrics(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Classification metrics of one evaluation.</summary>
/// <param name="Accuracy">Fraction of correct top-1 predictions.</param>
/// <param name="MacroF1">Unweighted mean of per-class F1 over every class of the label map.</param>
/// <param name="WeightedF1">Support-weighted mean of per-class F1.</param>
/// <param name="Ece">Expected calibration error of the top-1 confidence, 15 equal-width bins.</param>
/// <param name="PerClass">Per-class metrics in label-map order.</param>
/// <param name="Confusion">Confusion[gold][predicted] counts.</param>
public sealed record MetricSet(double Accuracy, double MacroF1, double WeightedF1, double Ece, IReadOnlyList<ClassMetrics> PerClass, int[][] Confusion)
{
    /// <summary>Every scalar metric by name (for seed aggregation and reports).</summary>
    public IReadOnlyDictionary<string, double> Scalars => new Dictionary<string, double>
    {
        ["accuracy"] = Accuracy, ["macro_f1"] = MacroF1, ["weighted_f1"] = WeightedF1, ["ece"] = Ece,
    };
}

/// <summary>Metrics from predicted probabilities and gold labels.</summary>
public static class Metrics
{
    /// <summary>Default number of ECE bins.</summary>
    public const int EceBins = 15;

    /// <summary>
    /// Computes the metrics. A class with no support or no predictions has precision/recall 0 where the ratio
    /// is undefined (sklearn's zero_division=0) and still counts in the macro mean.
    /// </summary>
    /// <param name="probabilities">[N][C] class probabilities per example.</param>
    /// <param name="gold">[N] gold class indices.</param>
    /// <param name="labels">C class names.</param>
    public static MetricSet Compute(IReadOnlyList<float[]> probabilities, IReadOnlyList<int> gold, IReadOnlyList<string> labels)
    {
        int n = gold.Count, c = labels.Count;
        if (probabilities.Count != n) throw new ArgumentException($"{probabilities.Count} probability rows for {n} gold labels.");
        var confusion = Enumerable.Range(0, c).Select(_ => new int[c]).ToArray();
        var predicted = new int[n];
        var confidence = new double[n];
        for (int i = 0; i < n; i++)
        {
            var p = probabilities[i];
            if (p.Length != c) throw new ArgumentException($"Row {i} has {p.Length} probabilities, expected {c}.");
            if (gold[i] < 0 || gold[i] >= c) throw new ArgumentException($"Row {i}: gold class {gold[i]} outside 0..{c - 1}.");
            int arg = 0;
            for (int k = 1; k < c; k++) if (p[k] > p[arg]) arg = k;
            predicted[i] = arg; confidence[i] = p[arg];
            confusion[gold[i]][arg]++;
        }
        var perClass = new ClassMetrics[c];
        double macro = 0, weighted = 0; int correct = 0;
        for (int k = 0; k < c; k++)
        {
            int tp = confusion[k][k], support = confusion[k].Sum(), predictedK = 0;
            for (int g = 0; g < c; g++) predictedK += confusion[g][k];
            correct += tp;
            double precision = predictedK == 0 ? 0 : tp / (double)predictedK;
            double recall = support == 0 ? 0 : tp / (double)support;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[k] = new ClassMetrics(labels[k], precision, recall, f1, support);
            macro += f1; weighted += f1 * support;
        }
        return new MetricSet(
            n == 0 ? 0 : correct / (double)n, c == 0 ? 0 : macro / c, n == 0 ? 0 : weighted / n,
            ExpectedCalibrationError(confidence, predicted.Select((p, i) => p == gold[i]).ToArray()), perClass, confusion);
    }

    /// <summary>
    /// ECE = sum over bins of (|bin| / N) * |accuracy(bin) - mean confidence(bin)|; bins (k/B, (k+1)/B],
    /// confidence 0 falls in the first bin.
    /// </summary>
    public static double ExpectedCalibrationError(IReadOnlyList<double> confidence, IReadOnlyList<bool> correct, int bins = EceBins)
    {
        int n = confidence.Count;
        if (n == 0) return 0;
        var count = new int[bins]; var conf = new double[bins]; var acc = new double[bins];
        for (int i = 0; i < n; i++)
        {
            int b = Math.Clamp((int)Math.Ceiling(confidence[i] * bins) - 1, 0, bins - 1);
            count[b]++; conf[b] += confidence[i]; acc[b] += correct[i] ? 1 : 0;
        }
        double ece = 0;
        for (int b = 0; b < bins; b++)
            if (count[b] > 0) ece += count[b] / (double)n * Math.Abs(acc[b] / count[b] - conf[b] / count[b]);
        return ece;
    }
}
