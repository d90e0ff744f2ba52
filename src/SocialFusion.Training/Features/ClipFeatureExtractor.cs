using SocialFusion.Data.Clip;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Clip;
using SocialFusion.Models.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Training.Features;

/// <summary>
/// Frozen CLIP features for SG-MFT from a Hugging Face CLIP folder (<c>config.json</c>, <c>model.safetensors</c>,
/// <c>vocab.json</c>, <c>merges.txt</c>, optional <c>preprocessor_config.json</c>):
/// <list type="bullet">
/// <item>text tokens: the text tower's last hidden state (after <c>final_layer_norm</c>) at SOT, the BPE tokens and
/// EOT, i.e. <c>min(len + 2, 77)</c> tokens per post; texts are batched by length and each batch is trimmed to its
/// longest text instead of padded to 77 (with the causal mask the real tokens' states do not depend on padding);</item>
/// <item>image tokens: the vision tower's last hidden state, all 1 + P tokens (CLS first), before <c>post_layernorm</c>
/// (= HF <c>last_hidden_state</c>);</item>
/// <item>pooled g_t, g_v: CLIP's projected embeddings, L2-normalised (cosine similarity is then a dot product);
/// g_v is the mean over the post's images; <see cref="FeatureSpec.PooledAligned"/> is true.</item>
/// </list>
/// Images are decoded and preprocessed on a background pipeline that overlaps the model; undecodable or missing
/// images are reported through <see cref="ImageSkipped"/> and the post keeps its text and other images.
/// </summary>
public sealed class ClipFeatureExtractor : IFeatureExtractor, IDisposable
{
    /// <summary>CLIP's context length.</summary>
    public const int ContextLength = 77;

    /// <summary>The model (eval mode, frozen).</summary>
    public ClipModel Model { get; }
    /// <summary>The tokenizer.</summary>
    public ClipTokenizer Tokenizer { get; }
    /// <summary>The image preprocessing.</summary>
    public ClipImagePreprocessor Preprocessor { get; }
    /// <summary>Batching and pipeline settings.</summary>
    public ClipExtractorOptions Options { get; }
    /// <summary>The checkpoint folder.</summary>
    public string Folder { get; }
    /// <inheritdoc />
    public string Fingerprint { get; }
    /// <inheritdoc />
    public FeatureSpec Spec { get; }
    /// <inheritdoc />
    public Action<SkippedImage>? ImageSkipped { get; set; }

    /// <summary>
    /// Wraps an already built model (e.g. random weights for benchmarks). <paramref name="fingerprint"/> must identify
    /// the weights and preprocessing; <see cref="FromPretrained"/> computes it from the checkpoint files instead.
    /// The extractor disposes <paramref name="model"/>.
    /// </summary>
    public ClipFeatureExtractor(ClipModel model, ClipTokenizer tokenizer, ClipImagePreprocessor preprocessor, string fingerprint,
        ClipExtractorOptions? options = null, string folder = "")
    {
        options ??= new ClipExtractorOptions();
        options.Validate();
        if (preprocessor.Size != model.Config.Vision.ImageSize)
            throw new ArgumentException($"preprocessor size {preprocessor.Size} differs from the model's image size {model.Config.Vision.ImageSize}");
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
        Preprocessor = preprocessor;
        Options = options;
        Fingerprint = fingerprint;
        var c = model.Config;
        Spec = new FeatureSpec(c.Text.HiddenSize, c.Vision.HiddenSize, c.ProjectionDim, c.Vision.NumPatches + 1, PooledAligned: true);
        model.eval();
    }

