using System.Diagnostics;
using SocialFusion.Data.Posts;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Checkpoints;
using SocialFusion.Training.Features;
using SocialFusion.Training.MultiTask;

namespace SocialFusion.Training.Experiments;

/// <summary>
/// A multi-task experiment on a posts file: what <c>socialfusion train --task multitask</c> and
/// <c>socialfusion multitask</c> run. Defaults are those of <see cref="MultiTaskExperimentOptions"/>.
/// </summary>
public sealed record MultiTaskRunOptions
{
    /// <summary>Posts file (.jsonl or .csv) with label columns; every column becomes a head.</summary>
    public required string DataPath { get; init; }
    /// <summary>Output folder: encoder, feature cache, one checkpoint per seed, report, explanations.</summary>
    public required string OutputFolder { get; init; }
    /// <summary>Seeds, weighting, model, optimisation, split, and whether single-task baselines are trained.</summary>
    public MultiTaskExperimentOptions Experiment { get; init; } = new();
    /// <summary>Where features come from.</summary>
    public FeatureSource Features { get; init; } = FeatureSource.Builtin();
    /// <summary>Storage of the feature cache.</summary>
    public FeatureStorage Storage { get; init; } = FeatureStorage.Float32;
    /// <summary>Test posts (with text and image) whose predictions are explained with attention heatmaps. Default 4.</summary>
    public int Explain { get; init; } = 4;
}

/// <summary>The outcome of a <see cref="MultiTaskRun"/>.</summary>
/// <param name="Experiment">Per seed test evaluations, single-task baselines, weights and transfer.</param>
/// <param name="ReportFolder">Folder with multitask.json and multitask.md.</param>
/// <param name="Checkpoints">One multi-task checkpoint folder per seed, in seed order.</param>
/// <param name="Explanations">Explained test predictions (empty for the SG-MFT trunk, which has no pooling weights).</param>
/// <param name="Posts">Posts read, rejected, and per split.</param>
/// <param name="Elapsed">Wall-clock time.</param>
public sealed record MultiTaskRunResult(MultiTaskExperimentResult Experiment, string ReportFolder, IReadOnlyList<string> Checkpoints,
    IReadOnlyList<MultiTaskPrediction> Explanations, ExperimentCounts Posts, TimeSpan Elapsed);

