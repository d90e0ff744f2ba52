using SocialFusion.Data.Posts;
using SocialFusion.Training.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Training.ZeroShot;

/// <summary>
/// The <c>zero-shot</c> preset: CLIP with text prompts per label and no training. Each label is written into
/// several prompt templates; the prompts' normalised text embeddings are averaged and re-normalised (CLIP's prompt
/// ensembling) into one class embedding w_c. A post's logits are <c>exp(logit_scale) · cos(g, w_c)</c> and its
/// probabilities their softmax, where g is
/// <list type="bullet">
/// <item>the post's image embedding (mean of its images' normalised embeddings, re-normalised) when it has a usable image;</item>
/// <item>otherwise its text embedding (text-vs-prompt similarity, a fallback: text-text cosines are larger and less
/// spread than image-text ones, so these probabilities are less sharp and less calibrated);</item>
/// <item>otherwise (no text, no usable image) the uniform distribution.</item>
/// </list>
/// </summary>
public sealed class ZeroShotClassifier : IDisposable
{
    /// <summary>Default prompt templates of English checkpoints (<c>{label}</c> is replaced by the label name); Chinese-CLIP uses <see cref="ZeroShotPrompts.Chinese"/>.</summary>
    public static IReadOnlyList<string> DefaultTemplates => ZeroShotPrompts.English;

    private readonly ClipFeatureExtractor _extractor;
    private readonly bool _ownsExtractor;
    private readonly float[] _classEmbeddings; // [C, E] unit rows, row-major

    /// <summary>Label names in probability column order.</summary>
    public IReadOnlyList<string> Labels { get; }
    /// <summary>What the prompts call each label (same order as <see cref="Labels"/>; translated for Chinese-CLIP).</summary>
    public IReadOnlyList<string> PromptNames { get; }
    /// <summary>The prompt templates used.</summary>
    public IReadOnlyList<string> Templates { get; }
    /// <summary>exp(logit_scale) of the checkpoint.</summary>
    public float LogitScale { get; }
    /// <summary>The extractor whose pooled embeddings are classified (its fingerprint identifies compatible cached features).</summary>
    public ClipFeatureExtractor Extractor => _extractor;

    /// <summary>Images that cannot be decoded while predicting (the post falls back to its text).</summary>
    public Action<SkippedImage>? ImageSkipped { get => _extractor.ImageSkipped; set => _extractor.ImageSkipped = value; }

    /// <summary>
    /// Builds the classifier over an already loaded extractor (not disposed with the classifier). Templates default to
    /// the checkpoint language's (<see cref="ZeroShotPrompts.Templates"/>), label names in the prompts to
    /// <see cref="ZeroShotPrompts.LabelNames"/> (with <paramref name="labelNameFile"/> as the mapping file).
    /// </summary>
    public ZeroShotClassifier(ClipFeatureExtractor extractor, IReadOnlyList<string> labelNames, IReadOnlyList<string>? templates = null, string? labelNameFile = null)
        : this(extractor, labelNames, templates, labelNameFile, ownsExtractor: false) { }

    private ZeroShotClassifier(ClipFeatureExtractor extractor, IReadOnlyList<string> labelNames, IReadOnlyList<string>? templates, string? labelNameFile, bool ownsExtractor)
    {
        if (labelNames.Count == 0) throw new ArgumentException("zero-shot needs at least one label", nameof(labelNames));
        templates ??= ZeroShotPrompts.Templates(extractor.Kind.Language);
        PromptNames = ZeroShotPrompts.LabelNames(labelNames, extractor.Kind.Language, extractor.Folder.Length > 0 ? extractor.Folder : null, labelNameFile);
        if (templates.Count == 0 || templates.Any(t => !t.Contains("{label}", StringComparison.Ordinal)))
            throw new ArgumentException("every prompt template must contain {label}", nameof(templates));
        _extractor = extractor;
        _ownsExtractor = ownsExtractor;
        Labels = labelNames.ToArray();
        Templates = templates.ToArray();
        LogitScale = extractor.Model.LogitScaleExp().item<float>();
        _classEmbeddings = EmbedClasses();
    }

    /// <summary>Loads the CLIP checkpoint in <paramref name="dir"/> and embeds the prompts of every label.</summary>
    public static ZeroShotClassifier FromClip(string dir, IReadOnlyList<string> labelNames, IReadOnlyList<string>? templates = null,
        ClipExtractorOptions? options = null, string? labelNameFile = null)
    {
        var extractor = ClipFeatureExtractor.FromPretrained(dir, options);
        try { return new ZeroShotClassifier(extractor, labelNames, templates, labelNameFile, ownsExtractor: true); }
        catch { extractor.Dispose(); throw; }
    }

    /// <summary>The prompt for one label name and template (<c>coffee_shop</c> reads "coffee shop").</summary>
    public static string Prompt(string template, string label) => template.Replace("{label}", label.Replace('_', ' ').Replace('-', ' '), StringComparison.Ordinal);

    private float[] EmbedClasses()
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        int c = Labels.Count, t = Templates.Count;
        var rows = PromptNames.SelectMany(name => Templates.Select(tp => _extractor.TokenIds(Prompt(tp, name)))).ToList(); // C*T prompts
        var (ids, mask) = ClipFeatureExtractor.Batch(rows);                                  // [C*T, l] padded after the end token
        var embeds = _extractor.Model.EncodeText(ids, mask).TextEmbeds;                      // [C*T, E]
        var unit = nn.functional.normalize(embeds, p: 2, dim: -1).view(c, t, -1);   // [C, T, E]
        var mean = nn.functional.normalize(unit.mean(new long[] { 1 }), p: 2, dim: -1); // [C, E]
        return mean.data<float>().ToArray();
    }

    /// <summary>Extracts CLIP features of <paramref name="posts"/> and returns probabilities [N][C] in <see cref="Labels"/> order.</summary>
    public float[][] Predict(IReadOnlyList<Post> posts, IProgress<int>? progress = null) =>
        PredictFromFeatures(_extractor.Extract(posts, progress));

    /// <summary>
    /// Probabilities [N][C] from features this classifier's extractor produced (e.g. read back from a
    /// <see cref="FeatureCache"/> under <see cref="ClipFeatureExtractor.Fingerprint"/>): only the pooled embeddings are used.
    /// </summary>
    public float[][] PredictFromFeatures(IReadOnlyList<PostFeatures> features)
    {
        int c = Labels.Count, e = _classEmbeddings.Length / c;
        var result = new float[features.Count][];
        for (int i = 0; i < features.Count; i++)
        {
            var f = features[i];
            var g = f.Images.Length > 0 ? f.ImagePooled : f.TextLength > 0 ? f.TextPooled : null;
            result[i] = g is null ? Enumerable.Repeat(1f / c, c).ToArray() : Softmax(Logits(g, e, c));
        }
        return result;
    }

    private double[] Logits(float[] g, int e, int c)
    {
        if (g.Length != e) throw new ArgumentException($"pooled embedding has {g.Length} values, the classifier's CLIP {e}");
        double norm = Math.Sqrt(g.Sum(v => (double)v * v));
        var logits = new double[c];
        for (int k = 0; k < c; k++)
        {
            double dot = 0;
            for (int d = 0; d < e; d++) dot += g[d] * _classEmbeddings[k * e + d];
            logits[k] = norm > 0 ? LogitScale * dot / norm : 0;
        }
        return logits;
    }

    private static float[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var exp = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = exp.Sum();
        return exp.Select(v => (float)(v / sum)).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsExtractor) _extractor.Dispose();
    }
}