    /// <summary>
    /// Loads the checkpoint in <paramref name="dir"/>. The preprocessing comes from <c>preprocessor_config.json</c>
    /// when present (its size must equal the model's image size), otherwise CLIP's defaults at the model's size.
    /// </summary>
    public static ClipFeatureExtractor FromPretrained(string dir, ClipExtractorOptions? options = null)
    {
        options ??= new ClipExtractorOptions();
        options.Validate();
        dir = Path.GetFullPath(dir);
        if (!Directory.Exists(dir)) throw new DirectoryNotFoundException($"CLIP folder '{dir}' does not exist");
        foreach (var f in new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt" })
            if (!File.Exists(Path.Combine(dir, f)))
                throw new FileNotFoundException($"{dir}: not a Hugging Face CLIP folder, {f} is missing (see docs/clip.md)", Path.Combine(dir, f));
        var tokenizer = ClipTokenizer.FromDirectory(dir);
        var model = ClipModel.FromPretrained(dir);
        try
        {
            var preprocessorFile = Path.Combine(dir, "preprocessor_config.json");
            var pre = File.Exists(preprocessorFile) ? ClipImagePreprocessor.FromPreprocessorConfig(preprocessorFile) : new ClipImagePreprocessor(model.Config.Vision.ImageSize);
            if (pre.Size != model.Config.Vision.ImageSize)
                throw new InvalidDataException($"{preprocessorFile}: image size {pre.Size} differs from the model's {model.Config.Vision.ImageSize}");
            return new ClipFeatureExtractor(model, tokenizer, pre, ClipFingerprint.Compute(dir, pre, ContextLength), options, dir);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>CLIP input ids of <paramref name="text"/> without padding: SOT, BPE ids, EOT (at most 77, EOT kept).</summary>
    public long[] TokenIds(string text)
    {
        var padded = Tokenizer.Tokenize(text, ContextLength, truncate: true);
        int eot = Array.IndexOf(padded, (long)Tokenizer.EndOfText, 1);
        return padded[..(eot + 1)];
    }

    /// <inheritdoc />
    public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
    {
        using var inference = inference_mode();
        var jobs = new List<ClipImageJob>();
        for (int i = 0; i < posts.Count; i++)
            foreach (var path in posts[i].Images) jobs.Add(new ClipImageJob(i, posts[i].Id, path));
        // Start decoding first: the producer works on the first image batches while the text tower runs.
        using var pipeline = jobs.Count == 0 ? null
            : new ClipImagePipeline(jobs, Preprocessor, Options.BatchSize, Options.PrefetchBatches, Options.DecodeThreads, Options.ImageDecode);

        var (textTokens, textLengths, textPooled) = EncodeTexts(posts);
        var images = new List<float[]>[posts.Count];
        var imagePooled = new float[posts.Count][];
        int dg = Spec.PooledDim;
        if (pipeline is null) progress?.Report(posts.Count);
        else
            foreach (var batch in pipeline.Batches())
            {
                foreach (var s in batch.Skipped) ImageSkipped?.Invoke(s);
                if (batch.Jobs.Count > 0) EncodeImages(batch, images, imagePooled);
                progress?.Report(Math.Min(batch.NextPostIndex, posts.Count));
            }

        var result = new PostFeatures[posts.Count];
        for (int i = 0; i < posts.Count; i++)
        {
            var imgs = images[i]?.ToArray() ?? [];
            var ip = imagePooled[i] ?? new float[dg];
            if (imgs.Length > 1) for (int d = 0; d < dg; d++) ip[d] /= imgs.Length; // sum -> mean over images
            result[i] = new PostFeatures
            {
                PostId = posts[i].Id, TextTokens = textTokens[i], TextLength = textLengths[i],
                Images = imgs, TextPooled = textPooled[i], ImagePooled = ip,
            };
        }
        return result;
    }

    /// <summary>Text tower over the posts with text, in length-sorted batches each trimmed to its longest row.</summary>
    private (float[][] Tokens, int[] Lengths, float[][] Pooled) EncodeTexts(IReadOnlyList<Post> posts)
    {
        int n = posts.Count, dt = Spec.TextDim, dg = Spec.PooledDim;
        var ids = posts.Select(p => p.HasText ? TokenIds(p.Text!) : []).ToArray();
        var tokens = new float[n][];
        var pooled = new float[n][];
        var lengths = ids.Select(r => r.Length).ToArray();
        for (int i = 0; i < n; i++) { tokens[i] = []; pooled[i] = new float[dg]; }
        var order = Enumerable.Range(0, n).Where(i => lengths[i] > 0).OrderBy(i => lengths[i]).ToArray();
        for (int start = 0; start < order.Length; start += Options.BatchSize)
        {
            var rows = order.AsSpan(start, Math.Min(Options.BatchSize, order.Length - start)).ToArray();
            int l = rows.Max(i => lengths[i]);
            var flat = new long[rows.Length * l];                  // [b, l] padded with 0 after EOT
            for (int r = 0; r < rows.Length; r++) Array.Copy(ids[rows[r]], 0, flat, r * l, lengths[rows[r]]);
            using var scope = NewDisposeScope();
            var output = Model.EncodeText(torch.tensor(flat, new long[] { rows.Length, l }));
            var hidden = output.LastHiddenState.data<float>().ToArray();               // [b, l, Dt]
            var emb = nn.functional.normalize(output.TextEmbeds, p: 2, dim: -1).data<float>().ToArray(); // [b, Dg]
            for (int r = 0; r < rows.Length; r++)
            {
                int i = rows[r];
                tokens[i] = new float[lengths[i] * dt];
                Array.Copy(hidden, (long)r * l * dt, tokens[i], 0, lengths[i] * dt);
                Array.Copy(emb, r * dg, pooled[i], 0, dg);
            }
        }
        return (tokens, lengths, pooled);
    }

    /// <summary>Vision tower over one decoded batch; appends token states per image and sums pooled embeddings per post.</summary>
    private void EncodeImages(ClipImageBatch batch, List<float[]>[] images, float[][] imagePooled)
    {
        int b = batch.Jobs.Count, s = Preprocessor.Size, lv = Spec.ImageTokens, dv = Spec.ImageDim, dg = Spec.PooledDim;
        using var scope = NewDisposeScope();
        var output = Model.EncodeImage(torch.tensor(batch.Pixels, new long[] { b, 3, s, s }));
        var hidden = output.LastHiddenState.data<float>().ToArray();                     // [b, Lv, Dv]
        var emb = nn.functional.normalize(output.ImageEmbeds, p: 2, dim: -1).data<float>().ToArray(); // [b, Dg]
        for (int k = 0; k < b; k++)
        {
            int i = batch.Jobs[k].PostIndex;
            var tok = new float[lv * dv];
            Array.Copy(hidden, (long)k * lv * dv, tok, 0, lv * dv);
            (images[i] ??= []).Add(tok);
            var ip = imagePooled[i] ??= new float[dg];
            for (int d = 0; d < dg; d++) ip[d] += emb[k * dg + d];
        }
    }

    /// <inheritdoc />
    public void Dispose() => Model.Dispose();
}
