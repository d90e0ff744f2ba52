using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace SocialFusion.Analytics.Cascades;

/// <summary>
/// How the doubling task is learned: gradient-boosted trees (ML.NET FastTree, Friedman's MART), one thread and a fixed
/// seed so that the same examples give the same scores. Train/test split by time: cascades ordered by their root's
/// time, the earliest <see cref="TrainShare"/> train, the rest test (the model never sees a cascade that starts after
/// one it is scored on).
/// </summary>
/// <param name="TrainShare">Share of cascades (earliest roots) used for training.</param>
/// <param name="Trees">Boosting rounds.</param>
/// <param name="Leaves">Leaves per tree.</param>
/// <param name="MinLeafExamples">Fewest training examples in a leaf.</param>
/// <param name="LearningRate">Shrinkage.</param>
/// <param name="Seed">ML.NET context seed.</param>
public sealed record GrowthPredictionConfig(double TrainShare, int Trees, int Leaves, int MinLeafExamples, double LearningRate, int Seed)
{
    /// <summary>70/30 time split; 100 trees of 20 leaves (FastTree's defaults), at least 5 examples a leaf, rate 0.1, seed 1.</summary>
    public static GrowthPredictionConfig Reference { get; } = new(0.7, 100, 20, 5, 0.1, 1);
}

/// <summary>Test-set scores of one feature set.</summary>
/// <param name="Features">Which groups were used (e.g. "all", "timing only", "all minus timing").</param>
/// <param name="Accuracy">Share of test cascades whose class was predicted right (threshold 0.5).</param>
/// <param name="Auc">Area under the ROC curve; NaN when the test set has one class only.</param>
public sealed record GrowthScore(string Features, double Accuracy, double Auc);

/// <summary>The doubling task at one k: sample sizes, the base rate and the scores of every feature set.</summary>
/// <param name="K">Reshares observed.</param>
/// <param name="Examples">Cascades with at least k reshares and a known root.</param>
/// <param name="Train">Training cascades.</param>
/// <param name="Test">Test cascades.</param>
/// <param name="BaseRate">Share of all examples that reach 2k (Cheng et al. note it is near 0.5 for heavy-tailed sizes).</param>
/// <param name="TestBaseRate">Share of test examples that reach 2k (the accuracy of always guessing the majority is max of it and 1 minus it).</param>
/// <param name="Scores">All groups, each group alone, all minus each group; empty with <paramref name="Skipped"/> set when the task could not be learned.</param>
/// <param name="Skipped">Why no model was trained (too few examples, one class only), or null.</param>
public sealed record GrowthPrediction(int K, int Examples, int Train, int Test, double BaseRate, double TestBaseRate,
    IReadOnlyList<GrowthScore> Scores, string? Skipped);

/// <summary>
/// The doubling task of Cheng, Adamic, Dow, Kleinberg and Leskovec (2014), "Can cascades be predicted?", WWW,
/// section 5: having seen the first k reshares of a cascade, will it reach 2k? The paper reaches AUC 0.877 (accuracy
/// 0.795) at k = 5 on Facebook photo reshares with all features, and finds timing the strongest single group.
/// Here: the model of <see cref="GrowthPredictionConfig"/> on <see cref="CascadeFeatures"/>, scored with every feature
/// group, each group alone (timing alone is the baseline) and all minus each group.
/// </summary>
public static class CascadeGrowthPrediction
{
    /// <summary>Fewest examples of each class in the training set for a model to be trained.</summary>
    public const int MinExamplesPerClass = 5;

    /// <summary>Trains and scores every feature set on <paramref name="examples"/> (all extracted at the same k).</summary>
    public static GrowthPrediction Run(int k, IReadOnlyList<CascadeExample> examples, GrowthPredictionConfig config)
    {
        var ordered = examples.OrderBy(e => e.RootTime).ThenBy(e => e.Root).ToList();
        int nTrain = (int)Math.Round(ordered.Count * config.TrainShare);
        var train = ordered.Take(nTrain).ToList(); var test = ordered.Skip(nTrain).ToList();
        double rate = ordered.Count == 0 ? double.NaN : ordered.Count(e => e.Doubles) / (double)ordered.Count;
        double testRate = test.Count == 0 ? double.NaN : test.Count(e => e.Doubles) / (double)test.Count;
        string? skip = null;
        int pos = train.Count(e => e.Doubles), neg = train.Count - pos;
        if (pos < MinExamplesPerClass || neg < MinExamplesPerClass)
            skip = $"{train.Count} training cascades ({pos} reach 2k = {2 * k}, {neg} do not): fewer than {MinExamplesPerClass} of a class";
        else if (test.Count == 0) skip = "no test cascades";
        if (skip != null) return new GrowthPrediction(k, ordered.Count, train.Count, test.Count, rate, testRate, [], skip);

        var groups = Enum.GetValues<FeatureGroup>();
        var sets = new List<(string Name, FeatureGroup[] Groups)> { ("all", groups) };
        sets.AddRange(groups.Select(g => ($"{Name(g)} only", new[] { g })));
        sets.AddRange(groups.Select(g => ($"all minus {Name(g)}", groups.Where(h => h != g).ToArray())));
        var scores = sets.Select(s => Score(s.Name, s.Groups, train, test, config)).ToList();
        return new GrowthPrediction(k, ordered.Count, train.Count, test.Count, rate, testRate, scores, null);
    }

    private static string Name(FeatureGroup g) => g.ToString().ToLowerInvariant();

    private sealed class Row
    {
        public bool Label { get; set; }
        public float[] Features { get; set; } = [];
    }

    private static GrowthScore Score(string name, FeatureGroup[] groups, List<CascadeExample> train, List<CascadeExample> test, GrowthPredictionConfig config)
    {
        var columns = CascadeFeatures.Names.Select((f, i) => (f.Group, i)).Where(p => groups.Contains(p.Group)).Select(p => p.i).ToArray();
        var ml = new MLContext(config.Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, columns.Length);
        IDataView View(List<CascadeExample> set) => ml.Data.LoadFromEnumerable(
            set.Select(e => new Row { Label = e.Doubles, Features = columns.Select(c => e.Features[c]).ToArray() }).ToList(), schema);
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = config.Trees, NumberOfLeaves = config.Leaves, MinimumExampleCountPerLeaf = config.MinLeafExamples,
            LearningRate = config.LearningRate, NumberOfThreads = 1, Seed = config.Seed,
        });
        var model = trainer.Fit(View(train));
        var scored = model.Transform(View(test));
        var probability = scored.GetColumn<float>("Probability").ToArray();
        var labels = test.Select(e => e.Doubles).ToArray();
        double accuracy = labels.Zip(probability).Count(p => p.First == p.Second >= 0.5f) / (double)labels.Length;
        double auc = labels.Distinct().Count() < 2 ? double.NaN : ml.BinaryClassification.Evaluate(scored).AreaUnderRocCurve;
        return new GrowthScore(name, accuracy, auc);
    }
}
