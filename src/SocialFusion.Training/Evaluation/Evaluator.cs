using SocialFusion.Models;
using SocialFusion.Models.Features;
using SocialFusion.Training.Features;
using static TorchSharp.torch;

namespace SocialFusion.Training.Evaluation;

/// <summary>Per-post model outputs of an evaluation.</summary>
/// <param name="Probabilities">[N][C] softmax probabilities.</param>
/// <param name="Similarity">[N] modality similarity s, or null when the model has none.</param>
/// <param name="Alpha">[N] interpolation weight alpha, or null when the model has none.</param>
public sealed record Inference(IReadOnlyList<float[]> Probabilities, float[]? Similarity, float[]? Alpha);

/// <summary>Metrics plus the per-post outputs they were computed from.</summary>
public sealed record EvaluationResult(MetricSet Metrics, Inference Outputs);

/// <summary>Batched inference and evaluation of a location model.</summary>
public static class Evaluator
{
    /// <summary>Runs the model in eval mode under no_grad, in batches of <paramref name="batchSize"/>.</summary>
    public static Inference Infer(LocationModel model, IReadOnlyList<PostFeatures> features, FeatureSpec spec,
        int maxImages, int maxTextTokens, int batchSize = 256)
    {
        bool wasTraining = model.training;
        model.eval();
        var probs = new List<float[]>(features.Count);
        List<float>? sim = null, alpha = null;
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < features.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var chunk = features.Skip(start).Take(batchSize).ToList();
                using var batch = FeatureCollator.Collate(chunk, spec, maxImages, maxTextTokens);
                var output = model.forward(batch);
                var p = nn.functional.softmax(output.Logits, 1).to_type(ScalarType.Float32).contiguous(); // [B, C]
                var flat = p.data<float>().ToArray();
                int c = (int)p.shape[1];
                for (int i = 0; i < chunk.Count; i++) probs.Add(flat.AsSpan(i * c, c).ToArray());
                if (output.Similarity is not null) (sim ??= new()).AddRange(output.Similarity.to_type(ScalarType.Float32).contiguous().data<float>().ToArray());
                if (output.Alpha is not null) (alpha ??= new()).AddRange(output.Alpha.to_type(ScalarType.Float32).contiguous().data<float>().ToArray());
            }
        }
        finally
        {
            if (wasTraining) model.train();
        }
        return new Inference(probs, sim?.ToArray(), alpha?.ToArray());
    }

    /// <summary>Infers and scores against <paramref name="labels"/> (gold class indices).</summary>
    public static EvaluationResult Evaluate(LocationModel model, IReadOnlyList<PostFeatures> features, IReadOnlyList<int> labels,
        IReadOnlyList<string> labelNames, FeatureSpec spec, int maxImages, int maxTextTokens, int batchSize = 256)
    {
        var outputs = Infer(model, features, spec, maxImages, maxTextTokens, batchSize);
        return new EvaluationResult(Metrics.Compute(outputs.Probabilities, labels, labelNames), outputs);
    }
}
