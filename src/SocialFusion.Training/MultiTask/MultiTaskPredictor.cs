using System.Text.Json;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Features;
using SocialFusion.Training.Prediction;
using static TorchSharp.torch;

namespace SocialFusion.Training.MultiTask;

/// <summary>
/// One head's prediction: the top-k classes with probabilities (classification) or a value in label units (regression),
/// and, when each head pools with its own attention query, the tokens and regions this head's pooling leaned on.
/// </summary>
public sealed record HeadPrediction(string Head, IReadOnlyList<LabelProbability>? Top, double? Value, AttentionEvidence? Attention = null)
{
    /// <summary>The predicted class or value as text, e.g. "gym (0.83)" or "3.25".</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Summary => Top is { Count: > 0 } t
        ? FormattableString.Invariant($"{t[0].Label} ({t[0].Probability:F2})")
        : FormattableString.Invariant($"{Value:G4}");
}

/// <summary>A text token and its pooling weight.</summary>
public sealed record TokenWeight(int Position, string Token, double Weight);

/// <summary>An image grid cell and its pooling weight (row-major cell of a G x G grid).</summary>
public sealed record RegionWeight(int Image, int Row, int Column, double Weight);

/// <summary>What the shared attention pooling leaned on for one post.</summary>
/// <param name="TopTokens">Highest-weighted text tokens, best first.</param>
/// <param name="TopRegions">Highest-weighted image regions, best first.</param>
/// <param name="ImageGrids">Per image of the post (up to MaxImages): G*G region weights, row-major; they sum to 1 over all images.</param>
/// <param name="Grid">G, the side of the region grid (0 when the post has no image).</param>
public sealed record AttentionEvidence(IReadOnlyList<TokenWeight> TopTokens, IReadOnlyList<RegionWeight> TopRegions, IReadOnlyList<float[]> ImageGrids, int Grid);

/// <summary>
/// Every head's prediction for one post, with the attention evidence behind the shared representation (attention-pooling
/// trunk only; with per-head pooling the mean of the heads' weights, each head's own evidence is on its prediction).
/// </summary>
public sealed record MultiTaskPrediction(string PostId, IReadOnlyList<HeadPrediction> Heads, AttentionEvidence? Attention);

/// <summary>
/// Predicts every head of a <see cref="MultiTaskModel"/> and explains the prediction with the attention-pooling trunk's
/// weights. The weights are shared by every head (one trunk), so they say what the post's representation was built
/// from, not why one head chose one class. The SG-MFT trunk pools by masked mean and gives no evidence.
/// </summary>
public static class MultiTaskPredictor
{
    /// <summary>Token strings of a post in feature order; for the built-in encoders its tokenizer's pieces.</summary>
    public static Func<Post, IReadOnlyList<string>> BuiltinTokens(BuiltinFeatureExtractor extractor) =>
        p => extractor.Tokenizer.Tokens(extractor.Tokenizer.Encode(p.Text, extractor.Options.MaxTextTokens));

    /// <summary>Token strings of a post in CLIP feature order: start marker, each piece as text, end marker.</summary>
    public static Func<Post, IReadOnlyList<string>> ClipTokens(ClipFeatureExtractor extractor) => p =>
        p.HasText ? extractor.Tokenizer.TokenStrings(extractor.TokenIds(p.Text!)) : [];

    /// <summary>The token namer for <paramref name="extractor"/>'s features, or null when its positions have no names.</summary>
    public static Func<Post, IReadOnlyList<string>>? TokenNames(IFeatureExtractor extractor) => extractor switch
    {
        BuiltinFeatureExtractor b => BuiltinTokens(b),
        ClipFeatureExtractor c => ClipTokens(c),
        _ => null,
    };

