using System.Text.Json;
using System.Text.Json.Nodes;
using SocialFusion.Data.Demo;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Config;
using SocialFusion.TestSupport;
using SocialFusion.Training.Data;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.Features;
using Xunit;

namespace SocialFusion.Training.Tests.Experiments;

/// <summary>
/// A location experiment re-run into the same folder reuses exactly what its data did not change: finished runs and
/// encoders come back only for the same content, labels and split settings; the recorded split reproduces the test scores.
/// </summary>
public class ContentReuseTests
{
    private static readonly BuiltinEncoderOptions TinyEncoder = new(ImageSize: 32, Grid: 2, ImageWidth: 16, TextWidth: 16, EmbeddingDim: 8,
        PooledDim: 8, VocabSize: 200, MaxTextTokens: 16, Epochs: 1, BatchSize: 32);

    private static LocationExperimentOptions Options(string data, string output) => new()
    {
        DataPath = data, OutputFolder = output,
        Presets = [ModelPresets.Load("text-only") with { D = 16, Heads = 2 }],
        Seeds = [1],
        Training = new() { MaxEpochs = 1, Patience = 0, BatchSize = 32 },
        Features = FeatureSource.Builtin(TinyEncoder),
    };

    private static bool Reused(LocationExperimentOptions o) => LocationExperiment.Run(o).Runs.Single().Reused;

    private static string EncoderFingerprint(string output) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(output, "encoder", "options.json")))!["Fingerprint"]!.GetValue<string>();

    [Fact]
    public void ReRun_ReusesOnlyForTheSameContentLabelsAndSplit()
    {
        TorchSharp.torch.set_num_threads(1);
        using var dir = new TempDir();
        var summary = DemoDataGenerator.Generate(new DemoDataOptions { Posts = 120, Users = 12, Communities = 3, Seed = 7 }, dir.File("data"));
        string posts = summary.PostsPath, output = dir.File("out");
        var o = Options(posts, output);

        Assert.False(Reused(o));
        string encoder = EncoderFingerprint(output);
        Assert.True(Reused(o)); // unchanged: still reused
        Assert.Equal(encoder, EncoderFingerprint(output));

        // Other split settings or another label: retrained.
        Assert.False(Reused(o with { Split = o.Split with { GroupByUser = false } }));
        Assert.False(Reused(o with { LabelName = Post.LabelNames.TextSentiment }));
        Assert.False(Reused(o)); // and back: the folder now holds the other runs, so the original is retrained too
        Assert.True(Reused(o));

        // Another --data with the same ids but edited texts: encoder and run retrained.
        string edited = Path.Combine(Path.GetDirectoryName(posts)!, "edited.jsonl");
        File.WriteAllLines(edited, File.ReadLines(posts).Select(line =>
        {
            var node = JsonNode.Parse(line)!;
            if (node["text"] is JsonValue t) node["text"] = t.GetValue<string>() + " edited";
            return node.ToJsonString();
        }));
        Assert.False(Reused(o with { DataPath = edited }));
        Assert.NotEqual(encoder, EncoderFingerprint(output));

        // Every image file replaced under its own name: retrained as well.
        Assert.False(Reused(o));
        Assert.True(Reused(o));
        var image = PostReader.Read(posts).Posts.First(p => p.HasImage).Images[0];
        var files = Directory.EnumerateFiles(Path.GetDirectoryName(image)!).Order(StringComparer.Ordinal).ToList();
        byte[] first = File.ReadAllBytes(files[0]), second = File.ReadAllBytes(files[1]);
        for (int i = 0; i < files.Count; i++) File.WriteAllBytes(files[i], i == 0 ? second : first);
        Assert.False(Reused(o));
    }

    [Fact]
    public void ReRun_WithAFixedEncoder_ReusesRunsOnlyForTheSameDataLabelsAndSplit()
    {
        // With saved encoders (or CLIP) the extractor fingerprint does not follow the data: the split record must.
        TorchSharp.torch.set_num_threads(1);
        using var dir = new TempDir();
        var summary = DemoDataGenerator.Generate(new DemoDataOptions { Posts = 120, Users = 12, Communities = 3, Seed = 9 }, dir.File("data"));
        string posts = summary.PostsPath;
        LocationExperiment.Run(Options(posts, dir.File("first")));
        var o = Options(posts, dir.File("out")) with { Features = FeatureSource.SavedBuiltin(Path.Combine(dir.File("first"), "encoder")) };
        Assert.False(Reused(o));
        Assert.True(Reused(o));
        Assert.False(Reused(o with { Split = o.Split with { GroupByUser = false } }));
        Assert.False(Reused(o with { LabelName = Post.LabelNames.TextSentiment }));
        Assert.False(Reused(o));
        string relabelled = Path.Combine(Path.GetDirectoryName(posts)!, "relabelled.jsonl");
        File.WriteAllLines(relabelled, File.ReadLines(posts).Select((line, i) =>
        {
            var node = JsonNode.Parse(line)!;
            if (i % 7 == 0) node["labels"]!["location"] = "gym";
            return node.ToJsonString();
        }));
        Assert.False(Reused(o with { DataPath = relabelled }));
    }

    [Fact]
    public void RecordedTestSplit_ReproducesTheStoredTestMetrics()
    {
        TorchSharp.torch.set_num_threads(1);
        using var dir = new TempDir();
        var summary = DemoDataGenerator.Generate(new DemoDataOptions { Posts = 120, Users = 12, Communities = 3, Seed = 8 }, dir.File("data"));
        var result = LocationExperiment.Run(Options(summary.PostsPath, dir.File("out")));
        var run = result.Runs.Single();
        var record = SplitRecord.TryLoad(run.CheckpointFolder)!;
        Assert.Equal(record.DataFingerprint, SplitRecord.TryLoad(dir.File("out"))!.DataFingerprint);
        Assert.Equal(result.Posts.Test, record.Test.Count);
        Assert.Equal(result.Posts.Train, record.Train.Count);
        Assert.Empty(record.Train.Intersect(record.Test));

        using var session = CheckpointSession.Open(run.CheckpointFolder);
        var test = record.Select(PostReader.Read(summary.PostsPath).Posts, "test");
        var (metrics, skipped) = session.Evaluate(test);
        Assert.Equal(0, skipped);
        Assert.Equal(run.Test.MacroF1, metrics.MacroF1, 12);
        Assert.Equal(run.Test.Accuracy, metrics.Accuracy, 12);
        Assert.Equal(run.Test.Ece, metrics.Ece, 12);
    }
}

