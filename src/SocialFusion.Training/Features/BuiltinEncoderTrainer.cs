using SocialFusion.Data.Posts;
using SocialFusion.Data.Text;
using SocialFusion.Models.Encoders;
using SocialFusion.Training.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Training.Features;

/// <summary>Progress of built-in encoder training.</summary>
/// <param name="Stage">"tokenizer", "images" or "contrastive".</param>
/// <param name="Epoch">Epochs done (contrastive stage).</param>
/// <param name="Epochs">Total epochs.</param>
/// <param name="Loss">Mean InfoNCE of the last epoch (NaN before the first).</param>
public sealed record EncoderTrainingProgress(string Stage, int Epoch, int Epochs, double Loss);

/// <summary>
/// Trains SocialFusion's built-in encoders from scratch on the user's own training posts: a BPE tokenizer on their
/// texts, then CLIP-style symmetric InfoNCE on the posts that have both text and a decodable image. Label-free.
/// Plain per-pair InfoNCE on a small collection where many posts show the same kind of scene learns little beyond
/// global colour (sentiment) and then memorises pairs, so by default the targets are softened with text-text TF-IDF
/// similarity (posts whose texts say the same thing are partial positives, not negatives), the image CLS token reads the
/// whole grid (layout), text tokens are randomly dropped and the text pooling mixes attention with the mean.
/// </summary>
public static class BuiltinEncoderTrainer
{
    /// <summary>Trains and returns the extractor (fingerprint = options + training posts' ids and content).</summary>
    public static BuiltinFeatureExtractor Train(IReadOnlyList<Post> trainPosts, BuiltinEncoderOptions? options = null,
        IProgress<EncoderTrainingProgress>? progress = null, Action<SkippedImage>? imageSkipped = null)
    {
        var o = options ?? new BuiltinEncoderOptions();
        o.Validate();
        progress?.Report(new EncoderTrainingProgress("tokenizer", 0, o.Epochs, double.NaN));
        var tokenizer = SocialTokenizerTrainer.Train(trainPosts.Select(p => p.Text), new SocialTokenizerOptions(o.VocabSize, o.MinFrequency));

        // Decode once: one image per pair (the post's first decodable one), kept as CHW floats.
        progress?.Report(new EncoderTrainingProgress("images", 0, o.Epochs, double.NaN));
        var pairs = new List<(int[] Ids, float[] Pixels)>();
        foreach (var p in trainPosts.Where(p => p.HasText && p.HasImage))
        {
            var ids = tokenizer.Encode(p.Text, o.MaxTextTokens);
            if (ids.Length == 0) continue;
            foreach (var path in p.Images)
            {
                var chw = ImageTensorizer.TryLoad(path, o.ImageSize, out var reason);
                if (chw == null) { imageSkipped?.Invoke(new SkippedImage(p.Id, path, reason ?? "unknown")); continue; }
                pairs.Add((ids, chw));
                break;
            }
        }

        random.manual_seed(o.Seed);
        var encoders = BuiltinFeatureExtractor.CreateEncoders(o, tokenizer.VocabSize);
        if (pairs.Count >= 2 && o.Epochs > 0) Contrastive(encoders, pairs, o, progress);
        var fingerprint = o.Fingerprint(trainPosts);
        return new BuiltinFeatureExtractor(o, tokenizer, encoders, fingerprint);
    }