    /// <summary>
    /// Predicts <paramref name="features"/>; <paramref name="posts"/> (same order) and <paramref name="tokens"/> name the
    /// text positions of the evidence; without them, or when they disagree in length, positions are shown as "#i".
    /// </summary>
    public static IReadOnlyList<MultiTaskPrediction> Predict(MultiTaskModel model, IReadOnlyList<PostFeatures> features, FeatureSpec spec,
        int k = 3, IReadOnlyList<Post>? posts = null, Func<Post, IReadOnlyList<string>>? tokens = null, int topTokens = 5, int topRegions = 3,
        int batchSize = 64)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be >= 1.");
        if (posts is not null && posts.Count != features.Count) throw new ArgumentException("posts and features differ in length.", nameof(posts));
        var result = new List<MultiTaskPrediction>(features.Count);
        bool wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        try
        {
            for (int start = 0; start < features.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var chunk = features.Skip(start).Take(batchSize).ToList();
                using var batch = FeatureCollator.Collate(chunk, spec, model.Config.MaxImages, model.Config.MaxTextTokens);
                var o = model.forward(batch);
                var heads = Heads(model.Schema, o.Heads, k);
                // Per-head pooling: head i's own weights, [B, Lt] and [B, M, G2].
                var headWeights = o.HeadTextWeights is { } htw && o.HeadImageWeights is { } hiw
                    ? Enumerable.Range(0, heads.Length == 0 ? 0 : model.Schema.Tasks.Count).Select(i => (Text: htw[.., i], Image: hiw[.., i])).ToArray() : null;
                for (int r = 0; r < chunk.Count; r++)
                {
                    var names = posts is null ? null : tokens?.Invoke(posts[start + r]);
                    var evidence = o.TextWeights is null ? null : Evidence(o.TextWeights, o.ImageWeights!, r, chunk[r], names, topTokens, topRegions);
                    var perHead = heads[r];
                    if (headWeights is not null)
                        perHead = perHead.Select((h, i) => h with { Attention = Evidence(headWeights[i].Text, headWeights[i].Image, r, chunk[r], names, topTokens, topRegions) }).ToArray();
                    result.Add(new MultiTaskPrediction(chunk[r].PostId, perHead, evidence));
                }
            }
        }
        finally { if (wasTraining) model.train(); }
        return result;
    }

    /// <summary>Per row, every head's prediction (schema order).</summary>
    private static HeadPrediction[][] Heads(TaskSchema schema, IReadOnlyList<Tensor> outputs, int k)
    {
        long b = outputs[0].shape[0];
        var rows = Enumerable.Range(0, (int)b).Select(_ => new HeadPrediction[schema.Tasks.Count]).ToArray();
        for (int i = 0; i < schema.Tasks.Count; i++)
        {
            var head = schema.Tasks[i];
            if (head.Kind == TaskKind.Classification)
            {
                var p = nn.functional.softmax(outputs[i], 1).contiguous().data<float>().ToArray(); // [B, C]
                int c = head.Outputs;
                for (int r = 0; r < b; r++)
                    rows[r][i] = new HeadPrediction(head.Name, Enumerable.Range(0, c).OrderByDescending(j => p[r * c + j]).ThenBy(j => j)
                        .Take(k).Select(j => new LabelProbability(head.Classes[j], p[r * c + j])).ToArray(), null);
            }
            else
            {
                var v = outputs[i].contiguous().data<float>().ToArray();                              // [B], standardised
                for (int r = 0; r < b; r++) rows[r][i] = new HeadPrediction(head.Name, null, v[r] * head.Std + head.Mean);
            }
        }
        return rows;
    }

    private static AttentionEvidence Evidence(Tensor textWeights, Tensor imageWeights, int row, PostFeatures f, IReadOnlyList<string>? names,
        int topTokens, int topRegions)
    {
        long lt = textWeights.shape[1], m = imageWeights.shape[1], g2 = imageWeights.shape[2];
        var tw = textWeights[row].contiguous().data<float>().ToArray();                      // [Lt]
        var iw = imageWeights[row].contiguous().data<float>().ToArray();                     // [M, G2]
        int grid = (int)Math.Round(Math.Sqrt(g2));
        if (grid * grid != g2) grid = 0; // not a square grid (e.g. only CLS tokens): regions are cells of one row
        int len = Math.Min(f.TextLength, (int)lt);
        if (names is not null && names.Count < len) names = null;
        var top = Enumerable.Range(0, len).Select(i => new TokenWeight(i, names?[i] ?? $"#{i}", tw[i]))
            .OrderByDescending(t => t.Weight).Take(topTokens).ToList();
        int images = Math.Min(f.Images.Length, (int)m);
        var grids = Enumerable.Range(0, images).Select(j => iw.AsSpan((int)(j * g2), (int)g2).ToArray()).ToList();
        int side = grid > 0 ? grid : (int)g2;
        var regions = grids.SelectMany((g, j) => g.Select((w, c) => new RegionWeight(j, c / side, c % side, w)))
            .OrderByDescending(x => x.Weight).Take(topRegions).ToList();
        return new AttentionEvidence(top, regions, grids, images > 0 ? grid : 0);
    }
}

/// <summary>Writes multi-task predictions as JSON Lines and their image evidence as heatmaps.</summary>
public static class MultiTaskPredictionWriter
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>One JSON object per post.</summary>
    public static void WriteJsonl(string path, IEnumerable<MultiTaskPrediction> predictions)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path);
        foreach (var p in predictions) writer.WriteLine(JsonSerializer.Serialize(p, Json));
    }

    /// <summary>
    /// Writes <c>&lt;post id&gt;.png</c> into <paramref name="folder"/> for every prediction with image evidence: the
    /// post's first image under its region weights, captioned with every head's prediction. Returns the files written;
    /// a picture that cannot be made is reported to <paramref name="failed"/> as one sentence naming the post and image file.
    /// </summary>
    public static IReadOnlyList<string> WriteHeatmaps(string folder, IReadOnlyList<Post> posts, IReadOnlyList<MultiTaskPrediction> predictions,
        Action<string>? failed)
    {
        var byId = posts.GroupBy(p => p.Id).ToDictionary(g => g.Key, g => g.First());
        var files = new List<string>();
        foreach (var p in predictions)
        {
            if (p.Attention is not { Grid: > 0 } a || !byId.TryGetValue(p.PostId, out var post) || post.Images.Count == 0) continue;
            var file = Path.Combine(folder, SafeName(p.PostId) + ".png");
            try
            {
                AttentionHeatmap.Save(file, post.Images[0], a.ImageGrids[0], a.Grid, string.Join("\n", p.Heads.Select(h => $"{h.Head}: {h.Summary}")));
                files.Add(file);
            }
            // One undecodable image must not cost the other pictures.
            catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException) { failed?.Invoke($"post {p.PostId}: no heatmap from image {post.Images[0]} ({e.Message})"); }
        }
        return files;
    }

    private static string SafeName(string id) => string.Concat(id.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
}
