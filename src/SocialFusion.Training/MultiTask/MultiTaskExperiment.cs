using System.Diagnostics;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Data;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.Features;
using SocialFusion.Training.Training;

namespace SocialFusion.Training.MultiTask;

/// <summary>
/// Settings of the multi-task versus single-task comparison. Defaults are the demo setting: three seeds, uncertainty
/// weighting, the attention-pooling trunk at D = 64, AdamW lr 1e-3 for at most 15 epochs with patience 4.
/// </summary>
public sealed record MultiTaskExperimentOptions
{
    /// <summary>Training seeds (mean and sample std are reported over them). Default 1, 2, 3.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [1, 2, 3];
    /// <summary>Loss weighting of the multi-task model. Default: uncertainty.</summary>
    public WeightingKind Weighting { get; init; } = WeightingKind.Uncertainty;
    /// <summary>Per-head weights for <see cref="WeightingKind.Fixed"/> (missing heads: 1).</summary>
    public IReadOnlyDictionary<string, double>? FixedWeights { get; init; }
    /// <summary>
    /// Throws <see cref="ArgumentException"/> for no or repeated seeds, and for fixed weights given with another
    /// weighting (they would be ignored). Head names and values of fixed weights are checked against the data's heads
    /// by <see cref="LossWeighting.FixedWeightsFor"/>.
    /// </summary>
    public MultiTaskExperimentOptions Validate()
    {
        ExperimentChecks.Seeds(Seeds);
        if (FixedWeights is { Count: > 0 } && Weighting != WeightingKind.Fixed)
            throw new ArgumentException($"Fixed loss weights were given but the weighting is '{Weighting.ToString().ToLowerInvariant()}'; use the fixed weighting or drop the weights.");
        return this;
    }

    /// <summary>Model configuration, shared by the multi-task and every single-task model.</summary>
    public MultiTaskConfig Model { get; init; } = new();
    /// <summary>Optimisation; its seed is replaced by each seed of <see cref="Seeds"/>.</summary>
    /// Default class weighting: balanced, for the multi-task and the single-task models alike (the demo's locations are
    /// imbalanced and the comparison is on macro-F1; unweighted, location collapses towards its majority class).
    public TrainingConfig Training { get; init; } = new()
    {
        LearningRate = 1e-3, MaxEpochs = 15, Patience = 4, WarmupFraction = 0.05, ClassWeights = ClassWeighting.Balanced,
    };
    /// <summary>
    /// Class weighting per head by name, overriding <c>Training.ClassWeights</c> for the heads it names; applied to
    /// the multi-task model and to that head's single-task model alike. Default: none (every head follows Training).
    /// </summary>
    public IReadOnlyDictionary<string, ClassWeighting>? HeadClassWeights { get; init; }
    /// <summary>Train/dev/test split (stratified on <see cref="SplitLabel"/>), grouped by user like the location experiments.</summary>
    public SplitOptions Split { get; init; } = new(GroupByUser: true);
    /// <summary>Label the split is stratified on; the first head when absent from the data. Default "location".</summary>
    public string SplitLabel { get; init; } = Post.LabelNames.Location;
    /// <summary>Also train one single-task model per head (the comparison). Default true.</summary>
    public bool SingleTaskBaselines { get; init; } = true;
    /// <summary>
    /// Attention-pooling trunk: give the multi-task model the same parameter budget as the single-task models together
    /// (true, default) or the same width D as each of them (false). Parameter-matched means the largest width, not below
    /// <see cref="MultiTaskConfig.D"/>, at which the multi-task model has no more parameters than the T single-task
    /// models at D. Why: at equal D one multi-task model has about half the parameters of the T models it is compared
    /// with, and a capacity-hungry head pays for it (demo data, D = 64: location macro-F1 0.30 multi-task against 0.40
    /// single-task; the single-task model itself goes from 0.40 to 0.49 at D = 96). The SG-MFT trunk keeps its width.
    /// </summary>
    public bool MatchParameters { get; init; } = true;
}

/// <summary>One seed's results.</summary>
/// <param name="Seed">The seed.</param>
/// <param name="MultiTask">Test evaluation of the multi-task model.</param>
/// <param name="SingleTask">Test evaluation of each head's single-task model, by head (empty without baselines).</param>
/// <param name="Weights">Loss weights of the multi-task model at its best epoch (learned ones for uncertainty weighting).</param>
/// <param name="Transfer">Cross-modal transfer of the multi-task model.</param>
/// <param name="MultiTaskSeconds">Training time of the multi-task model.</param>
/// <param name="SingleTaskSeconds">Total training time of the single-task models.</param>
/// <param name="BestEpoch">Best dev epoch of the multi-task model.</param>
public sealed record MultiTaskSeedRun(int Seed, MultiTaskEvaluation MultiTask, IReadOnlyDictionary<string, HeadEvaluation> SingleTask,
    IReadOnlyDictionary<string, double> Weights, IReadOnlyList<TransferResult> Transfer, double MultiTaskSeconds, double SingleTaskSeconds, int BestEpoch);

