using SocialFusion.Data.Posts;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Features;
using SocialFusion.Training.Prediction;

namespace SocialFusion.Training.Experiments;

/// <summary>
/// A trained checkpoint together with the feature extractor it was trained on, ready to score new posts.
/// The extractor is found through the experiment folder's manifest unless one is given explicitly; either
/// way its fingerprint must match the checkpoint's, so features from another encoder are refused.
/// </summary>
public sealed class CheckpointSession : IDisposable
{
    private readonly ExperimentFeatures _features;

    private readonly string _folder;

    private CheckpointSession(Predictor predictor, ExperimentFeatures features, string folder)
    {
        _folder = folder;
        Predictor = predictor;
        _features = features;
        predictor.Checkpoint.EnsureCompatible(features.Extractor.Fingerprint, features.Extractor.Spec);
    }

    /// <summary>The loaded model and its metadata.</summary>
    public Predictor Predictor { get; }

    /// <summary>The extractor that turns posts into this checkpoint's features.</summary>
    public IFeatureExtractor Extractor => _features.Extractor;

    /// <summary>
    /// Opens <paramref name="checkpointFolder"/>; <paramref name="encoderFolder"/> (built-in encoder) or
    /// <paramref name="clipFolder"/> override the experiment manifest.
    /// </summary>
    public static CheckpointSession Open(string checkpointFolder, string? encoderFolder = null, string? clipFolder = null)
    {
        var predictor = Predictor.Load(checkpointFolder);
        ExperimentFeatures features;
        try { features = ExperimentFeatures.ForCheckpoint(checkpointFolder, encoderFolder, clipFolder); }
        catch { predictor.Model.Dispose(); throw; }
        try { return new CheckpointSession(predictor, features, checkpointFolder); }
        catch { features.Dispose(); throw; }
    }

    /// <summary>
    /// Features of <paramref name="posts"/>: from the experiment's feature cache for posts cached with the same content
    /// (ids alone are not trusted), extracted otherwise (see <see cref="ExperimentFeatures.ForCheckpointPosts"/>).
    /// </summary>
    public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null) =>
        ExperimentFeatures.ForCheckpointPosts(_folder, Extractor, posts, progress);

    /// <summary>Top-<paramref name="k"/> predictions with similarity and alpha.</summary>
    public IReadOnlyList<PostPrediction> Predict(IReadOnlyList<PostFeatures> features, int k = 3) =>
        Predictor.Predict(features, Extractor.Fingerprint, k);

    /// <summary>Scores the posts that carry the checkpoint's label; returns the metrics and how many were skipped as unlabelled or with an unknown label.</summary>
    public (MetricSet Metrics, int Skipped) Evaluate(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
    {
        var checkpoint = Predictor.Checkpoint;
        var labels = checkpoint.LabelMap;
        var scored = posts.Where(p => p.Label(checkpoint.LabelName) is { } l && labels.Names.Contains(l)).ToList();
        if (scored.Count == 0) throw new InvalidDataException($"No post carries a '{checkpoint.LabelName}' label the model knows ({string.Join(", ", labels.Names)}).");
        var features = Extract(scored, progress);
        var outputs = Evaluator.Infer(Predictor.Model, features, checkpoint.Features, checkpoint.Model.MaxImages, checkpoint.Model.MaxTextTokens);
        var gold = scored.Select(p => labels.IndexOf(p.Label(checkpoint.LabelName)!)).ToList();
        return (Metrics.Compute(outputs.Probabilities, gold, labels.Names), posts.Count - scored.Count);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Predictor.Model.Dispose();
        _features.Dispose();
    }
}