/// <summary>
/// Runs a multi-task experiment end to end: read and validate posts, split them (stratified on the split label),
/// open or train the feature extractor and extract every post once through the cache, train the multi-task model
/// (and the single-task baselines) per seed, save each seed's multi-task checkpoint (with the split's
/// <c>split.json</c>) under <c>runs/multitask/seed-&lt;k&gt;/</c>, write <c>report/multitask.{json,md}</c> and explain a few test predictions
/// under <c>explanations/</c>.
/// </summary>
public static class MultiTaskRun
{
    /// <summary>Runs the experiment; the caller gets reports and checkpoints on disk and the figures in the result.</summary>
    public static MultiTaskRunResult Execute(MultiTaskRunOptions options, IProgress<ExperimentProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var outDir = Path.GetFullPath(options.OutputFolder);
        Directory.CreateDirectory(outDir);
        var o = options.Experiment;
        o.Validate();
        o.Model.Validate();

        // 1. Posts: rejected records go to a side file.
        var read = ExperimentPosts.Read(options.DataPath, outDir, progress);
        var split = MultiTaskExperiment.Split(read.Posts, o);
        if (split.Train.Count == 0 || split.Dev.Count == 0 || split.Test.Count == 0)
            throw new InvalidDataException($"Too few labelled posts to split: train {split.Train.Count}, dev {split.Dev.Count}, test {split.Test.Count}.");
        var splitRecord = Data.SplitRecord.Create(split, MultiTaskExperiment.SplitLabelOf(read.Posts, o), o.Split, null);
        splitRecord.Save(outDir);

        // 2. Features, once, shared by every model and seed.
        int skippedImages = 0;
        var (opened, byId) = ExperimentFeatures.OpenAndExtract(options.Features, options.Storage, outDir, split, "multitask", options.DataPath,
            progress, _ => Interlocked.Increment(ref skippedImages));
        using var features = opened;
        var extractor = features.Extractor;

        // 3. Models per seed; each multi-task model is saved as soon as it is trained and scored.
        var checkpoints = new List<string>();
        int modelsPerSeed = 1 + (o.SingleTaskBaselines ? TaskSchema.Infer(split.Train.Select(p => p.Labels)).Tasks.Count : 0);
        int total = o.Seeds.Count * modelsPerSeed, done = 0;
        var result = MultiTaskExperiment.Run(split, byId, extractor.Spec, o,
            new SyncProgress<string>(s => progress?.Report(new ExperimentProgress("train", done++ / (double)total, s))), cancellation,
            (seed, trained, test) =>
            {
                var folder = Path.Combine(outDir, "runs", "multitask", $"seed-{seed}");
                Checkpoint(trained, test, o, seed, extractor).Save(folder, trained.Model);
                splitRecord.Save(folder);
                checkpoints.Add(folder);
            });
        using var first = result.FirstModel;
        progress?.Report(new ExperimentProgress("train", 1, "done"));

        // 4. Reports and explanations.
        var reportFolder = Path.Combine(outDir, "report");
        MultiTaskReport.Write(reportFolder, result);
        var explanations = Explain(result, byId, extractor, options.Explain, Path.Combine(outDir, "explanations"),
            w => progress?.Report(new ExperimentProgress(ExperimentProgress.Warning, 1, w)));
        var counts = new ExperimentCounts(read.Posts.Count, read.Rejected.Count, split.Train.Count, split.Dev.Count, split.Test.Count, split.Unlabelled, skippedImages,
            o.Split.GroupByUser);
        return new MultiTaskRunResult(result, reportFolder, checkpoints, explanations, counts, clock.Elapsed);
    }

    private static MultiTaskCheckpoint Checkpoint(MultiTaskTrainingResult trained, MultiTaskEvaluation test, MultiTaskExperimentOptions o, int seed,
        IFeatureExtractor extractor)
    {
        var metrics = new Dictionary<string, double> { ["best_epoch"] = trained.BestEpoch };
        foreach (var h in test.Heads)
        {
            if (h.Classification is { } c) { metrics[$"test_{h.Task}_macro_f1"] = c.MacroF1; metrics[$"test_{h.Task}_accuracy"] = c.Accuracy; }
            if (h.Regression is { } r) { metrics[$"test_{h.Task}_rmse"] = r.Rmse; metrics[$"test_{h.Task}_mae"] = r.Mae; }
        }
        return new MultiTaskCheckpoint
        {
            Model = trained.Model.Config, Features = extractor.Spec, Schema = trained.Model.Schema, EncoderFingerprint = extractor.Fingerprint,
            Training = o.Training with { Seed = seed }, Weighting = o.Weighting, LossWeights = trained.Weights, Metrics = metrics,
        };
    }

    /// <summary>The first seed's predictions for <paramref name="count"/> test posts with text and image: JSON Lines and heatmaps.</summary>
    private static IReadOnlyList<MultiTaskPrediction> Explain(MultiTaskExperimentResult result, IReadOnlyDictionary<string, PostFeatures> byId,
        IFeatureExtractor extractor, int count, string folder, Action<string> warn)
    {
        if (count <= 0 || result.FirstModel.Config.Trunk != TrunkKind.AttentionPooling) return [];
        var posts = result.TestPostList.Where(p => p.HasText && p.HasImage).Take(count).ToList();
        var predictions = MultiTaskPredictor.Predict(result.FirstModel, posts.Select(p => byId[p.Id]).ToList(), extractor.Spec, 3, posts,
            MultiTaskPredictor.TokenNames(extractor));
        MultiTaskPredictionWriter.WriteJsonl(Path.Combine(folder, "explanations.jsonl"), predictions);
        MultiTaskPredictionWriter.WriteHeatmaps(folder, posts, predictions, warn);
        return predictions;
    }
}
