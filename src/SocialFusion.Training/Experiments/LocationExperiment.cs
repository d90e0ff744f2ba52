using System.Diagnostics;
using System.Text.Json;
using SocialFusion.Data.Posts;
using SocialFusion.Models;
using SocialFusion.Models.Config;
using SocialFusion.Training.Checkpoints;
using SocialFusion.Training.Data;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Features;
using SocialFusion.Training.Reports;
using SocialFusion.Training.Training;

namespace SocialFusion.Training.Experiments;

/// <summary>
/// A full semantic-location experiment: read and validate posts, split them (stratified, grouped by user),
/// extract features once into the on-disk cache, train every preset for every seed on those same features,
/// evaluate on the test split and write a checkpoint and report per run plus a comparison report.
/// Layout of the output folder:
/// <c>experiment.json</c>, <c>split.json</c> (<see cref="SplitRecord"/>), <c>rejected.jsonl</c>, <c>encoder/</c> (built-in
/// features), <c>features.sfcache</c>, <c>runs/&lt;preset&gt;/seed-&lt;k&gt;/</c> (checkpoint, report, confusion.png, split.json),
/// <c>report/</c> (comparison).
/// </summary>
public static class LocationExperiment
{
    /// <summary>Name of the file that records how an output folder's features were made (read by predict/evaluate).</summary>
    public const string ManifestFile = "experiment.json";

