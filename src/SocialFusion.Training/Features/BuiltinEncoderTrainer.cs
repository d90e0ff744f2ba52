using SocialFusion.Data.Posts;
using SocialFusion.Data.Text;
using SocialFusion.Models.Encoders;
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
/// </summary>
public static class BuiltinEncoderTrainer
{
    /// <summary>Trains and returns the extractor (fingerprint = options + training post ids).</summary>
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
        var fingerprint = o.Fingerprint(trainPosts.Select(p => p.Id));
        return new BuiltinFeatureExtractor(o, tokenizer, encoders, fingerprint);
    }

    private static void Contrastive(ContrastiveEncoderPair encoders, List<(int[] Ids, float[] Pixels)> pairs,
        BuiltinEncoderOptions o, IProgress<EncoderTrainingProgress>? progress)
    {
        int s = o.ImageSize, plane = 3 * s * s;
        using var all = tensor(pairs.SelectMany(p => p.Pixels).ToArray(), new long[] { pairs.Count, 3, s, s }); // [N, 3, S, S]
        var rng = new Random(o.Seed);
        var optimizer = optim.AdamW(encoders.parameters(), o.LearningRate, weight_decay: o.WeightDecay);
        int batchesPerEpoch = (pairs.Count + o.BatchSize - 1) / o.BatchSize, totalSteps = batchesPerEpoch * o.Epochs, step = 0;
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
                // Cosine decay to 10% of the base rate.
                var lr = o.LearningRate * (0.1 + 0.45 * (1 + Math.Cos(Math.PI * step / Math.Max(1, totalSteps))));
                foreach (var g in optimizer.ParamGroups) g.LearningRate = lr;
                var images = Augment(all.index_select(0, tensor(idx.Select(i => (long)i).ToArray())), rng); // [b, 3, S, S]
                var rows = idx.Select(i => pairs[i].Ids).ToList();
                var (ids, mask) = BuiltinFeatureExtractor.TextBatch(rows, rows.Max(r => r.Length));
                optimizer.zero_grad();
                var loss = encoders.Loss(images, ids, mask);
                loss.backward();
                nn.utils.clip_grad_norm_(encoders.parameters(), 1.0);
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
                step++;
            }
            progress?.Report(new EncoderTrainingProgress("contrastive", epoch + 1, o.Epochs, batches > 0 ? lossSum / batches : double.NaN));
        }
        encoders.eval();
    }

    /// <summary>Random horizontal flips and brightness/contrast jitter: scene identity survives, pixel shortcuts do not.</summary>
    private static Tensor Augment(Tensor images, Random rng)
    {
        long b = images.shape[0];
        var flip = tensor(Enumerable.Range(0, (int)b).Select(_ => rng.NextDouble() < 0.5).ToArray()).view(b, 1, 1, 1); // [b, 1, 1, 1]
        var x = where(flip, images.flip(3), images);
        var gain = tensor(Enumerable.Range(0, (int)b).Select(_ => (float)(0.8 + 0.4 * rng.NextDouble())).ToArray()).view(b, 1, 1, 1);
        var shift = tensor(Enumerable.Range(0, (int)b).Select(_ => (float)(0.1 * (rng.NextDouble() - 0.5))).ToArray()).view(b, 1, 1, 1);
        return (x * gain + shift).clamp(0f, 1f);
    }
}
