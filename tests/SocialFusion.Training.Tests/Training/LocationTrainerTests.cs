using SocialFusion.Models;
using SocialFusion.Models.Features;
using SocialFusion.Training.Features;
using SocialFusion.Training.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Training.Tests.Training;

/// <summary>Tiny real model: linear on concatenated pooled features.</summary>
internal sealed class PooledLinearModel : LocationModel
{
    private readonly TorchSharp.Modules.Linear head;
    public PooledLinearModel(int pooledDim, int classes) : base("pooled_linear")
    {
        head = nn.Linear(2 * pooledDim, classes);
        NumClasses = classes;
        RegisterComponents();
    }
    public override int NumClasses { get; }
    public override ModelOutput forward(FeatureBatch batch) => new(head.forward(cat(new[] { batch.TextPooled, batch.ImagePooled }, 1))); // [B, C]
}

public sealed class LocationTrainerTests
{
    internal static readonly FeatureSpec Spec = new(4, 4, 8, 2, false);
    internal static readonly string[] Labels = { "a", "b", "c" };

    internal static LabelledFeatures Synthetic(int n, int seed)
    {
        var rng = new Random(seed);
        var features = new List<PostFeatures>(); var labels = new List<int>();
        for (int i = 0; i < n; i++)
        {
            int y = i % 3;
            float[] Pooled() => Enumerable.Range(0, 8).Select(d => (d % 3 == y ? 2f : 0f) + (float)(rng.NextDouble() - 0.5)).ToArray();
            features.Add(new PostFeatures
            {
                PostId = $"p{i}", TextTokens = new float[4], TextLength = 1, Images = Array.Empty<float[]>(),
                TextPooled = Pooled(), ImagePooled = Pooled(),
            });
            labels.Add(y);
        }
        return new LabelledFeatures(features, labels);
    }

    private static TrainingResult Run(TrainingConfig config) =>
        LocationTrainer.Train(() => new PooledLinearModel(8, 3), Spec, 1, 4, Synthetic(120, 1), Synthetic(30, 2), Labels, config);

    [Fact]
    public void SeparableData_ReachesHighDevAccuracy()
    {
        var r = Run(new TrainingConfig { LearningRate = 0.05, BatchSize = 16, MaxEpochs = 8, Patience = 0, Seed = 7 });
        Assert.True(r.BestDev.Accuracy >= 0.9, $"dev accuracy {r.BestDev.Accuracy}");
        Assert.Equal(8, r.History.Count);
    }

    [Fact]
    public void SameSeed_IdenticalMetrics()
    {
        torch.set_num_threads(1);
        var cfg = new TrainingConfig { LearningRate = 0.01, BatchSize = 16, MaxEpochs = 3, Seed = 11 };
        var a = Run(cfg); var b = Run(cfg);
        Assert.Equal(a.History.Select(h => h.TrainLoss), b.History.Select(h => h.TrainLoss));
        Assert.Equal(a.BestDev.MacroF1, b.BestDev.MacroF1);
    }

    [Fact]
    public void EarlyStopping_Triggers_WhenDevStopsImproving()
    {
        // A zero learning rate cannot improve dev after epoch 1, so patience 2 stops at epoch 3.
        var r = Run(new TrainingConfig { LearningRate = 1e-12, BatchSize = 32, MaxEpochs = 20, Patience = 2, Seed = 1 });
        Assert.True(r.StoppedEarly);
        Assert.Equal(3, r.History.Count);
        Assert.Equal(1, r.BestEpoch);
    }

    [Fact]
    public void Schedule_WarmupThenCosine()
    {
        Assert.Equal(0.1, LearningRateSchedule.Factor(0, 100, 10), 12);
        Assert.Equal(1.0, LearningRateSchedule.Factor(9, 100, 10), 12);
        Assert.Equal(1.0, LearningRateSchedule.Factor(10, 100, 10), 12);
        Assert.Equal(0.5, LearningRateSchedule.Factor(55, 100, 10), 12);
        Assert.Equal(0.0, LearningRateSchedule.Factor(100, 100, 10), 12);
    }
}