    /// <summary>Runs the experiment; finished runs in the output folder are reused when the options allow it.</summary>
    public static ExperimentResult Run(LocationExperimentOptions options, IProgress<ExperimentProgress>? progress = null,
        Action<RunSummary>? runFinished = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        options.Validate();
        var outDir = Path.GetFullPath(options.OutputFolder);
        Directory.CreateDirectory(outDir);

        // 1. Posts: everything rejected goes to a side file, never silently dropped.
        var read = ExperimentPosts.Read(options.DataPath, outDir, progress);
        var split = DataSplitter.Split(read.Posts, options.LabelName, options.Split);
        if (split.Train.Count == 0 || split.Dev.Count == 0 || split.Test.Count == 0)
            throw new InvalidDataException($"Too few posts labelled '{options.LabelName}' to split: train {split.Train.Count}, dev {split.Dev.Count}, test {split.Test.Count}.");
        var splitRecord = SplitRecord.Create(split, options.LabelName, options.Split, [options.LabelName]);
        splitRecord.Save(outDir);
        var labels = new LabelMap(split.Train.Concat(split.Dev).Concat(split.Test).Select(p => p.Label(options.LabelName)!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

        // 2. Features: one extractor, one cache, shared by every preset and seed.
        int skippedImages = 0;
        var (opened, byId) = ExperimentFeatures.OpenAndExtract(options.Features, options.Storage, outDir, split, options.LabelName, options.DataPath,
            progress, _ => Interlocked.Increment(ref skippedImages));
        using var extractor = opened;
        LabelledFeatures Of(IReadOnlyList<Post> posts) =>
            new(posts.Select(p => byId[p.Id]).ToList(), posts.Select(p => labels.IndexOf(p.Label(options.LabelName)!)).ToList());
        var (train, dev, test) = (Of(split.Train), Of(split.Dev), Of(split.Test));
        var spec = extractor.Extractor.Spec;

        // 3. Every preset x seed on the same split and features.
        var runs = new List<RunSummary>();
        int total = options.Presets.Count * options.Seeds.Count;
        foreach (var preset in options.Presets)
            foreach (var seed in options.Seeds)
            {
                cancellation.ThrowIfCancellationRequested();
                int index = runs.Count;
                var folder = Path.Combine(outDir, "runs", preset.Preset, $"seed-{seed}");
                var summary = preset.Architecture == Architecture.ZeroShot
                    ? ZeroShotRun(preset, seed, folder, labels, test, extractor.Extractor, splitRecord, options.ZeroShotLabelNames)
                    : (options.ReuseFinishedRuns ? TryReuse(folder, preset, options.Training with { Seed = seed }, extractor.Extractor.Fingerprint, splitRecord) : null)
                    ?? TrainOne(preset, seed, folder, spec, labels, train, dev, test, options, extractor.Extractor.Fingerprint, splitRecord,
                        p => progress?.Report(new ExperimentProgress("train", (index + EpochFraction(p, options.Training)) / total,
                            $"{preset.Preset} seed {seed} epoch {p.Epoch} loss {p.Loss:F3}" + (p.Dev is null ? "" : $" dev F1 {p.Dev.MacroF1:F3}"))),
                        cancellation);
                runs.Add(summary);
                runFinished?.Invoke(summary);
                progress?.Report(new ExperimentProgress("train", (double)runs.Count / total, $"{preset.Preset} seed {seed} done"));
            }

        // 4. Comparison over seeds.
        var reportFolder = Path.Combine(outDir, "report");
        var byPreset = options.Presets.Select(p => new PresetRuns(p.Preset, runs.Where(r => r.Preset == p.Preset).Select(r => r.Test).ToList())).ToList();
        ReportWriter.WriteComparison(reportFolder, byPreset);
        var comparison = byPreset.Select(p => (p.Preset, SeedAggregate.Aggregate(p.Runs))).ToList();
        var counts = new ExperimentCounts(read.Posts.Count, read.Rejected.Count, split.Train.Count, split.Dev.Count, split.Test.Count, split.Unlabelled, skippedImages,
            options.Split.GroupByUser);
        return new ExperimentResult(runs, comparison, reportFolder, counts, clock.Elapsed);
    }

    private static RunSummary TrainOne(SgmftConfig preset, int seed, string folder, Models.Features.FeatureSpec spec, LabelMap labels,
        LabelledFeatures train, LabelledFeatures dev, LabelledFeatures test, LocationExperimentOptions options, string fingerprint,
        SplitRecord splitRecord, Action<TrainingProgress> report, CancellationToken cancellation)
    {
        var config = options.Training with { Seed = seed };
        var result = LocationTrainer.Train(() => LocationModels.Create(preset, spec, labels.Count), spec, preset.MaxImages, preset.MaxTextTokens,
            train, dev, labels.Names, config, new SyncProgress<TrainingProgress>(report), cancellation, Path.Combine(folder, "state"));
        using var model = result.Model;
        var evaluation = Evaluator.Evaluate(model, test.Features, test.Labels, labels.Names, spec, preset.MaxImages, preset.MaxTextTokens, config.EvalBatchSize);
        var metrics = new Dictionary<string, double>(evaluation.Metrics.Scalars.ToDictionary(kv => "test_" + kv.Key, kv => kv.Value))
        {
            ["dev_macro_f1"] = result.BestDev.MacroF1, ["best_epoch"] = result.BestEpoch,
        };
        new Checkpoint { Model = preset, Features = spec, Labels = labels.Names, LabelName = options.LabelName, EncoderFingerprint = fingerprint,
            Training = config, Metrics = metrics }.Save(folder, model);
        ReportWriter.WriteRun(folder, $"{preset.Preset} (seed {seed})", evaluation.Metrics, result.History);
        File.WriteAllText(Path.Combine(folder, "test-metrics.json"), JsonSerializer.Serialize(evaluation.Metrics, ManifestJson));
        splitRecord.Save(folder); // last: its fingerprint marks the run finished on these data
        TryDeleteDirectory(Path.Combine(folder, "state"));
        return new RunSummary(preset.Preset, seed, folder, evaluation.Metrics, result.BestEpoch, result.Elapsed, false);
    }

    /// <summary>
    /// CLIP zero-shot needs no training: prompt embeddings per label against the cached features of the test
    /// posts. It is deterministic, so every seed gives the same figures (kept per seed for the comparison).
    /// </summary>
    private static RunSummary ZeroShotRun(SgmftConfig preset, int seed, string folder, LabelMap labels, LabelledFeatures test, IFeatureExtractor extractor,
        SplitRecord splitRecord, string? labelNameFile)
    {
        if (extractor is not ClipFeatureExtractor clip)
            throw new InvalidOperationException($"Preset '{preset.Preset}' needs CLIP features: use --features clip --clip DIR.");
        var clock = Stopwatch.StartNew();
        using var classifier = new ZeroShot.ZeroShotClassifier(clip, labels.Names, labelNameFile: labelNameFile);
        var probabilities = classifier.PredictFromFeatures(test.Features);
        var metrics = Metrics.Compute(probabilities, test.Labels, labels.Names);
        ReportWriter.WriteRun(folder, $"{preset.Preset} (templates: {classifier.Templates.Count}, prompt names: {string.Join(", ", classifier.PromptNames)})", metrics);
        File.WriteAllText(Path.Combine(folder, "test-metrics.json"), JsonSerializer.Serialize(metrics, ManifestJson));
        splitRecord.Save(folder);
        return new RunSummary(preset.Preset, seed, folder, metrics, 0, clock.Elapsed, false);
    }

    /// <summary>
    /// A run counts as finished when its checkpoint was written for the same features, preset and training settings
    /// and on the same data: its <c>split.json</c> has the data fingerprint of <paramref name="split"/> (same posts by
    /// content, same labels, same split settings).
    /// </summary>
    private static RunSummary? TryReuse(string folder, SgmftConfig preset, TrainingConfig training, string fingerprint, SplitRecord split)
    {
        var metricsFile = Path.Combine(folder, "test-metrics.json");
        if (!File.Exists(metricsFile) || !File.Exists(Path.Combine(folder, Checkpoint.MetadataFile))) return null;
        try
        {
            var meta = Checkpoint.ReadMetadata(folder);
            if (meta.EncoderFingerprint != fingerprint || meta.Model != preset || meta.Training != training) return null;
            if (SplitRecord.TryLoad(folder)?.DataFingerprint != split.DataFingerprint) return null;
            var test = JsonSerializer.Deserialize<MetricSet>(File.ReadAllText(metricsFile), ManifestJson);
            return test is null ? null : new RunSummary(preset.Preset, training.Seed, folder, test, (int)meta.Metrics.GetValueOrDefault("best_epoch"), TimeSpan.Zero, true);
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException or InvalidDataException)
        {
            return null; // unreadable leftovers are retrained, not trusted
        }
    }

    private static double EpochFraction(TrainingProgress p, TrainingConfig c) =>
        Math.Clamp(((p.Epoch - 1) + (double)Math.Min(p.Step, p.StepsPerEpoch) / Math.Max(1, p.StepsPerEpoch)) / c.MaxEpochs, 0, 1);

    private static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); } catch (IOException) { }
    }

    internal static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}

/// <summary>How an experiment folder's features were made, so predict and evaluate can rebuild them.</summary>
/// <param name="Features">builtin or clip.</param>
/// <param name="Source">Encoder folder relative to the experiment folder (builtin) or the CLIP folder (clip).</param>
/// <param name="Fingerprint">The extractor's fingerprint.</param>
/// <param name="LabelName">The predicted label.</param>
/// <param name="DataPath">The posts the experiment was trained on.</param>
public sealed record ExperimentManifest(string Features, string Source, string Fingerprint, string LabelName, string DataPath);
