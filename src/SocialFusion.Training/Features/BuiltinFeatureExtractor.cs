using System.Text.Json;
using SocialFusion.Data.Posts;
using SocialFusion.Data.Text;
using SocialFusion.Models.Encoders;
using SocialFusion.Models.Features;
using static TorchSharp.torch;

namespace SocialFusion.Training.Features;

/// <summary>
/// Feature extractor over the built-in encoders (trained by <see cref="BuiltinEncoderTrainer"/>). Text tokens are
/// the GRU features, image tokens the CNN's CLS + grid, pooled embeddings the unit-norm projections into the
/// contrastively aligned space (so <see cref="FeatureSpec.PooledAligned"/> is true).
/// </summary>
public sealed class BuiltinFeatureExtractor : IFeatureExtractor, IDisposable
{
    private const string WeightsFile = "encoders.bin", TokenizerFile = "tokenizer.json", OptionsFile = "options.json";

    /// <summary>The options the encoders were trained with.</summary>
    public BuiltinEncoderOptions Options { get; }
    /// <summary>The tokenizer.</summary>
    public SocialTokenizer Tokenizer { get; }
    /// <summary>The encoders (kept in eval mode).</summary>
    public ContrastiveEncoderPair Encoders { get; }
    /// <inheritdoc />
    public string Fingerprint { get; }
    /// <inheritdoc />
    public FeatureSpec Spec { get; }
    /// <inheritdoc />
    public Action<SkippedImage>? ImageSkipped { get; set; }

    /// <summary>Wraps trained encoders.</summary>
    public BuiltinFeatureExtractor(BuiltinEncoderOptions options, SocialTokenizer tokenizer, ContrastiveEncoderPair encoders, string fingerprint)
    {
        Options = options;
        Tokenizer = tokenizer;
        Encoders = encoders;
        Fingerprint = fingerprint;
        Spec = new FeatureSpec(options.TextWidth, options.ImageWidth, options.PooledDim, options.Grid * options.Grid + 1, PooledAligned: true);
        Encoders.eval();
    }

    /// <summary>The encoder pair an options record describes (untrained).</summary>
    public static ContrastiveEncoderPair CreateEncoders(BuiltinEncoderOptions o, int vocabSize) => new(new ContrastiveConfig(
        new ImageCnnConfig(o.ImageSize, o.Grid, o.ImageWidth, LayoutCls: o.ImageLayoutCls), new TextRnnConfig(vocabSize, o.EmbeddingDim, o.TextWidth, o.TextMeanPooling), o.PooledDim));

