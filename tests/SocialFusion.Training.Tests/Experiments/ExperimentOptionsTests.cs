using SocialFusion.Models.Config;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.MultiTask;
using Xunit;

namespace SocialFusion.Training.Tests.Experiments;

/// <summary>Options that would silently give a wrong report are refused (issue 9, item 6).</summary>
public class ExperimentOptionsTests
{
    private static LocationExperimentOptions Location(string dir) => new() { DataPath = "posts.jsonl", OutputFolder = dir };

    [Fact]
    public void RepeatedSeed_IsRefusedBeforeAnythingIsWritten()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"sf-seeds-{Guid.NewGuid():N}");
        var e = Assert.Throws<ArgumentException>(() => LocationExperiment.Run(Location(dir) with { Seeds = [1, 1] }));
        Assert.Contains("Seed(s) 1 given more than once", e.Message);
        Assert.False(Directory.Exists(dir));
        Assert.Throws<ArgumentException>(() => (Location(dir) with { Seeds = [] }).Validate());
        (Location(dir) with { Seeds = [1, 2] }).Validate();
    }

    [Fact]
    public void RepeatedPreset_IsRefused()
    {
        var o = Location("out") with { Presets = [ModelPresets.Load("sgmft"), ModelPresets.Load("text-only"), ModelPresets.Load("sgmft")] };
        var e = Assert.Throws<ArgumentException>(() => o.Validate());
        Assert.Contains("sgmft given more than once", e.Message);
    }

    [Fact]
    public void MultiTask_RepeatedSeedAndWeightsWithoutFixedWeighting_AreRefused()
    {
        Assert.Contains("more than once", Assert.Throws<ArgumentException>(() => new MultiTaskExperimentOptions { Seeds = [2, 2] }.Validate()).Message);
        var weights = new Dictionary<string, double> { ["location"] = 1 };
        Assert.Contains("weighting is 'uncertainty'", Assert.Throws<ArgumentException>(() =>
            new MultiTaskExperimentOptions { FixedWeights = weights }.Validate()).Message);
        new MultiTaskExperimentOptions { FixedWeights = weights, Weighting = WeightingKind.Fixed }.Validate();
    }

    [Fact]
    public void FixedWeights_UnknownHeadAllZeroOrNotFinite_AreRefused()
    {
        var schema = new TaskSchema([new TaskHead("location", TaskKind.Classification, ["a", "b"]), new TaskHead("mood", TaskKind.Classification, ["x", "y"])]);
        Assert.Equal(new[] { 2.0, 1.0 }, LossWeighting.FixedWeightsFor(schema, new Dictionary<string, double> { ["location"] = 2 }));
        var unknown = Assert.Throws<ArgumentException>(() => LossWeighting.FixedWeightsFor(schema, new Dictionary<string, double> { ["nosuchhead"] = 1 }));
        Assert.Contains("'nosuchhead', which is not a head; the heads are location, mood", unknown.Message);
        Assert.Contains("0", Assert.Throws<ArgumentException>(() => LossWeighting.FixedWeightsFor(schema,
            new Dictionary<string, double> { ["location"] = 0, ["mood"] = 0 })).Message);
        Assert.Throws<ArgumentException>(() => LossWeighting.FixedWeightsFor(schema, new Dictionary<string, double> { ["mood"] = double.NaN }));
        Assert.Throws<ArgumentException>(() => LossWeighting.Create(WeightingKind.Fixed, schema, new Dictionary<string, double> { ["nosuchhead"] = 1 }));
    }
}
