using SocialFusion.Data.Clip;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Clip;
using SocialFusion.Models.Features;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Training.Features;

/// <summary>
/// Frozen CLIP features for SG-MFT from a Hugging Face CLIP-like folder: OpenAI CLIP (<c>config.json</c>,
/// <c>model.safetensors</c>, <c>vocab.json</c>, <c>merges.txt</c>) or Chinese-CLIP (<c>vocab.txt</c> instead of the BPE
/// files), optional <c>preprocessor_config.json</c>; the family comes from <c>config.json</c> (<see cref="ClipCheckpointKind"/>):
/// <list type="bullet">
/// <item>text tokens: the text tower's last hidden state at the start token, the pieces and the end token, i.e.
/// <c>min(len + 2, context)</c> tokens per post (CLIP: after <c>final_layer_norm</c>, SOT..EOT, 77; Chinese-CLIP:
/// [CLS]..[SEP], 52); texts are batched by length and each batch is trimmed to its longest text instead of padded
/// to the context length (with CLIP's causal mask, and with Chinese-CLIP's attention mask, the real tokens' states do
/// not depend on padding);</item>
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
    /// <summary>The model (eval mode, frozen).</summary>
    public ClipLikeModel Model { get; }
    /// <summary>The tokenizer.</summary>
    public IClipTokenizer Tokenizer { get; }
    /// <summary>The image preprocessing.</summary>
    public IClipImagePreprocessor Preprocessor { get; }
    /// <summary>The checkpoint family (OpenAI CLIP or Chinese-CLIP).</summary>
    public ClipCheckpointKind Kind { get; }
    /// <summary>The tokenizer's context length.</summary>
    public int ContextLength => Tokenizer.ContextLength;
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
    public ClipFeatureExtractor(ClipLikeModel model, IClipTokenizer tokenizer, IClipImagePreprocessor preprocessor, string fingerprint,
        ClipExtractorOptions? options = null, string folder = "", ClipCheckpointKind? kind = null)
    {
        options ??= new ClipExtractorOptions();
        options.Validate();
        if (preprocessor.Size != model.VisionConfig.ImageSize)
            throw new ArgumentException($"preprocessor size {preprocessor.Size} differs from the model's image size {model.VisionConfig.ImageSize}");
        if (tokenizer.ContextLength > model.MaxTextLength)
            throw new ArgumentException($"tokenizer context length {tokenizer.ContextLength} exceeds the text tower's {model.MaxTextLength} positions");
        Kind = kind ?? (model is ChineseClipModel ? ClipCheckpointKind.ChineseClip : ClipCheckpointKind.OpenAiClip);
        Folder = folder;
        Model = model;
        Tokenizer = tokenizer;
        Preprocessor = preprocessor;
        Options = options;
        Fingerprint = fingerprint;
        Spec = new FeatureSpec(model.TextHiddenSize, model.VisionConfig.HiddenSize, model.ProjectionDim, model.VisionConfig.NumPatches + 1, PooledAligned: true);
        model.eval();
    }

    /// <summary>
    /// Loads the checkpoint in <paramref name="dir"/>; its family (<see cref="ClipCheckpointKind"/>) comes from
    /// <c>config.json</c>. The preprocessing comes from <c>preprocessor_config.json</c> when present (its size must
    /// equal the model's image size), otherwise the family's default at the model's size. A folder of the wrong kind
    /// or with missing files, keys or shapes is refused with one error naming them.
    /// </summary>
    public static ClipFeatureExtractor FromPretrained(string dir, ClipExtractorOptions? options = null)
    {
        options ??= new ClipExtractorOptions();
        options.Validate();
        dir = Path.GetFullPath(dir);
        var kind = ClipCheckpointKind.ForFolder(dir);
        kind.CheckFiles(dir);
        var tokenizer = kind.LoadTokenizer(dir);
        var model = kind.LoadModel(dir);
        try
        {
            var preprocessorFile = Path.Combine(dir, "preprocessor_config.json");
            var pre = File.Exists(preprocessorFile) ? IClipImagePreprocessor.FromPreprocessorConfig(preprocessorFile) : kind.DefaultPreprocessor(model.VisionConfig.ImageSize);
            if (pre.Size != model.VisionConfig.ImageSize)
                throw new InvalidDataException($"{preprocessorFile}: image size {pre.Size} differs from the model's {model.VisionConfig.ImageSize}");
            if (tokenizer.ContextLength > model.MaxTextLength)
                throw new InvalidDataException($"{dir}: tokenizer context length {tokenizer.ContextLength} exceeds max_position_embeddings {model.MaxTextLength}");
            return new ClipFeatureExtractor(model, tokenizer, pre, ClipFingerprint.Compute(dir, kind, pre, tokenizer.ContextLength), options, dir, kind);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Model input ids of <paramref name="text"/> without padding: start token, piece ids, end token (at most the context length, end kept).</summary>
    public long[] TokenIds(string text) => Tokenizer.TokenIds(text);

    /// <summary>[B, L] ids padded with 0 and their attention mask (1 for the first length[r] positions of row r).</summary>
    public static (Tensor Ids, Tensor Mask) Batch(IReadOnlyList<long[]> rows)
    {
        int l = rows.Max(r => r.Length);
        var flat = new long[rows.Count * l];   // [B, L] padded after the end token
        var mask = new long[rows.Count * l];   // [B, L]
        for (int r = 0; r < rows.Count; r++)
        {
            Array.Copy(rows[r], 0, flat, r * l, rows[r].Length);
            Array.Fill(mask, 1L, r * l, rows[r].Length);
        }
        return (torch.tensor(flat, new long[] { rows.Count, l }), torch.tensor(mask, new long[] { rows.Count, l }));
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
            using var scope = NewDisposeScope();
            var (batchIds, batchMask) = Batch(rows.Select(i => ids[i]).ToArray()); // [b, l] trimmed to the longest row
            var output = Model.EncodeText(batchIds, batchMask);
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