    /// <inheritdoc />
    public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null)
    {
        var result = new List<PostFeatures>(posts.Count);
        using var noGrad = no_grad();
        for (int start = 0; start < posts.Count; start += Options.ExtractBatchSize)
        {
            int n = Math.Min(Options.ExtractBatchSize, posts.Count - start);
            result.AddRange(ExtractBatch(posts.Skip(start).Take(n).ToList()));
            progress?.Report(start + n);
        }
        return result;
    }

    private List<PostFeatures> ExtractBatch(List<Post> batch)
    {
        using var scope = NewDisposeScope();
        int s = Options.ImageSize, dt = Options.TextWidth, dg = Options.PooledDim, lv = Spec.ImageTokens, dv = Options.ImageWidth;
        // Text: encode posts that have text, padded to the longest.
        var ids = batch.Select(p => p.HasText ? Tokenizer.Encode(p.Text, Options.MaxTextTokens) : []).ToArray();
        var textRows = Enumerable.Range(0, batch.Count).Where(i => ids[i].Length > 0).ToArray();
        float[] textTokens = [], textPooled = [];
        int lt = textRows.Length == 0 ? 0 : textRows.Max(i => ids[i].Length);
        if (textRows.Length > 0)
        {
            var (idT, maskT) = TextBatch(textRows.Select(i => ids[i]).ToList(), lt);
            var (enc, pooled) = Encoders.EncodeTexts(idT, maskT);
            textTokens = enc.Tokens.data<float>().ToArray();       // [Bt, lt, Dt]
            textPooled = pooled.data<float>().ToArray();           // [Bt, Dg]
        }
        // Images: every decodable image of the batch in one tensor.
        var owners = new List<int>();
        var pixels = new List<float[]>();
        for (int i = 0; i < batch.Count; i++)
            foreach (var path in batch[i].Images)
            {
                var chw = ImageTensorizer.TryLoad(path, s, out var reason);
                if (chw == null) { ImageSkipped?.Invoke(new SkippedImage(batch[i].Id, path, reason ?? "unknown")); continue; }
                owners.Add(i);
                pixels.Add(chw);
            }
        float[] imageTokens = [], imagePooled = [];
        if (pixels.Count > 0)
        {
            var images = tensor(pixels.SelectMany(p => p).ToArray(), new long[] { pixels.Count, 3, s, s }); // [Bi, 3, S, S]
            var (tokens, pooled) = Encoders.EncodeImages(images);
            imageTokens = tokens.data<float>().ToArray();         // [Bi, Lv, Dv]
            imagePooled = pooled.data<float>().ToArray();         // [Bi, Dg]
        }
        var result = new List<PostFeatures>(batch.Count);
        int textRow = 0;
        for (int i = 0; i < batch.Count; i++)
        {
            int len = ids[i].Length;
            var tt = new float[len * dt];
            var tp = new float[dg];
            if (len > 0)
            {
                Array.Copy(textTokens, (long)textRow * lt * dt, tt, 0, len * dt);
                Array.Copy(textPooled, (long)textRow * dg, tp, 0, dg);
                textRow++;
            }
            var imgs = new List<float[]>();
            var ip = new float[dg];
            for (int k = 0; k < owners.Count; k++)
            {
                if (owners[k] != i) continue;
                var tok = new float[lv * dv];
                Array.Copy(imageTokens, (long)k * lv * dv, tok, 0, lv * dv);
                imgs.Add(tok);
                for (int d = 0; d < dg; d++) ip[d] += imagePooled[k * dg + d];
            }
            if (imgs.Count > 1) for (int d = 0; d < dg; d++) ip[d] /= imgs.Count;
            result.Add(new PostFeatures { PostId = batch[i].Id, TextTokens = tt, TextLength = len, Images = imgs.ToArray(), TextPooled = tp, ImagePooled = ip });
        }
        return result;
    }

    /// <summary>Pads token id rows to [B, L] ids (int64) and a bool mask.</summary>
    internal static (Tensor Ids, Tensor Mask) TextBatch(IReadOnlyList<int[]> rows, int length)
    {
        var idArr = new long[rows.Count * length];
        var maskArr = new bool[rows.Count * length];
        for (int r = 0; r < rows.Count; r++)
            for (int t = 0; t < Math.Min(length, rows[r].Length); t++) { idArr[r * length + t] = rows[r][t]; maskArr[r * length + t] = true; }
        return (tensor(idArr, new long[] { rows.Count, length }), tensor(maskArr, new long[] { rows.Count, length }));
    }

    private sealed record SavedOptions(BuiltinEncoderOptions Options, string Fingerprint, int VocabSize);

    /// <summary>Writes weights (TorchSharp format), tokenizer JSON and options JSON into <paramref name="dir"/>.</summary>
    public void Save(string dir)
    {
        Directory.CreateDirectory(dir);
        Encoders.save(Path.Combine(dir, WeightsFile));
        Tokenizer.Save(Path.Combine(dir, TokenizerFile));
        File.WriteAllText(Path.Combine(dir, OptionsFile), JsonSerializer.Serialize(new SavedOptions(Options, Fingerprint, Tokenizer.VocabSize), new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>Reads an extractor written by <see cref="Save"/>; clear errors naming the missing or bad file.</summary>
    public static BuiltinFeatureExtractor Load(string dir)
    {
        foreach (var f in new[] { WeightsFile, TokenizerFile, OptionsFile })
            if (!File.Exists(Path.Combine(dir, f))) throw new FileNotFoundException($"{dir}: built-in encoder folder lacks {f}", Path.Combine(dir, f));
        var optionsPath = Path.Combine(dir, OptionsFile);
        SavedOptions? saved;
        try { saved = JsonSerializer.Deserialize<SavedOptions>(File.ReadAllText(optionsPath)); }
        catch (JsonException e) { throw new InvalidDataException($"{optionsPath}: not valid options JSON ({e.Message})", e); }
        if (saved?.Options == null || string.IsNullOrEmpty(saved.Fingerprint))
            throw new InvalidDataException($"{optionsPath}: missing 'Options' or 'Fingerprint'");
        saved.Options.Validate();
        var tokenizer = SocialTokenizer.Load(Path.Combine(dir, TokenizerFile));
        if (tokenizer.VocabSize != saved.VocabSize)
            throw new InvalidDataException($"{dir}: tokenizer has {tokenizer.VocabSize} tokens but options say {saved.VocabSize}");
        var encoders = CreateEncoders(saved.Options, tokenizer.VocabSize);
        try { Checkpoints.WeightsFile.Load(encoders, Path.Combine(dir, WeightsFile)); }
        catch { encoders.Dispose(); throw; }
        return new BuiltinFeatureExtractor(saved.Options, tokenizer, encoders, saved.Fingerprint);
    }

    /// <inheritdoc />
    public void Dispose() => Encoders.Dispose();
}
