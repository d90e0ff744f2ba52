using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Features;
using SocialFusion.Training.ZeroShot;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Training.Tests.ZeroShot;

/// <summary>Zero-shot CLIP classification on the tiny reference CLIP.</summary>
public class ZeroShotClassifierTests
{
    private static readonly string[] Labels = ["home", "coffee_shop", "office"];

    private static Post P(string id, string? text, params string[] images) =>
        new(id, "u", DateTimeOffset.UnixEpoch, text, images, new Dictionary<string, string>());

    [Fact]
    public void Predict_GivesProbabilityRows_UsableByMetrics()
    {
        string tiny = SharedData.RequireDirectory("clip-reference/tiny-clip"), img = SharedData.RequireDirectory("clip-reference/images");
        using var zs = ZeroShotClassifier.FromClip(tiny, Labels);
        Assert.Equal(ZeroShotClassifier.DefaultTemplates, zs.Templates);
        var posts = new[]
        {
            P("a", "coffee with friends", Path.Combine(img, "chelsea.png")),
            P("b", "working late again"),
            P("c", null, Path.Combine(img, "noise_200x260.png")),
            P("d", null),
        };
        var probs = zs.Predict(posts);
        Assert.Equal(posts.Length, probs.Length);
        foreach (var row in probs)
        {
            Assert.Equal(Labels.Length, row.Length);
            Assert.All(row, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(1.0, row.Sum(), 5);
        }
        Assert.All(probs[3], p => Assert.Equal(1f / 3, p, 6)); // no text, no image: uniform
        var metrics = Metrics.Compute(probs, [0, 1, 2, 0], Labels);
        Assert.InRange(metrics.Accuracy, 0, 1);
    }

    [Fact]
    public void SingleTemplate_ImagePost_EqualsSoftmaxOfClipLogitsPerImage()
    {
        string tiny = SharedData.RequireDirectory("clip-reference/tiny-clip"), img = SharedData.RequireDirectory("clip-reference/images");
        const string template = "a photo taken at a {label}.";
        using var zs = ZeroShotClassifier.FromClip(tiny, Labels, [template]);
        var post = P("a", "ignored when there is an image", Path.Combine(img, "chelsea.png"));
        var probs = zs.Predict([post])[0];

        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var ex = zs.Extractor;
        var pixels = tensor(ex.Preprocessor.Preprocess(SocialFusion.Data.Images.ImageDecoder.Decode(post.Images[0])), new long[] { 1, 3, 32, 32 });
        var image = ex.Model.EncodeImage(pixels).ImageEmbeds;                       // [1, E]
        var prompts = Labels.Select(l => ZeroShotClassifier.Prompt(template, l)).ToList();
        var ids = tensor(new ClipIdsHelper(ex).Padded(prompts), new long[] { prompts.Count, 77 });
        var text = ex.Model.EncodeText(ids).TextEmbeds;                              // [C, E]
        var expected = ex.Model.LogitsPerImage(image, text).softmax(-1).data<float>().ToArray(); // [1, C]
        for (int c = 0; c < Labels.Length; c++) Assert.Equal(expected[c], probs[c], 4);
        Assert.Equal("a photo taken at a coffee shop.", prompts[1]);
    }

    [Fact]
    public void PredictFromFeatures_MatchesPredict()
    {
        string tiny = SharedData.RequireDirectory("clip-reference/tiny-clip");
        using var zs = ZeroShotClassifier.FromClip(tiny, Labels);
        var posts = new[] { P("a", "my office desk"), P("b", "home sweet home") };
        var features = zs.Extractor.Extract(posts);
        var viaFeatures = zs.PredictFromFeatures(features);
        var direct = zs.Predict(posts);
        for (int i = 0; i < posts.Length; i++)
            for (int c = 0; c < Labels.Length; c++) Assert.Equal(direct[i][c], viaFeatures[i][c], 6);
        Assert.Throws<ArgumentException>(() => ZeroShotClassifier.FromClip(tiny, Labels, ["no placeholder"]));
    }

    private sealed class ClipIdsHelper(ClipFeatureExtractor ex)
    {
        public long[] Padded(IReadOnlyList<string> texts) => texts.SelectMany(t => ((SocialFusion.Data.Clip.ClipTokenizer)ex.Tokenizer).Tokenize(t, 77, truncate: true)).ToArray();
    }
}
