using SocialFusion.Data.Clip;
using SocialFusion.Data.Images;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Clip;
using SocialFusion.Training.Features;

namespace SocialFusion.Training.Benchmarks;

/// <summary>
/// End-to-end <c>embed</c> throughput: JPEG files decoded, preprocessed (PIL-exact bicubic resize, crop, normalise)
/// on the extractor's background pipeline, encoded by the image tower and written to a fresh feature cache, as
/// <c>socialfusion embed</c> does. Compared with the pure image-tower figure at the same batch size.
/// </summary>
public static class ClipEmbedBenchmark
{
    /// <summary>Images/s of <see cref="ClipFeatureExtractor"/> + <see cref="FeatureCache"/> over <paramref name="images"/> generated 640x480 JPEGs.</summary>
    /// <param name="model">The ViT-B/32-shaped model (not disposed here).</param>
    /// <param name="matmulGflops">The same run's matmul figure.</param>
    /// <param name="modelImagesPerSecond">The pure image-tower throughput at <paramref name="batch"/>, named in the figure.</param>
    /// <param name="images">Number of generated images (one per post, posts without text).</param>
    /// <param name="batch">Extractor batch size.</param>
    /// <param name="runs">Timed runs, each into a fresh cache.</param>
    public static BenchmarkFigure Run(ClipModel model, double matmulGflops, double modelImagesPerSecond, int images = 64, int batch = 32, int runs = 3)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sf-clip-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var posts = Enumerable.Range(0, images).Select(i =>
            {
                var path = Path.Combine(dir, $"img{i:D4}.jpg");
                ImageEncoder.SaveJpeg(Picture(640, 480, i), path);
                return new Post($"p{i}", "u", DateTimeOffset.UnixEpoch, null, [path], new Dictionary<string, string>());
            }).ToList();
            var extractor = new ClipFeatureExtractor(model, MinimalTokenizer(dir), new ClipImagePreprocessor(model.Config.Vision.ImageSize),
                "bench", new ClipExtractorOptions(BatchSize: batch));
            int run = 0;
            extractor.Extract(posts.Take(2).ToList()); // warm the pipeline
            var (median, rates) = BenchmarkTimer.Measure(() =>
            {
                var cachePath = Path.Combine(dir, $"cache{run++}.sfcache");
                using (var cache = new FeatureCache(cachePath) { ChunkSize = Math.Max(64, batch * 4) })
                    cache.GetOrExtract(posts, extractor);
                foreach (var f in Directory.EnumerateFiles(dir, $"cache{run - 1}.sfcache*")) File.Delete(f);
            }, images, warmup: 0, runs);
            double flops = ClipShapes.ImageFlops(model.Config);
            return new BenchmarkFigure($"clip embed end-to-end ({images} JPEG 640x480, batch {batch}; {median / modelImagesPerSecond:P0} of the tower)",
                "images/s", median, rates, flops, median * flops / 1e9 / matmulGflops);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    /// <summary>A smooth colour field with noise: decodes like a photo (not a flat image the codec shortcuts).</summary>
    private static RgbImage Picture(int w, int h, int seed)
    {
        var rng = new Random(seed);
        var px = new byte[w * h * 3];
        double a = rng.NextDouble() * 6, b = rng.NextDouble() * 6;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int o = (y * w + x) * 3;
                px[o] = (byte)Math.Clamp(128 + 90 * Math.Sin(a + x / 40.0) + rng.Next(-20, 21), 0, 255);
                px[o + 1] = (byte)Math.Clamp(128 + 90 * Math.Cos(b + y / 30.0) + rng.Next(-20, 21), 0, 255);
                px[o + 2] = (byte)Math.Clamp(128 + 60 * Math.Sin((x + y) / 50.0) + rng.Next(-20, 21), 0, 255);
            }
        return new RgbImage(w, h, px);
    }

    /// <summary>A vocabulary of just the special tokens: the benchmark's posts have no text.</summary>
    private static ClipTokenizer MinimalTokenizer(string dir)
    {
        var vocab = Path.Combine(dir, "vocab.json");
        var merges = Path.Combine(dir, "merges.txt");
        File.WriteAllText(vocab, "{\"<|startoftext|>\":49406,\"<|endoftext|>\":49407}");
        File.WriteAllText(merges, "#version: 0.2\n");
        return ClipTokenizer.FromFiles(vocab, merges);
    }
}
