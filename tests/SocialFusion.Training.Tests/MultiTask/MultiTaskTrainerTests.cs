using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.MultiTask;
using SocialFusion.Training.Training;
using Xunit;

namespace SocialFusion.Training.Tests.MultiTask;

public class MultiTaskTrainerTests
{
    private static readonly TaskSchema Schema = new([
        new TaskHead("loc", TaskKind.Classification, ["a", "b", "c"]),
        new TaskHead("r", TaskKind.Regression, []),
        new TaskHead("s", TaskKind.Classification, ["x", "y"]),
    ]);

    [Fact]
    public void ClassWeights_NoneIsUnweighted_BalancedPerClassificationHead()
    {
        // Rows: (loc, r, s); row 3 has no loc label and row 4 no s label, so neither is counted for that head.
        var values = new float[] { 0, 1, 0, /**/ 0, 2, 1, /**/ 1, 3, 1, /**/ 2, 4, 1, /**/ 2, 5, 0 };
        var present = new[] { true, true, true, true, true, true, true, true, true, false, true, true, true, true, false };
        var targets = new TaskTargets(values, present, 3);
        Assert.All(MultiTaskTrainer.ClassWeights(Schema, targets, ClassWeighting.None), Assert.Null);
        var w = MultiTaskTrainer.ClassWeights(Schema, targets, ClassWeighting.Balanced);
        // loc: a a b c over 4 labelled rows -> 4 / (3 n_c).
        Assert.Equal([4f / 6, 4f / 3, 4f / 3], w[0]!);
        Assert.Null(w[1]);
        // s: x y y y over 4 labelled rows -> 4 / (2 n_c).
        Assert.Equal([2f, 4f / 6], w[2]!);
        // Per-head overrides: s unweighted while the default is balanced, loc balanced while the default is none.
        var mixed = MultiTaskTrainer.ClassWeights(Schema, targets, ClassWeighting.Balanced, new Dictionary<string, ClassWeighting> { ["s"] = ClassWeighting.None });
        Assert.Equal(w[0], mixed[0]);
        Assert.Null(mixed[2]);
        var onlyLoc = MultiTaskTrainer.ClassWeights(Schema, targets, ClassWeighting.None, new Dictionary<string, ClassWeighting> { ["loc"] = ClassWeighting.Balanced });
        Assert.Equal(w[0], onlyLoc[0]);
        Assert.Null(onlyLoc[2]);
        Assert.Throws<KeyNotFoundException>(() => MultiTaskTrainer.ClassWeights(Schema, targets, ClassWeighting.None, new Dictionary<string, ClassWeighting> { ["nope"] = ClassWeighting.Balanced }));
    }

    private static MultiTaskEvaluation Eval(double loc, double rmse, double s) => new([
        new HeadEvaluation("loc", TaskKind.Classification, 10, F1(loc), null),
        new HeadEvaluation("r", TaskKind.Regression, 10, null, new RegressionMetrics(rmse, rmse, 0)),
        new HeadEvaluation("s", TaskKind.Classification, 10, F1(s), null),
    ]);

    private static MetricSet F1(double f1) => new(f1, f1, f1, 0, [], []);

    [Fact]
    public void HeadBests_ImproveWhenAnyHeadBeatsItsOwnBest()
    {
        var best = Enumerable.Repeat(double.NegativeInfinity, 3).ToArray();
        Assert.True(MultiTaskTrainer.UpdateHeadBests(best, Schema, Eval(0.2, 1.0, 0.9)));
        Assert.Equal([0.2, -1.0, 0.9], best);
        // The mean falls (s drops a lot) but loc improves: that is progress, and s keeps its best.
        Assert.True(MultiTaskTrainer.UpdateHeadBests(best, Schema, Eval(0.25, 1.0, 0.8)));
        Assert.Equal([0.25, -1.0, 0.9], best);
        // A lower RMSE is an improvement for the regression head.
        Assert.True(MultiTaskTrainer.UpdateHeadBests(best, Schema, Eval(0.1, 0.5, 0.1)));
        Assert.Equal(-0.5, best[1]);
        // Nothing beats its best (ties included): no progress.
        Assert.False(MultiTaskTrainer.UpdateHeadBests(best, Schema, Eval(0.25, 0.5, 0.9)));
        // Selection still uses the mean macro-F1 over classification heads.
        Assert.Equal((0.25 + 0.9) / 2, MultiTaskTrainer.SelectionScore(Schema, Eval(0.25, 0.5, 0.9)), 12);
    }

    [Fact]
    public void MatchParameters_WidestMultiTaskModelWithinTheSingleTaskBudget()
    {
        var spec = new FeatureSpec(TextDim: 12, ImageDim: 10, PooledDim: 8, ImageTokens: 5, PooledAligned: false);
        var schema = new TaskSchema([Schema.Tasks[0], Schema.Tasks[2]]);
        var options = new MultiTaskExperimentOptions { Model = new MultiTaskConfig { D = 8, MaxImages = 2, MaxTextTokens = 8 } };
        var (config, multi, singles) = MultiTaskExperiment.MultiTaskModelFor(options, spec, schema);
        long Count(MultiTaskConfig c, TaskSchema s) { using var m = new MultiTaskModel(c, spec, s); return m.parameters().Sum(p => p.numel()); }
        Assert.Equal(Count(options.Model, schema.Only("loc")) + Count(options.Model, schema.Only("s")), singles);
        Assert.True(config.D > options.Model.D);
        Assert.Equal(Count(config, schema), multi);
        Assert.True(multi <= singles);
        Assert.True(Count(config with { D = config.D + 1 }, schema) > singles);
        // Off: the multi-task model keeps the single-task width.
        var same = MultiTaskExperiment.MultiTaskModelFor(options with { MatchParameters = false }, spec, schema);
        Assert.Equal(options.Model, same.Config);
    }
}
