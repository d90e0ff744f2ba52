using System.Text.Json;
using SocialFusion.Data.Demo;
using SocialFusion.Data.Posts;
using SocialFusion.Models.MultiTask;
using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using SocialFusion.Training.MultiTask;
using Xunit;

namespace SocialFusion.Training.Tests.MultiTask;

/// <summary>The whole multi-task pipeline on a tiny generated demo set: encoders, features, comparison, report, explanations.</summary>
public class MultiTaskEndToEndTests
{
    [Fact]
    public void TinyDemo_ComparisonReportTransferAndHeatmap()
    {
        using var dir = new TempDir();
        var summary = DemoDataGenerator.Generate(new DemoDataOptions { Posts = 160, Users = 20, Seed = 3 }, dir.File("demo"));
        var posts = PostReader.Read(summary.PostsPath).Posts;
        var options = new MultiTaskExperimentOptions
        {
            Seeds = [1, 2],
            Weighting = WeightingKind.Uncertainty,
            Model = new MultiTaskConfig { D = 16, MaxImages = 2, MaxTextTokens = 16 },
            Training = new() { LearningRate = 3e-3, MaxEpochs = 3, Patience = 0, BatchSize = 32 },
        };
        var split = MultiTaskExperiment.Split(posts, options);
        Assert.Equal(posts.Count, split.Train.Count + split.Dev.Count + split.Test.Count);
        // Three test posts get a location no training post has: they cannot be scored, and the report must count them.
        split = split with { Test = split.Test.Select((p, i) => i >= 3 ? p
            : p with { Labels = new Dictionary<string, string>(p.Labels) { ["location"] = "moon base" } }).ToList() };
        using var extractor = BuiltinEncoderTrainer.Train(split.Train, new BuiltinEncoderOptions(ImageSize: 32, Grid: 2, ImageWidth: 16,
            TextWidth: 16, EmbeddingDim: 8, PooledDim: 8, VocabSize: 200, MaxTextTokens: 16, Epochs: 1, BatchSize: 32));
        var features = extractor.Extract(posts).ToDictionary(f => f.PostId);
        var result = MultiTaskExperiment.Run(split, features, extractor.Spec, options);
        using var model = result.FirstModel;

        Assert.Equal(["image_sentiment", "location", "text_sentiment"], result.Schema.Tasks.Select(t => t.Name));
        Assert.Equal(2, result.Runs.Count);
        foreach (var run in result.Runs)
        {
            Assert.Equal(3, run.MultiTask.Heads.Count);
            Assert.Equal(3, run.SingleTask.Count);
            Assert.All(run.MultiTask.Heads, h => Assert.InRange(h.Classification!.Accuracy, 0, 1));
            // Learned weights are reported and have moved away from their initial value 1.
            Assert.All(run.Weights.Values, w => Assert.NotEqual(1.0, w, 6));
            Assert.Contains(run.Transfer, t => t.Posts == "both" && t.View == ModalityView.TextOnly && t.Task == "image_sentiment");
        }
        var rows = MultiTaskReport.Comparison(result);
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.SingleTask));

        MultiTaskReport.Write(dir.File("report"), result);
        var md = File.ReadAllText(dir.File("report/multitask.md"));
        Assert.Contains("| location | macro_f1 |", md);
        Assert.Contains("Cross-modal transfer", md);
        Assert.Equal(3, result.UnseenTestLabels!["location"]);
        Assert.Equal(0, result.UnseenTestLabels["text_sentiment"]);
        Assert.Contains("3 test posts have a 'location' class that no training post has", md);
        // Parameter-matched by default: the multi-task model is wider than the single-task ones, within their budget.
        Assert.True(result.MultiTaskModelConfig!.D > options.Model.D);
        Assert.InRange(result.MultiTaskParameters, 1, result.SingleTaskParameters);
        Assert.Contains(FormattableString.Invariant($"multi-task model: D = {result.MultiTaskModelConfig.D}"), md);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("report/multitask.json")));
        Assert.Equal(2, json.RootElement.GetProperty("runs").GetArrayLength());

        // Explanations: top tokens come from the post's own tokens; the heatmap is a PNG.
        var explainPosts = result.TestPostList.Where(p => p.HasText && p.HasImage).Take(3).ToList();
        var explainFeatures = explainPosts.Select(p => features[p.Id]).ToList();
        var tokens = MultiTaskPredictor.BuiltinTokens(extractor);
        var explanations = MultiTaskPredictor.Predict(model, explainFeatures, extractor.Spec, 2, explainPosts, tokens);
        Assert.Equal(3, explanations.Count);
        var e = explanations[0].Attention!;
        var own = tokens(explainPosts[0]);
        Assert.All(e.TopTokens, t => Assert.Equal(own[t.Position], t.Token));
        Assert.Equal(["image_sentiment", "location", "text_sentiment"], explanations[0].Heads.Select(h => h.Head));
        // Top-k per head, most probable first, and the same argmax as batched inference.
        var location = explanations[0].Heads[1].Top!;
        Assert.Equal(2, location.Count);
        Assert.True(location[0].Probability >= location[1].Probability);
        var inferred = MultiTaskEvaluator.Infer(model, explainFeatures, extractor.Spec).Probabilities[1]![0];
        Assert.Equal(result.Schema.Tasks[1].Classes[Array.IndexOf(inferred, inferred.Max())], location[0].Label);
        // Per-head pooling: every head carries its own evidence, and the post's evidence is their mean.
        var own0 = explanations[0].Heads.Select(h => h.Attention!).ToList();
        Assert.All(own0, a => Assert.Equal(1.0, a.ImageGrids.Sum(g => g.Sum()), 3));
        Assert.Equal(e.ImageGrids[0][0], own0.Average(a => a.ImageGrids[0][0]), 4);
        Assert.Equal(2, e.Grid);
        Assert.Equal(1.0, e.ImageGrids.Sum(g => g.Sum()), 3);
        AttentionHeatmap.Save(dir.File("heat.png"), explainPosts[0].Images[0], e.ImageGrids[0], e.Grid, "caption");
        var png = File.ReadAllBytes(dir.File("heat.png"));
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
    }

    [Fact]
    public void ModalityViews_RemoveExactlyOneModality()
    {
        var f = new PostFeatures { PostId = "p", TextTokens = [1, 2], TextLength = 1, Images = [[3f, 4f]], TextPooled = [5, 6], ImagePooled = [7, 8] };
        var t = ModalityViews.Apply(f, ModalityView.TextOnly);
        Assert.Empty(t.Images);
        Assert.Equal([0f, 0f], t.ImagePooled);
        Assert.Equal(1, t.TextLength);
        var i = ModalityViews.Apply(f, ModalityView.ImageOnly);
        Assert.Equal(0, i.TextLength);
        Assert.Equal([0f, 0f], i.TextPooled);
        Assert.Single(i.Images);
    }
}
