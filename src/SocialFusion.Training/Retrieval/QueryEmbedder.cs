using SocialFusion.Data.Posts;
using SocialFusion.Training.Features;

namespace SocialFusion.Training.Retrieval;

/// <summary>
/// Embeds search queries with any <see cref="IFeatureExtractor"/> whose pooled text and image embeddings share one
/// aligned space (CLIP, or the built-in encoders trained with symmetric InfoNCE): a query is a one-modality post.
/// </summary>
public sealed class QueryEmbedder
{
    private readonly IFeatureExtractor extractor;

    /// <summary>Wraps <paramref name="extractor"/>; refuses extractors without an aligned pooled space.</summary>
    public QueryEmbedder(IFeatureExtractor extractor)
    {
        if (!extractor.Spec.PooledAligned)
            throw new ArgumentException("Cross-modal search needs aligned text and image embeddings (CLIP or the built-in contrastive encoders).");
        this.extractor = extractor;
    }

    /// <summary>Unit-norm text embedding [Dg] of <paramref name="text"/>.</summary>
    public float[] Text(string text)
    {
        var f = extractor.Extract([new Post("query", "query", DateTimeOffset.UnixEpoch, text, [], new Dictionary<string, string>())])[0];
        if (f.TextLength == 0) throw new ArgumentException($"The query text '{text}' has no tokens the encoder knows.");
        return Normalize(f.TextPooled);
    }

    /// <summary>Unit-norm image embedding [Dg] of the image file <paramref name="path"/>.</summary>
    public float[] Image(string path)
    {
        string? reason = null;
        var previous = extractor.ImageSkipped;
        extractor.ImageSkipped = s => reason = s.Reason;
        try
        {
            var f = extractor.Extract([new Post("query", "query", DateTimeOffset.UnixEpoch, null, [Path.GetFullPath(path)], new Dictionary<string, string>())])[0];
            if (f.Images.Length == 0) throw new ArgumentException($"{path}: cannot use the query image ({reason ?? "unknown reason"}).");
            return Normalize(f.ImagePooled);
        }
        finally { extractor.ImageSkipped = previous; }
    }

    private static float[] Normalize(float[] v)
    {
        double norm = Math.Sqrt(v.Sum(x => (double)x * x));
        if (norm == 0) throw new ArgumentException("The query embedding is zero.");
        return v.Select(x => (float)(x / norm)).ToArray();
    }
}