/// <summary>A damaged saved-encoder folder is retrained with a warning naming it, not dropped silently.</summary>
public class DamagedEncoderTests
{
    [Fact]
    public void DamagedEncoderFolder_IsRetrained_WithAWarningNamingIt()
    {
        TorchSharp.torch.set_num_threads(1);
        using var dir = new TempDir();
        var encoderDir = dir.File("encoder");
        Directory.CreateDirectory(encoderDir);
        foreach (var f in new[] { "encoders.bin", "tokenizer.json", "options.json" }) File.WriteAllText(Path.Combine(encoderDir, f), "{ damaged");
        var posts = Enumerable.Range(0, 8).Select(i => new Post($"p{i}", "u", DateTimeOffset.UnixEpoch, $"text number {i}", [],
            new Dictionary<string, string>())).ToList();
        var warnings = new List<string>();
        var options = new BuiltinEncoderOptions(ImageSize: 32, Grid: 2, ImageWidth: 16, TextWidth: 16, EmbeddingDim: 8, PooledDim: 8,
            VocabSize: 50, MaxTextTokens: 8, Epochs: 0, BatchSize: 4);
        using var extractor = ExperimentFeatures.TrainOrReuse(options, encoderDir, posts, null, null, warnings.Add);
        var warning = Assert.Single(warnings);
        Assert.Contains(encoderDir, warning);
        Assert.Contains("options.json", warning);
        Assert.Equal(options.Fingerprint(posts), extractor.Fingerprint);
    }
}
