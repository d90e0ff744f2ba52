using SocialFusion.Models;
using SocialFusion.Models.Config;
using SocialFusion.Training.Checkpoints;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Prediction;
using SocialFusion.Training.Tests.Training;
using SocialFusion.Training.Training;
using Xunit;

namespace SocialFusion.Training.Tests.Checkpoints;

public sealed class CheckpointTests
{
    private static readonly SgmftConfig Config = new() { Preset = "tiny-probe", Architecture = Architecture.LinearProbe, D = 16, Heads = 2, MaxImages = 1, MaxTextTokens = 4 };

    [Fact]
    public void RoundTrip_IdenticalPredictions_AndFingerprintMismatchRefused()
    {
        var spec = LocationTrainerTests.Spec;
        var dev = LocationTrainerTests.Synthetic(30, 2);
        var result = LocationTrainer.Train(() => LocationModels.Create(Config, spec, 3), spec, 1, 4,
            LocationTrainerTests.Synthetic(90, 1), dev, LocationTrainerTests.Labels,
            new TrainingConfig { LearningRate = 0.05, BatchSize = 16, MaxEpochs = 2, Seed = 3 });
        var folder = Directory.CreateTempSubdirectory("sf-ckpt-").FullName;
        try
        {
            var checkpoint = new Checkpoint
            {
                Model = Config, Features = spec, Labels = LocationTrainerTests.Labels, LabelName = "location",
                EncoderFingerprint = "enc-1", Training = new TrainingConfig { Seed = 3 },
                Metrics = result.BestDev.Scalars,
            };
            checkpoint.Save(folder, result.Model);
            var before = Evaluator.Infer(result.Model, dev.Features, spec, 1, 4).Probabilities;

            var predictor = Predictor.Load(folder);
            Assert.Equal(Config, predictor.Checkpoint.Model);
            Assert.Equal(3, predictor.Checkpoint.Training!.Seed);
            var (_, reloaded) = Checkpoint.Load(folder);
            var after = Evaluator.Infer(reloaded, dev.Features, spec, 1, 4).Probabilities;
            for (int i = 0; i < before.Count; i++) Assert.Equal(before[i], after[i]);

            var predictions = predictor.Predict(dev.Features, "enc-1", k: 2);
            Assert.Equal(2, predictions[0].Top.Count);
            Assert.True(predictions[0].Top[0].Probability >= predictions[0].Top[1].Probability);
            var jsonl = Path.Combine(folder, "pred.jsonl");
            PredictionWriter.WriteJsonl(jsonl, predictions);
            Assert.Equal(dev.Features.Count, File.ReadAllLines(jsonl).Length);

            var k0 = Assert.Throws<ArgumentOutOfRangeException>(() => predictor.Predict(dev.Features, "enc-1", k: 0));
            Assert.Contains("at least 1", k0.Message);

            var e = Assert.Throws<InvalidOperationException>(() => predictor.Predict(dev.Features, "enc-2"));
            Assert.Contains("fingerprint", e.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.01)]
    [InlineData(0.0)]
    public void TruncatedWeights_NameTheFile(double keep)
    {
        var spec = LocationTrainerTests.Spec;
        var folder = Directory.CreateTempSubdirectory("sf-ckpt-").FullName;
        try
        {
            using var model = LocationModels.Create(Config, spec, 3);
            new Checkpoint
            {
                Model = Config, Features = spec, Labels = LocationTrainerTests.Labels, LabelName = "location", EncoderFingerprint = "enc-1",
            }.Save(folder, model);
            var bin = Path.Combine(folder, Checkpoint.ModelFile);
            var bytes = File.ReadAllBytes(bin);
            File.WriteAllBytes(bin, bytes[..(int)(bytes.Length * keep)]);
            var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(folder));
            Assert.StartsWith($"{bin}: weights file is truncated or corrupt", e.Message);
        }
        finally { Directory.Delete(folder, true); }
    }

    [Fact]
    public void MissingFolder_IsAClearError()
    {
        var e = Assert.Throws<FileNotFoundException>(() => Checkpoint.ReadMetadata("/nonexistent/ckpt"));
        Assert.Contains("checkpoint.json", e.Message);
    }
}