/// <summary>
/// The comparison's outcome; <see cref="FirstModel"/> is the first seed's multi-task model (for explanations), owned by the caller.
/// <see cref="MultiTaskModelConfig"/> is the multi-task model's configuration (its width may differ from
/// <c>Options.Model</c>, see <see cref="MultiTaskExperimentOptions.MatchParameters"/>); the parameter counts are the
/// multi-task model's and the single-task models' together. <see cref="UnseenTestLabels"/> counts, per head, the test
/// posts whose label is a class absent from training: no model can predict it, so they are not in that head's scores.
/// </summary>
public sealed record MultiTaskExperimentResult(TaskSchema Schema, MultiTaskExperimentOptions Options, int TrainPosts, int DevPosts, int TestPosts,
    IReadOnlyList<MultiTaskSeedRun> Runs, MultiTaskModel FirstModel, IReadOnlyList<Post> TestPostList, IReadOnlyList<PostFeatures> TestFeatures,
    MultiTaskConfig? MultiTaskModelConfig = null, long MultiTaskParameters = 0, long SingleTaskParameters = 0,
    IReadOnlyDictionary<string, int>? UnseenTestLabels = null);

/// <summary>
/// Trains the multi-task model and, per head, a single-task model with the same trunk and optimisation, over several
/// seeds on one split, and evaluates all of them on the same test posts.
/// </summary>
public static class MultiTaskExperiment
{
    /// <summary>
    /// The split the experiment uses: stratified on <see cref="SplitLabelOf"/>. Posts lacking that label but carrying
    /// others follow their user when the split is grouped by user (to the part holding the user's labelled posts; to
    /// training when the user has none), so no user is in two parts; ungrouped, they go to training. Either way their
    /// other labels still train (or test) the shared trunk. <see cref="DataSplit.Unlabelled"/> counts posts with no label.
    /// </summary>
    public static DataSplit Split(IReadOnlyList<Post> posts, MultiTaskExperimentOptions options)
    {
        string label = SplitLabelOf(posts, options);
        var split = DataSplitter.Split(posts, label, options.Split);
        var rest = posts.Where(p => p.Label(label) is null && p.Labels.Count > 0).ToList();
        var parts = new[] { split.Train.ToList(), split.Dev.ToList(), split.Test.ToList() };
        var partOfUser = new Dictionary<string, int>(StringComparer.Ordinal);
        if (options.Split.GroupByUser)
            for (int i = 0; i < 3; i++)
                foreach (var p in parts[i]) partOfUser[p.UserId] = i;
        foreach (var p in rest) parts[partOfUser.GetValueOrDefault(p.UserId, 0)].Add(p);
        foreach (var part in parts) part.Sort((x, y) => string.CompareOrdinal(x.Id, y.Id));
        return new DataSplit(parts[0], parts[1], parts[2], split.Unlabelled - rest.Count);
    }

    /// <summary>The label the split is stratified on: <see cref="MultiTaskExperimentOptions.SplitLabel"/>, or the first label column when no post has it.</summary>
    public static string SplitLabelOf(IReadOnlyList<Post> posts, MultiTaskExperimentOptions options) =>
        posts.Any(p => p.Label(options.SplitLabel) is not null) ? options.SplitLabel
            : posts.SelectMany(p => p.Labels.Keys).Order(StringComparer.Ordinal).FirstOrDefault()
              ?? throw new ArgumentException("The posts carry no labels: nothing to train a multi-task model on.");

