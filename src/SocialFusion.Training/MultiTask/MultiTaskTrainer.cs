using System.Diagnostics;
using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Features;
using SocialFusion.Training.Training;
using static TorchSharp.torch;

namespace SocialFusion.Training.MultiTask;

/// <summary>Progress after every epoch.</summary>
public sealed record MultiTaskProgress(int Epoch, int MaxEpochs, double TrainLoss, double DevScore);

/// <summary>
/// One epoch's record: mean training loss, mean per-head losses, learning rate, dev selection score, loss weights and
/// each head's own dev score (macro-F1, or -RMSE/std for regression).
/// </summary>
public sealed record MultiTaskEpoch(int Epoch, double TrainLoss, IReadOnlyDictionary<string, double> HeadLosses, double LearningRate,
    double DevScore, IReadOnlyDictionary<string, double> Weights, IReadOnlyDictionary<string, double> DevHeads);

/// <summary>Outcome of training; <see cref="Model"/> and <see cref="Weighting"/> hold the best-dev state.</summary>
public sealed record MultiTaskTrainingResult(MultiTaskModel Model, LossWeighting Weighting, int BestEpoch, MultiTaskEvaluation BestDev,
    IReadOnlyList<MultiTaskEpoch> History, bool StoppedEarly, TimeSpan Elapsed)
{
    /// <summary>The loss weights at the best epoch, by head (learned ones for uncertainty weighting).</summary>
    public IReadOnlyDictionary<string, double> Weights => Weighting.EffectiveWeights();
}

/// <summary>
/// Trains a <see cref="MultiTaskModel"/>: AdamW (weight decay on the model only, never on learned loss weights),
/// linear warm-up then cosine decay, gradient clipping, optional class-weighted cross-entropy
/// (<see cref="TrainingConfig.ClassWeights"/>, per classification head), and model selection on the dev selection
/// score (mean macro-F1 over classification heads; mean -RMSE/std when every head is a regression). Early stopping
/// comes only after <see cref="TrainingConfig.Patience"/> epochs in which neither the selection score nor any single
/// head's dev score reached a new best. A head loss or combined loss that is not finite stops training at that step
/// (<see cref="FiniteLoss"/>).
/// </summary>
public static class MultiTaskTrainer
{
    /// <summary>
    /// Trains from scratch; deterministic for a given <see cref="TrainingConfig.Seed"/> on one CPU thread.
    /// <paramref name="headClassWeights"/> overrides <see cref="TrainingConfig.ClassWeights"/> for the heads it names.
    /// </summary>
    public static MultiTaskTrainingResult Train(Func<MultiTaskModel> createModel, Func<TaskSchema, LossWeighting> createWeighting,
        FeatureSpec spec, MultiTaskSet train, MultiTaskSet dev, TrainingConfig config, IProgress<MultiTaskProgress>? progress = null,
        CancellationToken cancellation = default, IReadOnlyDictionary<string, ClassWeighting>? headClassWeights = null)
    {
        config.Validate();
        if (train.Count == 0) throw new ArgumentException("The training split is empty.");
        var clock = Stopwatch.StartNew();
        random.manual_seed(config.Seed);
        var model = createModel();
        var schema = model.Schema;
        var weighting = createWeighting(schema);
        int tasks = schema.Tasks.Count;
        var classWeightArrays = ClassWeights(schema, train.Targets, config.ClassWeights, headClassWeights);
        var classWeights = classWeightArrays.Select(w => w is null ? null : tensor(w)).ToArray();
        var modelOptimizer = WeightDecay.AdamW(model, config.LearningRate, config.WeightDecay);
        // The loss weights are 1-d (log-variances), so the shared rule gives them no decay: it would pull them to 0.
        var weightParams = weighting.parameters().ToList();
        var weightOptimizer = weightParams.Count > 0 ? WeightDecay.AdamW(weighting, config.LearningRate, config.WeightDecay) : null;
        int stepsPerEpoch = (train.Count + config.BatchSize - 1) / config.BatchSize;
        long totalSteps = (long)stepsPerEpoch * config.MaxEpochs, warmup = (long)Math.Round(totalSteps * config.WarmupFraction), step = 0;

        var history = new List<MultiTaskEpoch>();
        MultiTaskEvaluation? bestDev = null;
        double bestScore = double.NegativeInfinity;
        int bestEpoch = 0, sinceProgress = 0;
        var headBest = Enumerable.Repeat(double.NegativeInfinity, tasks).ToArray();
        bool stoppedEarly = false;
        Dictionary<string, Tensor> bestModel = new(), bestWeighting = new();
        for (int epoch = 1; epoch <= config.MaxEpochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            random.manual_seed(config.Seed * 100_003L + epoch);        // dropout and modality dropout
            var order = Enumerable.Range(0, train.Count).ToArray();
            new Random(unchecked(config.Seed * 1_000_003 + epoch)).Shuffle(order);
            model.train();
            double lossSum = 0, lr = 0;
            var headSums = new double[tasks];
            var headCounts = new int[tasks];
            for (int s = 0; s < stepsPerEpoch; s++, step++)
            {
                using var scope = NewDisposeScope();
                var idx = order.Skip(s * config.BatchSize).Take(config.BatchSize).ToArray();
                lr = config.LearningRate * LearningRateSchedule.Factor(step, totalSteps, warmup);
                foreach (var g in modelOptimizer.ParamGroups) g.LearningRate = lr;
                if (weightOptimizer is not null) foreach (var g in weightOptimizer.ParamGroups) g.LearningRate = lr;

                using var batch = FeatureCollator.Collate(idx.Select(i => train.Features[i]).ToList(), spec, model.Config.MaxImages, model.Config.MaxTextTokens);
                var targets = train.Targets.Select(idx);
                var y = tensor(targets.Values, new long[] { idx.Length, tasks });       // [B, T]
                var present = tensor(targets.Present, new long[] { idx.Length, tasks }); // [B, T]
                var headPresent = Enumerable.Range(0, tasks).Select(k => Enumerable.Range(0, idx.Length).Any(r => targets.Present[r * tasks + k])).ToArray();

                var output = model.forward(batch);
                var losses = TaskLoss.All(schema, output.Heads, y, present, classWeights);
                var headValues = new double[tasks];
                for (int k = 0; k < tasks; k++)
                    if (headPresent[k]) headValues[k] = FiniteLoss.Check(losses[k], "multi-task model", $"{schema.Tasks[k].Name} head", epoch, s + 1, stepsPerEpoch, lr);
                var loss = weighting.Combine(losses, headPresent);
                if (output.AuxiliaryLoss is not null) loss = loss + output.AuxiliaryLoss;
                double value = FiniteLoss.Check(loss, "multi-task model", "combined (weighted heads + alignment)", epoch, s + 1, stepsPerEpoch, lr);

                modelOptimizer.zero_grad();
                weightOptimizer?.zero_grad();
                loss.backward();
                if (config.GradientClip > 0) TorchSharp.torch.nn.utils.clip_grad_norm_(model.parameters(), config.GradientClip);
                modelOptimizer.step();
                weightOptimizer?.step();
                lossSum += value;
                for (int k = 0; k < tasks; k++) if (headPresent[k]) { headSums[k] += headValues[k]; headCounts[k]++; }
            }

            var devEval = MultiTaskEvaluator.Evaluate(model, dev, spec, config.EvalBatchSize);
            double score = SelectionScore(schema, devEval);
            history.Add(new MultiTaskEpoch(epoch, lossSum / stepsPerEpoch,
                schema.Tasks.Select((t, k) => (t.Name, k)).ToDictionary(x => x.Name, x => headCounts[x.k] == 0 ? double.NaN : headSums[x.k] / headCounts[x.k]),
                lr, score, weighting.EffectiveWeights(),
                schema.Tasks.Select((t, k) => (t.Name, k)).ToDictionary(x => x.Name, x => devEval.Heads[x.k].Score(schema.Tasks[x.k]))));
            progress?.Report(new MultiTaskProgress(epoch, config.MaxEpochs, lossSum / stepsPerEpoch, score));
            if (score > bestScore)
            {
                bestScore = score; bestDev = devEval; bestEpoch = epoch;
                Replace(ref bestModel, model); Replace(ref bestWeighting, weighting);
            }
            // Early stopping waits for every head: the run goes on while any head still beats its own best dev score,
            // even when the mean is flat because the easy heads have converged and a slow head is still learning.
            sinceProgress = UpdateHeadBests(headBest, schema, devEval) || bestEpoch == epoch ? 0 : sinceProgress + 1;
            if (config.Patience > 0 && sinceProgress >= config.Patience) { stoppedEarly = true; break; }
        }
        model.load_state_dict(bestModel);
        if (bestWeighting.Count > 0) weighting.load_state_dict(bestWeighting);
        foreach (var t in bestModel.Values.Concat(bestWeighting.Values)) t.Dispose();
        foreach (var t in classWeights) t?.Dispose();
        model.eval();
        return new MultiTaskTrainingResult(model, weighting, bestEpoch, bestDev!, history, stoppedEarly, clock.Elapsed);
    }

