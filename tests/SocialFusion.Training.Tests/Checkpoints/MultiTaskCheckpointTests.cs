using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Checkpoints;
using SocialFusion.Training.MultiTask;
using SocialFusion.Training.Tests.Training;
using SocialFusion.Training.Training;
using Xunit;

namespace SocialFusion.Training.Tests.Checkpoints;

public sealed class MultiTaskCheckpointTests
{
    private static readonly TaskSchema Schema = new([
        new TaskHead("location", TaskKind.Classification, ["gym", "home", "park"]),
        new TaskHead("stars", TaskKind.Regression, [], Mean: 3.5, Std: 1.25),
    ]);

    [Theory]
    [InlineData(TrunkKind.AttentionPooling)]
    [InlineData(TrunkKind.Sgmft)]
    public void RoundTrip_RebuildsTheSameModel_AndKeepsTheMetadata(TrunkKind trunk)
    {
        var spec = LocationTrainerTests.Spec;
        var features = LocationTrainerTests.Synthetic(12, 5).Features;
        var config = new MultiTaskConfig { Trunk = trunk, D = 16, MaxImages = 1, MaxTextTokens = 4, Sgmft = new() { D = 16, Heads = 2, MaxImages = 1, MaxTextTokens = 4 } };
        TorchSharp.torch.random.manual_seed(5);
        using var model = new MultiTaskModel(config, spec, Schema);
        model.eval();
        var folder = Directory.CreateTempSubdirectory("sf-mtckpt-").FullName;
        try
        {
            var checkpoint = new MultiTaskCheckpoint
            {
                Model = config, Features = spec, Schema = Schema, EncoderFingerprint = "enc-1", Training = new TrainingConfig { Seed = 9 },
                Weighting = WeightingKind.Fixed, LossWeights = new Dictionary<string, double> { ["location"] = 1, ["stars"] = 0.5 },
                Metrics = new Dictionary<string, double> { ["test_location_macro_f1"] = 0.25 },
            };
            checkpoint.Save(folder, model);
            Assert.Equal(MultiTaskCheckpoint.Kind, CheckpointKinds.Of(folder));

            var (meta, reloaded) = MultiTaskCheckpoint.Load(folder);
            using (reloaded)
            {
                Assert.Equal(config with { Sgmft = meta.Model.Sgmft }, meta.Model);
                Assert.Equal(config.Sgmft, meta.Model.Sgmft);
                Assert.Equal(spec, meta.Features);
                Assert.Equal(["location", "stars"], meta.Schema.Tasks.Select(t => t.Name));
                Assert.Equal(["gym", "home", "park"], meta.Schema.Tasks[0].Classes);
                Assert.Equal((TaskKind.Regression, 3.5, 1.25), (meta.Schema.Tasks[1].Kind, meta.Schema.Tasks[1].Mean, meta.Schema.Tasks[1].Std));
                Assert.Equal((WeightingKind.Fixed, 0.5, 9), (meta.Weighting, meta.LossWeights["stars"], meta.Training!.Seed));
                Assert.Equal(0.25, meta.Metrics["test_location_macro_f1"]);

                var before = MultiTaskEvaluator.Infer(model, features, spec);
                var after = MultiTaskEvaluator.Infer(reloaded, features, spec);
                for (int i = 0; i < features.Count; i++)
                {
                    Assert.Equal(before.Probabilities[0]![i], after.Probabilities[0]![i]);
                    Assert.Equal(before.Values[1]![i], after.Values[1]![i]);
                }
            }
            meta.EnsureCompatible("enc-1", spec);
            Assert.Contains("fingerprint", Assert.Throws<InvalidOperationException>(() => meta.EnsureCompatible("enc-2", spec)).Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void EachKindOfReader_RefusesTheOtherKind_Clearly()
    {
        var folder = Directory.CreateTempSubdirectory("sf-mtckpt-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, Checkpoint.MetadataFile), """{ "kind": "multitask", "format_version": 1 }""");
            Assert.Contains("multitask checkpoint, not a location one", Assert.Throws<FormatException>(() => Checkpoint.ReadMetadata(folder)).Message);
            File.WriteAllText(Path.Combine(folder, Checkpoint.MetadataFile), """{ "format_version": 1, "labels": ["a"] }""");
            Assert.Equal(CheckpointKinds.Location, CheckpointKinds.Of(folder));
            Assert.Contains("not a multi-task one", Assert.Throws<FormatException>(() => MultiTaskCheckpoint.ReadMetadata(folder)).Message);
            File.WriteAllText(Path.Combine(folder, Checkpoint.MetadataFile), "{ not json");
            Assert.Contains("invalid JSON", Assert.Throws<FormatException>(() => CheckpointKinds.Of(folder)).Message);
        }
        finally { Directory.Delete(folder, true); }
    }
}
