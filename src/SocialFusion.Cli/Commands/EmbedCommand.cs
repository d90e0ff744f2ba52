using System.CommandLine;
using System.Diagnostics;
using SocialFusion.Cli.Rendering;
using SocialFusion.Data.Posts;
using SocialFusion.Training.Features;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion embed</c>: extracts CLIP features of a posts file into the feature cache the location pipeline
/// reads (resumable: posts already in the cache for this checkpoint are skipped).
/// </summary>
public static class EmbedCommand
{
    /// <summary>Cache file name used when <c>--out</c> is a folder (the name an experiment folder uses).</summary>
    public const string DefaultCacheName = "features.sfcache";

    public static Command Create()
    {
        var clip = new Option<DirectoryInfo>("--clip") { Description = "Hugging Face CLIP folder (config.json, model.safetensors, vocab.json, merges.txt).", Required = true };
        var input = new Option<FileInfo>("--input", "-i") { Description = "Posts file (.jsonl or .csv).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = $"Feature cache file, or a folder (then {DefaultCacheName} inside it, as in an experiment folder).", Required = true };
        var half = new Option<bool>("--float16") { Description = "Store new features as float16 (half the size)." };
        var batch = new Option<int>("--batch") { Description = "Texts or images per forward pass.", DefaultValueFactory = _ => 32 };
        var decodeThreads = new Option<int>("--decode-threads") { Description = "Image decoding workers running beside the model.", DefaultValueFactory = _ => 1 };
        var command = new Command("embed", "Extract CLIP features (token-level and pooled) of posts into a resumable feature cache.")
        {
            clip, input, output, half, batch, decodeThreads,
        };
        command.SetAction(parse =>
        {
            var inputPath = parse.GetRequiredValue(input).FullName;
            var cachePath = CachePath(parse.GetRequiredValue(output));
            var rejectedPath = Path.ChangeExtension(cachePath, null) + ".rejected.jsonl";
            // The cache is resumable (appended to, never replaced), so it needs no --force; but it is never an input.
            OutputGuard.NotAnInput("--out", cachePath, [inputPath]);
            OutputGuard.NotAnInput("--out", rejectedPath, [inputPath]);
            var read = PostReader.Read(inputPath);
            Directory.CreateDirectory(Path.GetDirectoryName(cachePath)!);
            RejectedRecordWriter.Write(rejectedPath, read);
            Console.WriteLine(read.Summary);
            var options = new ClipExtractorOptions(BatchSize: parse.GetValue(batch), DecodeThreads: parse.GetValue(decodeThreads));
            using var extractor = ClipFeatureExtractor.FromPretrained(parse.GetRequiredValue(clip).FullName, options);
            var skipped = new List<SkippedImage>();
            extractor.ImageSkipped = s => skipped.Add(s);
            var storage = parse.GetValue(half) ? FeatureStorage.Float16 : FeatureStorage.Float32;
            using var cache = new FeatureCache(cachePath, storage) { ChunkSize = Math.Max(64, options.BatchSize * 4) };
            long before = cache.Count(extractor.Fingerprint);
            var posts = read.Posts;
            var clock = Stopwatch.StartNew();
            int? first = null;
            Output.WithProgress("embedding", report =>
                cache.GetOrExtract(posts, extractor, new Reporter(n =>
                {
                    first ??= n; // posts already cached when the run starts
                    double rate = (n - first.Value) / Math.Max(1e-9, clock.Elapsed.TotalSeconds);
                    report(posts.Count == 0 ? 1 : (double)n / posts.Count, $"{n}/{posts.Count} posts, {rate:F1} posts/s");
                })));
            var elapsed = clock.Elapsed;
            int extracted = posts.Count - (first ?? posts.Count);
            Output.Facts("embed", [
                ("posts", $"{posts.Count} ({read.Rejected.Count} rejected, written to {rejectedPath})"),
                ("already cached", $"{first ?? 0}"),
                ("extracted", $"{extracted} in {elapsed.TotalSeconds:F1} s ({extracted / Math.Max(1e-9, elapsed.TotalSeconds):F1} posts/s)"),
                ("skipped images", $"{skipped.Count}"),
                ("cache", $"{cachePath} ({cache.Count(extractor.Fingerprint)} posts for this checkpoint, {before} before)"),
                ("fingerprint", extractor.Fingerprint),
                ("features", $"text {extractor.Spec.TextDim}, image {extractor.Spec.ImageTokens}x{extractor.Spec.ImageDim}, pooled {extractor.Spec.PooledDim}, {storage}"),
            ]);
            foreach (var s in skipped.Take(10)) Console.Error.WriteLine($"  skipped image of post {s.PostId}: {s.Path}: {s.Reason}");
            if (skipped.Count > 10) Console.Error.WriteLine($"  ... {skipped.Count - 10} more skipped images");
            return 0;
        });
        return command;
    }

    /// <summary>Reports on the calling thread (the cache reports from the extraction loop).</summary>
    private sealed class Reporter(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }

    /// <summary><c>--out</c> as a cache file: a folder (existing, or given with a trailing separator) gets <see cref="DefaultCacheName"/>.</summary>
    public static string CachePath(string output)
    {
        bool folder = Directory.Exists(output) || output.EndsWith(Path.DirectorySeparatorChar) || output.EndsWith(Path.AltDirectorySeparatorChar);
        return Path.GetFullPath(folder ? Path.Combine(output, DefaultCacheName) : output);
    }
}