    /// <summary>
    /// Per head (schema order), the class weights of its cross-entropy, computed from the training rows that carry the
    /// head's label: <paramref name="weighting"/> for every classification head, or its entry in
    /// <paramref name="perHead"/> when it has one; null for unweighted heads and regression heads.
    /// </summary>
    public static IReadOnlyList<float[]?> ClassWeights(TaskSchema schema, TaskTargets train, ClassWeighting weighting,
        IReadOnlyDictionary<string, ClassWeighting>? perHead = null)
    {
        if (perHead is not null)
            foreach (var name in perHead.Keys) schema.IndexOf(name); // an unknown head is a typo: say so
        var balanced = schema.BalancedClassWeights(train);
        return schema.Tasks.Select((t, k) => (perHead is not null && perHead.TryGetValue(t.Name, out var w) ? w : weighting) switch
        {
            ClassWeighting.None => null,
            ClassWeighting.Balanced => balanced[k],
            var other => throw new ArgumentException($"Unknown class weighting '{other}'."),
        }).ToArray();
    }

    /// <summary>The score model selection maximises: mean dev macro-F1 over classification heads, else mean -RMSE/std.</summary>
    public static double SelectionScore(TaskSchema schema, MultiTaskEvaluation dev)
    {
        var f1 = dev.MeanMacroF1;
        if (!double.IsNaN(f1)) return f1;
        return dev.Heads.Select((h, i) => h.Score(schema.Tasks[i])).Average();
    }

    /// <summary>Raises each head's best dev score in <paramref name="best"/> to its score in <paramref name="dev"/>; true when any head improved.</summary>
    public static bool UpdateHeadBests(double[] best, TaskSchema schema, MultiTaskEvaluation dev)
    {
        bool improved = false;
        for (int k = 0; k < best.Length; k++)
        {
            double v = dev.Heads[k].Score(schema.Tasks[k]);
            if (v > best[k]) { best[k] = v; improved = true; }
        }
        return improved;
    }

    private static void Replace(ref Dictionary<string, Tensor> saved, TorchSharp.torch.nn.Module module)
    {
        foreach (var t in saved.Values) t.Dispose();
        saved = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
    }
}
