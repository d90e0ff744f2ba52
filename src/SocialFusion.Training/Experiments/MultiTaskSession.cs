using SocialFusion.Data.Posts;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Checkpoints;
using SocialFusion.Training.Features;
using SocialFusion.Training.MultiTask;

namespace SocialFusion.Training.Experiments;

/// <summary>
/// A trained multi-task checkpoint with the feature extractor it was trained on, ready to predict and evaluate every
/// head on new posts. The extractor is found like <see cref="CheckpointSession"/>'s, and must match its fingerprint.
/// </summary>
public sealed class MultiTaskSession : IDisposable
{
    private readonly ExperimentFeatures _features;

    private readonly string _folder;

    private MultiTaskSession(MultiTaskCheckpoint checkpoint, MultiTaskModel model, ExperimentFeatures features, string folder)
    {
        _folder = folder;
        Checkpoint = checkpoint;
        Model = model;
        _features = features;
        checkpoint.EnsureCompatible(features.Extractor.Fingerprint, features.Extractor.Spec);
    }

    /// <summary>The checkpoint's metadata.</summary>
    public MultiTaskCheckpoint Checkpoint { get; }

    /// <summary>The trained model, in eval mode.</summary>
    public MultiTaskModel Model { get; }

    /// <summary>The extractor that turns posts into this checkpoint's features.</summary>
    public IFeatureExtractor Extractor => _features.Extractor;

    /// <summary>Opens <paramref name="checkpointFolder"/>; <paramref name="encoderFolder"/> or <paramref name="clipFolder"/> override the manifest.</summary>
    public static MultiTaskSession Open(string checkpointFolder, string? encoderFolder = null, string? clipFolder = null)
    {
        var (checkpoint, model) = MultiTaskCheckpoint.Load(checkpointFolder);
        ExperimentFeatures? features = null;
        try
        {
            features = ExperimentFeatures.ForCheckpoint(checkpointFolder, encoderFolder, clipFolder);
            return new MultiTaskSession(checkpoint, model, features, checkpointFolder);
        }
        catch { model.Dispose(); features?.Dispose(); throw; }
    }

    /// <summary>Features of <paramref name="posts"/>, through the experiment's cache where the content matches (see <see cref="ExperimentFeatures.ForCheckpointPosts"/>).</summary>
    public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null) =>
        ExperimentFeatures.ForCheckpointPosts(_folder, Extractor, posts, progress);

    /// <summary>
    /// Every head's top-<paramref name="k"/> prediction per post (same order as <paramref name="posts"/>), with the
    /// tokens and image regions the attention pooling leaned on when the trunk has them.
    /// </summary>
    public IReadOnlyList<MultiTaskPrediction> Predict(IReadOnlyList<Post> posts, IReadOnlyList<PostFeatures> features, int k = 3) =>
        MultiTaskPredictor.Predict(Model, features, Checkpoint.Features, k, posts,
            MultiTaskPredictor.TokenNames(Extractor));

    /// <summary>
    /// Scores every head on the posts that carry its label (a post may count for one head and not another). Labels the
    /// model never saw are counted per head as unscorable, not guessed. Throws when no head has a single labelled post.
    /// </summary>
    public MultiTaskSessionEvaluation Evaluate(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
    {
        var schema = Checkpoint.Schema;
        var targets = schema.Encode(posts.Select(p => p.Labels).ToList());
        var scorable = Enumerable.Range(0, posts.Count).Where(r => Enumerable.Range(0, schema.Tasks.Count).Any(k => targets.Present[r * targets.Tasks + k])).ToArray();
        if (scorable.Length == 0)
            throw new InvalidDataException($"No post carries a usable label for any head of the model ({string.Join(", ", schema.Tasks.Select(t => t.Name))}).");
        var kept = scorable.Select(r => posts[r]).ToList();
        var set = new MultiTaskSet(Extract(kept, progress), targets.Select(scorable));
        var evaluation = MultiTaskEvaluator.Evaluate(Model, set, Checkpoint.Features);
        var unknown = schema.Tasks.ToDictionary(t => t.Name,
            t => posts.Count(p => p.Label(t.Name) is { } v && t.Encode(v) is null));
        return new MultiTaskSessionEvaluation(evaluation, posts.Count - kept.Count, unknown);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Model.Dispose();
        _features.Dispose();
    }
}

/// <summary>Evaluation of a multi-task checkpoint on a posts file.</summary>
/// <param name="Evaluation">Every head's metrics over the posts that carry its label.</param>
/// <param name="Unlabelled">Posts with no usable label for any head (not scored).</param>
/// <param name="UnknownLabels">Per head: posts whose label value the model does not know (a class unseen in training, or a non-number).</param>
public sealed record MultiTaskSessionEvaluation(MultiTaskEvaluation Evaluation, int Unlabelled, IReadOnlyDictionary<string, int> UnknownLabels);
