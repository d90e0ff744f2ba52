using SocialFusion.Training.Training;
using TorchSharp;
using Xunit;

namespace SocialFusion.Training.Tests.Training;

public sealed class ResumeTests
{
    private sealed class CancelAfter(int epoch, CancellationTokenSource cts) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) { if (value.Dev is not null && value.Epoch == epoch) cts.Cancel(); }
    }

    [Fact]
    public void InterruptedAfterTwoEpochs_ResumesToSameResultAsStraightRun()
    {
        torch.set_num_threads(1);
        var cfg = new TrainingConfig { LearningRate = 0.01, BatchSize = 16, MaxEpochs = 4, Patience = 0, Seed = 5 };
        TrainingResult Run(string? folder, IProgress<TrainingProgress>? progress = null, CancellationToken ct = default) =>
            LocationTrainer.Train(() => new PooledLinearModel(8, 3), LocationTrainerTests.Spec, 1, 4,
                LocationTrainerTests.Synthetic(120, 1), LocationTrainerTests.Synthetic(30, 2), LocationTrainerTests.Labels, cfg, progress, ct, folder);

        var straight = Run(null);
        var folder = Directory.CreateTempSubdirectory("sf-resume-").FullName;
        try
        {
            using var cts = new CancellationTokenSource();
            Assert.ThrowsAny<OperationCanceledException>(() => Run(folder, new CancelAfter(2, cts), cts.Token));
            var resumed = Run(folder);
            Assert.Equal(4, resumed.History.Count);
            Assert.Equal(straight.History.Select(h => h.TrainLoss), resumed.History.Select(h => h.TrainLoss));
            Assert.Equal(straight.BestDev.MacroF1, resumed.BestDev.MacroF1);
            var a = straight.Model.state_dict(); var b = resumed.Model.state_dict();
            foreach (var key in a.Keys) Assert.True(a[key].allclose(b[key], 0, 0), $"weights differ at {key}");
        }
        finally { Directory.Delete(folder, true); }
    }
}
