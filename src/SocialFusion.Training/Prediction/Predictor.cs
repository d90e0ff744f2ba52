using System.Text.Json;
using SocialFusion.Models;
using SocialFusion.Training.Checkpoints;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Features;

namespace SocialFusion.Training.Prediction;

/// <summary>One label with its probability.</summary>
public sealed record LabelProbability(string Label, double Probability);

/// <summary>Prediction for one post.</summary>
/// <param name="PostId">The post's id.</param>
/// <param name="Top">Top-k labels, most probable first.</param>
/// <param name="Similarity">Modality similarity s, when the model has it.</param>
/// <param name="Alpha">Interpolation weight alpha, when the model has it.</param>
public sealed record PostPrediction(string PostId, IReadOnlyList<LabelProbability> Top, double? Similarity, double? Alpha);

/// <summary>Predicts labels of posts from a trained checkpoint.</summary>
public sealed class Predictor(Checkpoint checkpoint, LocationModel model)
{
    /// <summary>Loads the checkpoint in <paramref name="folder"/>.</summary>
    public static Predictor Load(string folder)
    {
        var (c, m) = Checkpoint.Load(folder);
        return new Predictor(c, m);
    }

    /// <summary>The checkpoint's metadata.</summary>
    public Checkpoint Checkpoint => checkpoint;

    /// <summary>The trained model, in eval mode.</summary>
    public LocationModel Model => model;

    /// <summary>Top-<paramref name="k"/> predictions per post; refuses features from another encoder.</summary>
    public IReadOnlyList<PostPrediction> Predict(IReadOnlyList<PostFeatures> features, string encoderFingerprint, int k = 3, int batchSize = 256)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k (labels per post) must be at least 1.");
        checkpoint.EnsureCompatible(encoderFingerprint, checkpoint.Features);
        var outputs = Evaluator.Infer(model, features, checkpoint.Features, checkpoint.Model.MaxImages, checkpoint.Model.MaxTextTokens, batchSize);
        var result = new PostPrediction[features.Count];
        for (int i = 0; i < features.Count; i++)
        {
            var p = outputs.Probabilities[i];
            var top = Enumerable.Range(0, p.Length).OrderByDescending(c => p[c]).ThenBy(c => c).Take(k)
                .Select(c => new LabelProbability(checkpoint.Labels[c], p[c])).ToArray();
            result[i] = new PostPrediction(features[i].PostId, top, outputs.Similarity?[i], outputs.Alpha?[i]);
        }
        return result;
    }
}

/// <summary>Writes predictions as JSON Lines, one post per line.</summary>
public static class PredictionWriter
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes <paramref name="predictions"/> to <paramref name="path"/>.</summary>
    public static void WriteJsonl(string path, IEnumerable<PostPrediction> predictions)
    {
        using var writer = new StreamWriter(path);
        foreach (var p in predictions) writer.WriteLine(JsonSerializer.Serialize(p, Json));
    }
}