    private static void Contrastive(ContrastiveEncoderPair encoders, List<(int[] Ids, float[] Pixels)> pairs,
        BuiltinEncoderOptions o, IProgress<EncoderTrainingProgress>? progress)
    {
        int s = o.ImageSize, crop = o.TrainImageSize == 0 ? o.ImageSize : o.TrainImageSize;
        using var all = tensor(pairs.SelectMany(p => p.Pixels).ToArray(), new long[] { pairs.Count, 3, s, s }); // [N, 3, S, S]
        var rng = new Random(o.Seed);
        var optimizer = WeightDecay.AdamW(encoders, o.LearningRate, o.WeightDecay);
        int batchesPerEpoch = (pairs.Count + o.BatchSize - 1) / o.BatchSize, totalSteps = batchesPerEpoch * o.Epochs, step = 0;
        var tfidf = o.SoftTargetShare > 0 ? TfIdf(pairs.Select(p => p.Ids).ToList()) : null;
        encoders.train();
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            var order = Enumerable.Range(0, pairs.Count).ToArray();
            rng.Shuffle(order);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start < order.Length; start += o.BatchSize)
            {
                var idx = order.Skip(start).Take(o.BatchSize).ToArray();
                if (idx.Length < 2) continue; // a single pair has no negatives
                using var scope = NewDisposeScope();
                var lr = o.LearningRate * LearningRateFactor(step, totalSteps, o.WarmupSteps);
                foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                var images = Augment(all.index_select(0, tensor(idx.Select(i => (long)i).ToArray())), crop, o.CropMinScale, o.ColourJitter, rng); // [b, 3, crop, crop]
                var rows = idx.Select(i => DropTokens(pairs[i].Ids, o.TextTokenDropout, rng)).ToList();
                var (ids, mask) = BuiltinFeatureExtractor.TextBatch(rows, rows.Max(r => r.Length));
                optimizer.zero_grad();
                var targets = tfidf is null ? null : SoftTargets(idx.Select(i => tfidf[i]).ToList(), o.SoftTargetShare, o.SoftTargetTemperature);
                var loss = encoders.Loss(images, ids, mask, targets);
                double value = FiniteLoss.Check(loss, "built-in encoders", "contrastive (InfoNCE)", epoch + 1, batches + 1, batchesPerEpoch, lr);
                loss.backward();
                nn.utils.clip_grad_norm_(encoders.parameters(), 1.0);
                optimizer.step();
                lossSum += value;
                batches++;
                step++;
            }
            progress?.Report(new EncoderTrainingProgress("contrastive", epoch + 1, o.Epochs, batches > 0 ? lossSum / batches : double.NaN));
        }
        encoders.eval();
    }

    /// <summary>Unit-norm TF-IDF vectors (binary term presence, idf = ln(N / df); tokens in at least two texts but not in all) of token id rows.</summary>
    public static Dictionary<int, float>[] TfIdf(IReadOnlyList<int[]> rows)
    {
        var df = new Dictionary<int, int>();
        foreach (var row in rows) foreach (var t in row.Distinct()) df[t] = df.GetValueOrDefault(t) + 1;
        return rows.Select(row =>
        {
            var v = row.Distinct().Where(t => df[t] >= 2 && df[t] < rows.Count).ToDictionary(t => t, t => (float)Math.Log(rows.Count / (double)df[t]));
            var norm = MathF.Sqrt(v.Values.Sum(x => x * x));
            return norm > 0 ? v.ToDictionary(kv => kv.Key, kv => kv.Value / norm) : v;
        }).ToArray();
    }

    /// <summary>
    /// Soft InfoNCE targets [b, b] from text-text TF-IDF similarity (label-free, SoftCLIP-style): row i keeps
    /// 1 - <paramref name="share"/> on its own pair and spreads <paramref name="share"/> over the other posts of the batch
    /// by softmax(similarity / <paramref name="temperature"/>), over those with positive similarity only (a row without any
    /// keeps the identity). Posts whose texts say the same thing are then not pushed apart as negatives.
    /// </summary>
    public static Tensor SoftTargets(IReadOnlyList<Dictionary<int, float>> vectors, double share, double temperature)
    {
        int b = vectors.Count;
        var t = new float[b * b];
        for (int i = 0; i < b; i++)
        {
            var w = new double[b];
            double max = 0, sum = 0;
            for (int j = 0; j < b; j++)
            {
                if (j == i) continue;
                double sim = 0;
                foreach (var (k, x) in vectors[i]) if (vectors[j].TryGetValue(k, out var y)) sim += x * y;
                w[j] = sim;
                max = Math.Max(max, sim);
            }
            t[i * b + i] = 1;
            if (max <= 0) continue;
            for (int j = 0; j < b; j++) if (j != i && w[j] > 0) { w[j] = Math.Exp((w[j] - max) / temperature); sum += w[j]; } else w[j] = 0;
            t[i * b + i] = (float)(1 - share);
            for (int j = 0; j < b; j++) if (w[j] > 0) t[i * b + j] = (float)(share * w[j] / sum);
        }
        return tensor(t, new long[] { b, b });
    }

    /// <summary>Linear warm-up over <paramref name="warmup"/> steps, then cosine decay to 10% of the base rate.</summary>
    public static double LearningRateFactor(int step, int totalSteps, int warmup)
    {
        if (step < warmup) return (step + 1) / (double)warmup;
        double progress = Math.Clamp((step - warmup) / (double)Math.Max(1, totalSteps - warmup), 0, 1);
        return 0.1 + 0.45 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>Deletes each token with probability <paramref name="p"/>, keeping at least one.</summary>
    public static int[] DropTokens(int[] ids, double p, Random rng)
    {
        if (p <= 0 || ids.Length <= 1) return ids;
        var kept = ids.Where(_ => rng.NextDouble() >= p).ToArray();
        return kept.Length > 0 ? kept : [ids[rng.Next(ids.Length)]];
    }

    /// <summary>
    /// Random resized crop (area share in [<paramref name="minScale"/>, 1], aspect 3/4..4/3) with horizontal flip, resampled
    /// to <paramref name="size"/>, then per-image brightness/contrast/saturation and per-channel gain jitter scaled by
    /// <paramref name="jitter"/>: the scene kind survives, the layout and exact colours a pair could be memorised by do not.
    /// </summary>
    public static Tensor Augment(Tensor images, int size, double minScale, double jitter, Random rng)
    {
        using var scope = NewDisposeScope();
        int b = (int)images.shape[0];
        var theta = new float[b * 6];
        for (int i = 0; i < b; i++)
        {
            double area = minScale + (1 - minScale) * rng.NextDouble();
            double aspect = Math.Exp(Math.Log(0.75) + (Math.Log(4.0 / 3) - Math.Log(0.75)) * rng.NextDouble());
            double w = Math.Min(1, Math.Sqrt(area * aspect)), h = Math.Min(1, Math.Sqrt(area / aspect));
            if (minScale >= 1) { w = 1; h = 1; }
            double cx = (1 - w) * (2 * rng.NextDouble() - 1), cy = (1 - h) * (2 * rng.NextDouble() - 1);
            double flip = rng.NextDouble() < 0.5 ? -1 : 1;
            // Output coordinates in [-1, 1] map to input (w * flip * x + cx, h * y + cy).
            theta[i * 6 + 0] = (float)(w * flip); theta[i * 6 + 2] = (float)cx;
            theta[i * 6 + 4] = (float)h; theta[i * 6 + 5] = (float)cy;
        }
        var grid = nn.functional.affine_grid(tensor(theta, new long[] { b, 2, 3 }), new long[] { b, 3, size, size }, align_corners: false); // [b, size, size, 2]
        var x = nn.functional.grid_sample(images, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false); // [b, 3, size, size]
        Tensor PerImage(Func<double> f, long channels = 1) =>
            tensor(Enumerable.Range(0, b * (int)channels).Select(_ => (float)f()).ToArray()).view(b, channels, 1, 1);
        double U(double r) => 1 + r * (2 * rng.NextDouble() - 1);
        if (jitter > 0)
        {
            var grey = x.mean(new long[] { 1 }, keepdim: true);                  // [b, 1, size, size]
            var saturation = PerImage(() => U(0.6 * jitter));
            x = grey + (x - grey) * saturation;
            var mean = x.mean(new long[] { 1, 2, 3 }, keepdim: true);            // [b, 1, 1, 1]
            x = mean + (x - mean) * PerImage(() => U(0.4 * jitter));            // contrast
            x = x * PerImage(() => U(0.4 * jitter)) * PerImage(() => U(0.1 * jitter), 3); // brightness, channel gain
        }
        else
        {
            // The original mild jitter: brightness gain and shift.
            x = x * PerImage(() => 0.8 + 0.4 * rng.NextDouble()) + PerImage(() => 0.1 * (rng.NextDouble() - 0.5));
        }
        return x.clamp(0f, 1f).MoveToOuterDisposeScope();
    }
}
