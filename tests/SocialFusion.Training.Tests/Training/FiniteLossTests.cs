using SocialFusion.Data.Posts;
using SocialFusion.Models.Config;
using SocialFusion.Models.MultiTask;
using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using SocialFusion.Training.MultiTask;
using SocialFusion.Training.Training;
using Xunit;

namespace SocialFusion.Training.Tests.Training;

/// <summary>NaN and Infinity are refused in configurations and features, and a loss that stops being finite stops training at that step (issue 9, item 7).</summary>
public sealed class FiniteLossTests
{
    [Fact]
    public void Configuration_records_refuse_NaN_and_Infinity_naming_the_field()
    {
        // Each of these passed the old range checks: "x < 0" lets NaN through, "x > 0" lets +Infinity through.
        Assert.Contains("LearningRate must be a finite number, got Infinity", Assert.Throws<ArgumentException>(() =>
            new TrainingConfig { LearningRate = double.PositiveInfinity }.Validate()).Message);
        Assert.Contains("WeightDecay must be a finite number, got NaN", Assert.Throws<ArgumentException>(() =>
            new TrainingConfig { WeightDecay = double.NaN }.Validate()).Message);
        Assert.Contains("GradientClip", Assert.Throws<ArgumentException>(() => new TrainingConfig { GradientClip = double.NaN }.Validate()).Message);
        Assert.Contains("field 'alpha_init_a' must be a finite number, got NaN", Assert.Throws<ArgumentException>(() =>
            (ModelPresets.Load("sgmft") with { AlphaInitA = double.NaN }).Validate()).Message);
        Assert.Contains("info_nce_temperature", Assert.Throws<ArgumentException>(() =>
            (ModelPresets.Load("sgmft") with { InfoNceTemperature = double.PositiveInfinity }).Validate()).Message);
        Assert.Contains("lambda_align", Assert.Throws<ArgumentException>(() =>
            (ModelPresets.Load("sgmft") with { LambdaAlign = double.PositiveInfinity }).Validate()).Message);
        Assert.Contains("MultiTaskConfig.Dropout must be a finite number", Assert.Throws<ArgumentException>(() =>
            new MultiTaskConfig { Dropout = double.NaN }.Validate()).Message);
        Assert.Contains("SoftTargetTemperature", Assert.Throws<ArgumentException>(() =>
            new BuiltinEncoderOptions(SoftTargetTemperature: double.PositiveInfinity).Validate()).Message);
        Assert.Contains("LearningRate", Assert.Throws<ArgumentException>(() =>
            new BuiltinEncoderOptions(LearningRate: double.PositiveInfinity).Validate()).Message);
        new TrainingConfig().Validate();
        ModelPresets.Load("sgmft").Validate();
        new MultiTaskConfig().Validate();
        new BuiltinEncoderOptions().Validate();
    }

    [Fact]
    public void An_overflowing_learning_rate_stops_location_training_at_the_step_whose_loss_is_not_finite()
    {
        using var dir = new TempDir();
        var config = new TrainingConfig { LearningRate = 1e30, BatchSize = 16, MaxEpochs = 5, Patience = 0, WarmupFraction = 0, Seed = 3 };
        var seen = new List<TrainingProgress>();
        var e = Assert.Throws<NonFiniteLossException>(() => LocationTrainer.Train(() => new PooledLinearModel(8, 3), LocationTrainerTests.Spec, 1, 4,
            LocationTrainerTests.Synthetic(120, 1), LocationTrainerTests.Synthetic(30, 2), LocationTrainerTests.Labels, config,
            new Progress(seen.Add), checkpointFolder: dir.Path));
        Assert.Equal(1, e.Epoch);                         // stopped in the first epoch, not after all five
        Assert.InRange(e.Step, 2, 8);                     // the first step's loss is finite; the update it applies overflows
        Assert.Equal("cross-entropy", e.Loss);
        Assert.False(double.IsFinite(e.Value));
        Assert.True(e.LearningRate > 1e29, $"learning rate {e.LearningRate}");
        Assert.Contains($"epoch 1, step {e.Step} of 8", e.Message);
        Assert.Contains("--lr", e.Message);
        Assert.Contains("check the features", e.Message);
        Assert.All(seen, p => Assert.True(double.IsFinite(p.Loss)));  // no NaN was ever reported
        Assert.Equal(e.Step - 1, seen.Count);
        Assert.False(File.Exists(Path.Combine(dir.Path, "trainer", "state.json"))); // no epoch finished, nothing to resume from
    }

    [Fact]
    public void NaN_features_are_refused_naming_the_post_before_any_step()
    {
        var train = LocationTrainerTests.Synthetic(40, 1);
        train.Features[17].ImagePooled[3] = float.NaN;
        var e = Assert.Throws<InvalidDataException>(() => LocationTrainer.Train(() => new PooledLinearModel(8, 3), LocationTrainerTests.Spec, 1, 4,
            train, LocationTrainerTests.Synthetic(10, 2), LocationTrainerTests.Labels, new TrainingConfig { BatchSize = 40, MaxEpochs = 1 }));
        Assert.Contains("post 'p17'", e.Message);
        Assert.Contains("pooled image", e.Message);
    }

    [Fact]
    public void An_overflowing_learning_rate_stops_multitask_training_naming_the_head()
    {
        var data = LocationTrainerTests.Synthetic(96, 1);
        var posts = data.Features.Select((f, i) => new Post(f.PostId, "u", DateTimeOffset.UnixEpoch, "t", [],
            new Dictionary<string, string> { ["location"] = LocationTrainerTests.Labels[data.Labels[i]] })).ToList();
        var features = data.Features.ToDictionary(f => f.PostId);
        var schema = TaskSchema.Infer(posts.Select(p => p.Labels));
        var set = MultiTaskSet.From(posts, features, schema);
        var config = new MultiTaskConfig { D = 8, MaxImages = 1, MaxTextTokens = 4, Dropout = 0, ModalityDropout = 0 };
        var e = Assert.Throws<NonFiniteLossException>(() => MultiTaskTrainer.Train(() => new MultiTaskModel(config, LocationTrainerTests.Spec, schema),
            s => new AverageWeighting(s), LocationTrainerTests.Spec, set, set,
            new TrainingConfig { LearningRate = 1e30, BatchSize = 16, MaxEpochs = 4, Patience = 0, WarmupFraction = 0 }));
        Assert.Equal("multi-task model", e.Trainer);
        Assert.Equal(1, e.Epoch);
        Assert.Equal("location head", e.Loss);
        Assert.Contains("--lr", e.Message);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) { if (value.Dev is null) report(value); }
    }
}
