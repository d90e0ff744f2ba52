using System.Globalization;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Features;
using static TorchSharp.torch;

namespace SocialFusion.Training.MultiTask;

/// <summary>A text token and its pooling weight.</summary>
public sealed record TokenWeight(int Position, string Token, double Weight);

/// <summary>An image grid cell and its pooling weight (row-major cell of a G x G grid).</summary>
public sealed record RegionWeight(int Image, int Row, int Column, double Weight);

/// <summary>One post's predictions with the tokens and image regions the shared pooling leaned on.</summary>
/// <param name="PostId">The post.</param>
/// <param name="Predictions">Per head: predicted class (with probability) or value.</param>
/// <param name="TopTokens">Highest-weighted text tokens, best first.</param>
/// <param name="TopRegions">Highest-weighted image regions, best first.</param>
/// <param name="ImageGrids">Per image of the post (up to MaxImages): G*G region weights, row-major; they sum to 1 over all images.</param>
/// <param name="Grid">G, the side of the region grid (0 when the post has no image).</param>
public sealed record Explanation(string PostId, IReadOnlyDictionary<string, string> Predictions, IReadOnlyList<TokenWeight> TopTokens,
    IReadOnlyList<RegionWeight> TopRegions, IReadOnlyList<float[]> ImageGrids, int Grid);

/// <summary>
/// Explains multi-task predictions with the attention-pooling trunk's weights. The weights are shared by every head
/// (one trunk), so they say what the post's representation was built from, not why one head chose one class.
/// </summary>
public static class AttentionExplainer
{
    /// <summary>Token strings of a post in feature order; for the built-in encoders its tokenizer's pieces.</summary>
    public static Func<Post, IReadOnlyList<string>> BuiltinTokens(BuiltinFeatureExtractor extractor) =>
        p => extractor.Tokenizer.Tokens(extractor.Tokenizer.Encode(p.Text, extractor.Options.MaxTextTokens));

    /// <summary>
    /// Explains <paramref name="posts"/> (with their <paramref name="features"/> in the same order).
    /// <paramref name="tokens"/> names the feature positions; when null or when it disagrees in length, positions are shown as "#i".
    /// </summary>
    public static IReadOnlyList<Explanation> Explain(MultiTaskModel model, IReadOnlyList<Post> posts, IReadOnlyList<PostFeatures> features,
        FeatureSpec spec, Func<Post, IReadOnlyList<string>>? tokens = null, int topTokens = 5, int topRegions = 3)
    {
        if (model.Config.Trunk != TrunkKind.AttentionPooling)
            throw new InvalidOperationException("Attention explanations need the attention-pooling trunk (the SG-MFT trunk pools by masked mean).");
        var result = new List<Explanation>();
        bool wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        try
        {
            for (int start = 0; start < posts.Count; start += 64)
            {
                using var scope = NewDisposeScope();
                var chunk = features.Skip(start).Take(64).ToList();
                using var batch = FeatureCollator.Collate(chunk, spec, model.Config.MaxImages, model.Config.MaxTextTokens);
                var o = model.forward(batch);
                var tw = o.TextWeights!.contiguous().data<float>().ToArray();   // [B, Lt]
                var iw = o.ImageWeights!.contiguous().data<float>().ToArray();  // [B, M, G2]
                long lt = o.TextWeights.shape[1], m = o.ImageWeights.shape[1], g2 = o.ImageWeights.shape[2];
                int grid = (int)Math.Round(Math.Sqrt(g2));
                if (grid * grid != g2) grid = 0; // not a square grid (e.g. only CLS tokens): regions are shown as cells of one row
                var heads = o.Heads.Select(h => h.contiguous()).ToList();
                for (int r = 0; r < chunk.Count; r++)
                {
                    var post = posts[start + r];
                    var names = tokens?.Invoke(post);
                    int len = Math.Min(chunk[r].TextLength, (int)lt);
                    if (names is not null && names.Count < len) names = null;
                    var top = Enumerable.Range(0, len).Select(i => new TokenWeight(i, names?[i] ?? $"#{i}", tw[r * lt + i]))
                        .OrderByDescending(t => t.Weight).Take(topTokens).ToList();
                    int images = Math.Min(chunk[r].Images.Length, (int)m);
                    var grids = Enumerable.Range(0, images).Select(k => iw.AsSpan((int)((r * m + k) * g2), (int)g2).ToArray()).ToList();
                    int side = grid > 0 ? grid : (int)g2;
                    var regions = grids.SelectMany((g, k) => g.Select((w, c) => new RegionWeight(k, c / side, c % side, w)))
                        .OrderByDescending(x => x.Weight).Take(topRegions).ToList();
                    result.Add(new Explanation(post.Id, Predictions(model.Schema, heads, r), top, regions, grids, images > 0 ? grid : 0));
                }
            }
        }
        finally { if (wasTraining) model.train(); }
        return result;
    }

    private static Dictionary<string, string> Predictions(TaskSchema schema, IReadOnlyList<Tensor> heads, int row)
    {
        var d = new Dictionary<string, string>();
        for (int i = 0; i < schema.Tasks.Count; i++)
        {
            var head = schema.Tasks[i];
            if (head.Kind == TaskKind.Classification)
            {
                var p = nn.functional.softmax(heads[i][row], 0).data<float>().ToArray();
                int arg = Array.IndexOf(p, p.Max());
                d[head.Name] = string.Create(CultureInfo.InvariantCulture, $"{head.Classes[arg]} ({p[arg]:F2})");
            }
            else d[head.Name] = (heads[i][row].item<float>() * head.Std + head.Mean).ToString("G4", CultureInfo.InvariantCulture);
        }
        return d;
    }
}
