using SocialFusion.Training.Evaluation;
using Xunit;

namespace SocialFusion.Training.Tests.Evaluation;

public sealed class MetricsTests
{
    private static float[] OneHotish(int k, int c, float conf)
    {
        var p = Enumerable.Repeat((1 - conf) / (c - 1), c).ToArray();
        p[k] = conf;
        return p;
    }

    [Fact]
    public void HandComputedExample_WithZeroSupportAndZeroPredictionClasses()
    {
        // Classes a, b, c, d. Gold: a a a b b c. Pred: a a b b a a. d: no support, no predictions.
        // c: support 1, never predicted.
        string[] labels = { "a", "b", "c", "d" };
        int[] gold = { 0, 0, 0, 1, 1, 2 };
        int[] pred = { 0, 0, 1, 1, 0, 0 };
        var probs = pred.Select(p => OneHotish(p, 4, 0.7f)).ToList();
        var m = Metrics.Compute(probs, gold, labels);
        // a: tp 2, predicted 4, support 3 -> P 0.5, R 2/3, F1 4/7.  b: tp 1, pred 2, support 2 -> 0.5, 0.5, 0.5.
        Assert.Equal(0.5, m.PerClass[0].Precision, 12);
        Assert.Equal(2.0 / 3, m.PerClass[0].Recall, 12);
        Assert.Equal(4.0 / 7, m.PerClass[0].F1, 12);
        Assert.Equal(0.5, m.PerClass[1].F1, 12);
        Assert.Equal(0, m.PerClass[2].F1);
        Assert.Equal(0, m.PerClass[3].Support);
        Assert.Equal(3.0 / 6, m.Accuracy, 12);
        Assert.Equal((4.0 / 7 + 0.5) / 4, m.MacroF1, 12);
        Assert.Equal((3 * 4.0 / 7 + 2 * 0.5) / 6, m.WeightedF1, 12);
        Assert.Equal(2, m.Confusion[0][0]);
        Assert.Equal(1, m.Confusion[0][1]);
        Assert.Equal(1, m.Confusion[2][0]);
        // All confidences 0.7 in one bin; accuracy 0.5 -> ECE = |0.5 - 0.7| = 0.2.
        Assert.Equal(0.2, m.Ece, 5);
    }

    [Fact]
    public void Ece_KnownCase_TwoBins()
    {
        // Bin of 0.95 (2 examples, 1 correct) and bin of 0.35 (2 examples, 2 correct).
        double ece = Metrics.ExpectedCalibrationError(new[] { 0.95, 0.95, 0.35, 0.35 }, new[] { true, false, true, true });
        Assert.Equal(0.5 * Math.Abs(0.5 - 0.95) + 0.5 * Math.Abs(1 - 0.35), ece, 12);
    }

    [Fact]
    public void PerfectPredictions_GiveOne()
    {
        var m = Metrics.Compute(new[] { OneHotish(0, 2, 1f), OneHotish(1, 2, 1f) }, new[] { 0, 1 }, new[] { "x", "y" });
        Assert.Equal(1, m.Accuracy);
        Assert.Equal(1, m.MacroF1);
        Assert.Equal(0, m.Ece, 6);
    }

    [Fact]
    public void MismatchedRow_IsAClearError()
    {
        var e = Assert.Throws<ArgumentException>(() => Metrics.Compute(new[] { new float[3] }, new[] { 0 }, new[] { "x", "y" }));
        Assert.Contains("Row 0", e.Message);
    }
}