    /// <summary>
    /// Runs the comparison on <paramref name="split"/> with features looked up by post id. <paramref name="multiTaskTrained"/>
    /// sees each seed's trained multi-task model with its test evaluation (e.g. to save a checkpoint) before it is disposed.
    /// </summary>
    public static MultiTaskExperimentResult Run(DataSplit split, IReadOnlyDictionary<string, PostFeatures> features, FeatureSpec spec,
        MultiTaskExperimentOptions options, IProgress<string>? progress = null, CancellationToken cancellation = default,
        Action<int, MultiTaskTrainingResult, MultiTaskEvaluation>? multiTaskTrained = null)
    {
        options.Validate();
        var schema = TaskSchema.Infer(split.Train.Select(p => p.Labels));
        if (options.Weighting == WeightingKind.Fixed) LossWeighting.FixedWeightsFor(schema, options.FixedWeights); // names and values, before training
        var train = MultiTaskSet.From(split.Train, features, schema);
        var dev = MultiTaskSet.From(split.Dev, features, schema);
        var test = MultiTaskSet.From(split.Test, features, schema);
        var (mtConfig, mtParams, stParams) = MultiTaskModelFor(options, spec, schema);
        var runs = new List<MultiTaskSeedRun>();
        MultiTaskModel? first = null;
        foreach (var seed in options.Seeds)
        {
            var config = options.Training with { Seed = seed };
            progress?.Report($"seed {seed}: multi-task ({options.Weighting})");
            var mt = MultiTaskTrainer.Train(() => new MultiTaskModel(mtConfig, spec, schema),
                s => LossWeighting.Create(options.Weighting, s, options.FixedWeights), spec, train, dev, config, cancellation: cancellation,
                headClassWeights: options.HeadClassWeights);
            var mtTest = MultiTaskEvaluator.Evaluate(mt.Model, test, spec, config.EvalBatchSize);
            multiTaskTrained?.Invoke(seed, mt, mtTest);
            var transfer = CrossModalTransfer.Evaluate(mt.Model, test, spec, config.EvalBatchSize);
            var single = new Dictionary<string, HeadEvaluation>();
            var clock = Stopwatch.StartNew();
            if (options.SingleTaskBaselines)
                for (int i = 0; i < schema.Tasks.Count; i++)
                {
                    var name = schema.Tasks[i].Name;
                    progress?.Report($"seed {seed}: single-task {name}");
                    var only = schema.Only(name);
                    // Same posts, same trunk, only this head's label column.
                    var st = MultiTaskTrainer.Train(() => new MultiTaskModel(options.Model, spec, only), s => new AverageWeighting(s), spec,
                        Column(train, i), Column(dev, i), config, cancellation: cancellation,
                        headClassWeights: options.HeadClassWeights?.Where(kv => kv.Key == name).ToDictionary());
                    single[name] = MultiTaskEvaluator.Evaluate(st.Model, Column(test, i), spec, config.EvalBatchSize).Heads[0];
                    st.Model.Dispose(); st.Weighting.Dispose();
                }
            runs.Add(new MultiTaskSeedRun(seed, mtTest, single, mt.Weights, transfer, mt.Elapsed.TotalSeconds, clock.Elapsed.TotalSeconds, mt.BestEpoch));
            if (first is null) first = mt.Model; else mt.Model.Dispose();
            mt.Weighting.Dispose();
        }
        return new MultiTaskExperimentResult(schema, options, split.Train.Count, split.Dev.Count, split.Test.Count, runs, first!,
            split.Test, test.Features, mtConfig, mtParams, stParams, UnseenLabels(schema, split.Test));
    }

    /// <summary>Per head: posts of <paramref name="posts"/> whose label for it is a value <paramref name="schema"/> does not know.</summary>
    public static IReadOnlyDictionary<string, int> UnseenLabels(TaskSchema schema, IReadOnlyList<Post> posts) =>
        schema.Tasks.ToDictionary(t => t.Name, t => posts.Count(p => p.Label(t.Name) is { } v && t.Encode(v) is null));

    /// <summary>
    /// The multi-task model's configuration under <paramref name="options"/>, its parameter count, and the parameter
    /// count of the single-task models together (each at <c>options.Model</c>).
    /// </summary>
    public static (MultiTaskConfig Config, long MultiTaskParameters, long SingleTaskParameters) MultiTaskModelFor(
        MultiTaskExperimentOptions options, FeatureSpec spec, TaskSchema schema)
    {
        long singles = schema.Tasks.Sum(t => Parameters(options.Model, spec, schema.Only(t.Name)));
        var config = options.Model;
        long count = Parameters(config, spec, schema);
        if (options.MatchParameters && config.Trunk == TrunkKind.AttentionPooling && schema.Tasks.Count > 1)
            while (true)
            {
                var wider = config with { D = config.D + 1 };
                long n = Parameters(wider, spec, schema);
                if (n > singles) break;
                (config, count) = (wider, n);
            }
        return (config, count, singles);
    }

    private static long Parameters(MultiTaskConfig config, FeatureSpec spec, TaskSchema schema)
    {
        using var model = new MultiTaskModel(config, spec, schema);
        return model.parameters().Sum(p => p.numel());
    }

    /// <summary>The set restricted to head <paramref name="task"/>'s target column.</summary>
    private static MultiTaskSet Column(MultiTaskSet set, int task)
    {
        var t = set.Targets;
        var v = new float[t.Count];
        var p = new bool[t.Count];
        for (int r = 0; r < t.Count; r++) { v[r] = t.Values[r * t.Tasks + task]; p[r] = t.Present[r * t.Tasks + task]; }
        return new MultiTaskSet(set.Features, new TaskTargets(v, p, 1));
    }
}
