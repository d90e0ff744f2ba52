using System.Text.Json;
using SocialFusion.Data.Clip;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Clip;
using SocialFusion.Models.IO;
using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using SocialFusion.Training.ZeroShot;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Training.Tests.Features;

/// <summary>A Chinese-CLIP folder loads wherever a CLIP folder does (tiny reference checkpoint; skipped where ../shared is absent).</summary>
public class ChineseClipFeatureExtractorTests
{
    static string Tiny() => SharedData.RequireDirectory("chinese-clip-reference/tiny-chinese-clip");
    static string Images() => SharedData.RequireDirectory("chinese-clip-reference/images");

    static string[] ReferenceTexts(string tiny) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(tiny, "reference.json"))).RootElement.GetProperty("texts")
            .EnumerateArray().Select(t => t.GetProperty("text").GetString()!).ToArray();

    static Post P(string id, string? text, params string[] images) => new(id, "u", DateTimeOffset.UnixEpoch, text, images, new Dictionary<string, string>());

    /// <summary>A writable copy of the tiny checkpoint, optionally without some files.</summary>
    static string Copy(string tiny, params string[] without)
    {
        var dir = Directory.CreateTempSubdirectory("sf-cnclip").FullName;
        foreach (var f in Directory.GetFiles(tiny))
            if (!without.Contains(Path.GetFileName(f))) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
        return dir;
    }

    [Fact]
    public void KindComesFromTheConfig_AndFeaturesEqualTheReference()
    {
        string tiny = Tiny(), img = Images();
        using var ex = ClipFeatureExtractor.FromPretrained(tiny, new ClipExtractorOptions(BatchSize: 4));
        Assert.Same(ClipCheckpointKind.ChineseClip, ex.Kind);
        Assert.IsType<ChineseClipModel>(ex.Model);
        Assert.IsType<BertTokenizer>(ex.Tokenizer);
        Assert.IsType<SquareResizePreprocessor>(ex.Preprocessor);
        Assert.Equal(52, ex.ContextLength);
        Assert.Equal(new Models.Features.FeatureSpec(32, 32, 16, 17, true), ex.Spec);

        var texts = ReferenceTexts(tiny);
        string[] images = ["gradient_50x37.png", "noise_200x260.png", "scene_640x480.decoded.png"];
        // Post i has text i (the empty text 4 counts as no text) and, for i < 3, image i.
        var posts = texts.Select((t, i) => P($"p{i}", t.Length == 0 ? null : t, i < 3 ? [Path.Combine(img, images[i])] : [])).ToList();
        var features = ex.Extract(posts);

        using var scope = NewDisposeScope();
        using var reference = SafeTensors.Open(Path.Combine(tiny, "reference.safetensors"));
        var mask = reference.Load("attention_mask");
        var last = reference.Load("text_last_hidden_state");
        var embeds = nn.functional.normalize(reference.Load("text_embeds"), dim: -1);
        var imageTokens = reference.Load("vision_last_hidden_state");
        var imageEmbeds = nn.functional.normalize(reference.Load("image_embeds"), dim: -1);
        double maxDiff = 0;
        void Close(Tensor expected, float[] actual)
        {
            var e = expected.contiguous().data<float>().ToArray();
            Assert.Equal(e.Length, actual.Length);
            maxDiff = Math.Max(maxDiff, e.Zip(actual, (a, b) => Math.Abs(a - b)).Max());
        }
        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i].Length == 0) { Assert.Equal(0, features[i].TextLength); continue; }
            int length = (int)mask[i].sum().item<long>();
            Assert.Equal(length, features[i].TextLength);                       // [CLS] .. [SEP], trimmed
            Close(last[i].narrow(0, 0, length), features[i].TextTokens);
            Close(embeds[i], features[i].TextPooled);
        }
        for (int i = 0; i < 3; i++)
        {
            Close(imageTokens[i], features[i].Images.Single());
            Close(imageEmbeds[i], features[i].ImagePooled);
        }
        Assert.True(maxDiff <= 1e-4, $"max abs diff {maxDiff}");
    }

    [Fact]
    public void WrongOrIncompleteFolders_AreRefusedWithAClearError()
    {
        string tiny = Tiny();
        var noVocab = Copy(tiny, "vocab.txt");
        var wrongType = Copy(tiny);
        var missingKeys = Copy(tiny);
        try
        {
            var e1 = Assert.Throws<FileNotFoundException>(() => ClipFeatureExtractor.FromPretrained(noVocab));
            Assert.Contains("not a Hugging Face chinese_clip folder, vocab.txt is missing", e1.Message);

            File.WriteAllText(Path.Combine(wrongType, "config.json"), File.ReadAllText(Path.Combine(tiny, "config.json")).Replace("\"model_type\": \"chinese_clip\",", "\"model_type\": \"bert\","));
            var e2 = Assert.Throws<InvalidDataException>(() => ClipFeatureExtractor.FromPretrained(wrongType));
            Assert.Contains("model_type 'bert' is not a supported CLIP checkpoint (supported: clip, chinese_clip)", e2.Message);

            // Weights of a model with one text layer fewer than the config says.
            using (var scope = NewDisposeScope())
            using (var file = SafeTensors.Open(Path.Combine(tiny, "model.safetensors")))
            {
                var kept = file.Entries.Select(e => e.Name).Where(n => !n.StartsWith("text_model.encoder.layer.1.", StringComparison.Ordinal))
                    .ToDictionary(n => n, n => file.Load(n));
                SafeTensors.Write(Path.Combine(missingKeys, "model.safetensors"), kept, new Dictionary<string, string> { ["format"] = "pt" });
            }
            var e3 = Assert.Throws<StateDictMismatchException>(() => ClipFeatureExtractor.FromPretrained(missingKeys));
            Assert.Equal(16, e3.Missing.Count);
            Assert.Contains("text_model.encoder.layer.1.output.LayerNorm.weight", e3.Message);
        }
        finally
        {
            foreach (var d in new[] { noVocab, wrongType, missingKeys }) Directory.Delete(d, true);
        }
    }

    [Fact]
    public void Fingerprint_DependsOnTheVocabularyAndTheTransform()
    {
        string tiny = Tiny();
        var other = Copy(tiny);
        try
        {
            using var a = ClipFeatureExtractor.FromPretrained(tiny);
            File.AppendAllText(Path.Combine(other, "vocab.txt"), "##extra\n");
            using var b = ClipFeatureExtractor.FromPretrained(other);
            Assert.NotEqual(a.Fingerprint, b.Fingerprint);
        }
        finally { Directory.Delete(other, true); }
    }

    [Fact]
    public void ZeroShot_UsesChineseTemplatesAndTranslatedLabelNames()
    {
        string tiny = Tiny();
        var mapping = Path.GetTempFileName();
        try
        {
            File.WriteAllText(mapping, """{"home": "沙发"}""");
            using var zs = ZeroShotClassifier.FromClip(tiny, ["home", "park", "coffee_shop", "made_up"], labelNameFile: mapping);
            Assert.Equal(ZeroShotPrompts.Chinese, zs.Templates);
            Assert.Contains("一张在{label}拍的照片。", zs.Templates);
            Assert.Equal(["沙发", "公园", "咖啡店", "made up"], zs.PromptNames);   // file, built-in, built-in, label itself

            // Each class embedding is the re-normalised mean of the normalised embeddings of its prompts, in the translated name;
            // the probabilities are softmax(exp(logit_scale) · cos(g, w_k)).
            var ex = zs.Extractor;
            using var scope = NewDisposeScope();
            Tensor W(string name)
            {
                var (ids, mask) = ClipFeatureExtractor.Batch(ZeroShotPrompts.Chinese.Select(t => ex.TokenIds(ZeroShotClassifier.Prompt(t, name))).ToList());
                return nn.functional.normalize(nn.functional.normalize(ex.Model.EncodeText(ids, mask).TextEmbeds, dim: -1).mean([0]), dim: -1); // [E]
            }
            var w = stack(zs.PromptNames.Select(W).ToArray());                                   // [4, E]
            var post = ex.Extract([P("p", "我在沙发上睡觉")]);
            var g = nn.functional.normalize(tensor(post[0].TextPooled), dim: -1);                 // [E]
            var expected = softmax(w.matmul(g) * zs.LogitScale, 0).data<float>().ToArray();
            var actual = zs.PredictFromFeatures(post)[0];
            for (int k = 0; k < 4; k++) Assert.Equal(expected[k], actual[k], 1e-4);
            File.WriteAllText(mapping, """{"home": 3}""");
            Assert.Contains("the name of label 'home' must be a non-empty string", Assert.Throws<InvalidDataException>(() => ZeroShotPrompts.LabelNames(["home"], "zh", null, mapping)).Message);
        }
        finally { File.Delete(mapping); }
    }
}
