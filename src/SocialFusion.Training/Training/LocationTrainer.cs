using System.Diagnostics;
using SocialFusion.Models;
using SocialFusion.Models.Features;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Training.Training;

/// <summary>Progress of a training run, reported after every optimiser step and after every dev evaluation.</summary>
public sealed record TrainingProgress(int Epoch, int Step, int StepsPerEpoch, double Loss, MetricSet? Dev);

/// <summary>One epoch's record.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double LearningRate, MetricSet Dev);

/// <summary>Outcome of <see cref="LocationTrainer.Train"/>; <see cref="Model"/> holds the best dev weights.</summary>
public sealed record TrainingResult(int BestEpoch, IReadOnlyList<EpochRecord> History, MetricSet BestDev, TimeSpan Elapsed, LocationModel Model, bool StoppedEarly);

/// <summary>Labelled features for one split.</summary>
public sealed record LabelledFeatures(IReadOnlyList<PostFeatures> Features, IReadOnlyList<int> Labels);

/// <summary>
/// The SG-MFT training loop (sgmft.md, training defaults). A loss that is not finite stops it at that step
/// (<see cref="FiniteLoss"/>), so a run never records a NaN loss or saves NaN weights.
/// </summary>
public static class LocationTrainer
{
    /// <summary>
    /// Trains a model from <paramref name="createModel"/> on <paramref name="train"/>, selecting the epoch with the
    /// best dev macro-F1. Deterministic given <see cref="TrainingConfig.Seed"/> on CPU when torch runs single-threaded
    /// (the caller sets <c>torch.set_num_threads(1)</c> when bit-exact reproducibility is required).
    /// </summary>
    public static TrainingResult Train(Func<LocationModel> createModel, FeatureSpec spec, int maxImages, int maxTextTokens,
        LabelledFeatures train, LabelledFeatures dev, IReadOnlyList<string> labelNames, TrainingConfig config,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellation = default, string? checkpointFolder = null)
    {
        config.Validate();
        if (train.Features.Count == 0) throw new ArgumentException("The training split is empty.");
        if (train.Features.Count != train.Labels.Count || dev.Features.Count != dev.Labels.Count)
            throw new ArgumentException("Features and labels differ in count.");
        var clock = Stopwatch.StartNew();

        // Seed everything: torch for initialisation; each epoch re-seeds torch (dropout) and the shuffle from
        // (seed, epoch), so a resumed run continues exactly as an uninterrupted one without saving RNG state.
        random.manual_seed(config.Seed);
        var model = createModel();
        model.train();

        var optimizer = WeightDecay.AdamW(model, config.LearningRate, config.WeightDecay);
        int stepsPerEpoch = (train.Features.Count + config.BatchSize - 1) / config.BatchSize;
        long totalSteps = (long)stepsPerEpoch * config.MaxEpochs;
        long warmupSteps = (long)Math.Round(totalSteps * config.WarmupFraction);
        using var classWeights = ClassWeights(train.Labels, labelNames.Count, config.ClassWeights);

        var history = new List<EpochRecord>();
        MetricSet? bestDev = null; int bestEpoch = 0, sinceBest = 0; long step = 0; bool stoppedEarly = false;
        var bestState = new Dictionary<string, Tensor>();
        int firstEpoch = 1;
        var resumed = checkpointFolder is null ? null : TrainerState.TryLoad(checkpointFolder, config, model, optimizer);
        if (resumed is not null)
        {
            firstEpoch = resumed.Epoch + 1; step = resumed.Step; bestEpoch = resumed.BestEpoch; sinceBest = resumed.SinceBest;
            history.AddRange(resumed.History);
            bestDev = history.FirstOrDefault(h => h.Epoch == bestEpoch)?.Dev;
            bestState = TrainerState.LoadBest(checkpointFolder!, createModel);
            stoppedEarly = resumed.StoppedEarly;
        }
        for (int epoch = firstEpoch; epoch <= config.MaxEpochs && !stoppedEarly; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            random.manual_seed(config.Seed * 100_003L + epoch);
            var order = Enumerable.Range(0, train.Features.Count).ToArray();
            new Random(unchecked(config.Seed * 1_000_003 + epoch)).Shuffle(order);
            double lossSum = 0, lr = 0;
            for (int s = 0; s < stepsPerEpoch; s++, step++)
            {
                using var scope = NewDisposeScope();
                var idx = order.Skip(s * config.BatchSize).Take(config.BatchSize).ToArray();
                lr = config.LearningRate * LearningRateSchedule.Factor(step, totalSteps, warmupSteps);
                foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;

                using var batch = FeatureCollator.Collate(idx.Select(i => train.Features[i]).ToList(), spec, maxImages, maxTextTokens);
                var gold = tensor(idx.Select(i => (long)train.Labels[i]).ToArray()); // [B]
                var output = model.forward(batch);
                var loss = nn.functional.cross_entropy(output.Logits, gold, weight: classWeights, label_smoothing: config.LabelSmoothing);
                double value = FiniteLoss.Check(loss, $"location model ({model.GetName()})", "cross-entropy", epoch, s + 1, stepsPerEpoch, lr);
                if (output.AuxiliaryLoss is not null)
                {
                    value += FiniteLoss.Check(output.AuxiliaryLoss, $"location model ({model.GetName()})", "alignment (InfoNCE)", epoch, s + 1, stepsPerEpoch, lr);
                    loss = loss + output.AuxiliaryLoss;
                }

                optimizer.zero_grad();
                loss.backward();
                if (config.GradientClip > 0) nn.utils.clip_grad_norm_(model.parameters(), config.GradientClip);
                optimizer.step();
                lossSum += value;
                progress?.Report(new TrainingProgress(epoch, s + 1, stepsPerEpoch, value, null));
            }

            var devMetrics = Evaluator.Evaluate(model, dev.Features, dev.Labels, labelNames, spec, maxImages, maxTextTokens, config.EvalBatchSize).Metrics;
            history.Add(new EpochRecord(epoch, lossSum / stepsPerEpoch, lr, devMetrics));
            progress?.Report(new TrainingProgress(epoch, stepsPerEpoch, stepsPerEpoch, lossSum / stepsPerEpoch, devMetrics));

            if (bestDev is null || devMetrics.MacroF1 > bestDev.MacroF1)
            {
                bestDev = devMetrics; bestEpoch = epoch; sinceBest = 0;
                foreach (var t in bestState.Values) t.Dispose();
                bestState = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            }
            else if (config.Patience > 0 && ++sinceBest >= config.Patience)
            {
                stoppedEarly = true;
            }
            if (checkpointFolder is not null)
                TrainerState.Save(checkpointFolder, model, optimizer, bestState,
                    new TrainerState(config, epoch, step, bestEpoch, sinceBest, stoppedEarly, history.ToArray()));
        }

        model.load_state_dict(bestState);
        foreach (var t in bestState.Values) t.Dispose();
        model.eval();
        return new TrainingResult(bestEpoch, history, bestDev!, clock.Elapsed, model, stoppedEarly);
    }

    /// <summary>[C] class weights for the loss, or null for unweighted.</summary>
    private static Tensor? ClassWeights(IReadOnlyList<int> labels, int classes, ClassWeighting weighting)
    {
        if (weighting == ClassWeighting.None) return null;
        var counts = new int[classes];
        foreach (var l in labels) counts[l]++;
        return tensor(ClassBalance.Weights(counts));
    }
}
