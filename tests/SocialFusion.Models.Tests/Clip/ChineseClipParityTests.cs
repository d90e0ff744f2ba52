using SocialFusion.Models.Clip;
using SocialFusion.Models.IO;
using SocialFusion.TestSupport;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Clip;

/// <summary>Reproduces every reference tensor of tiny-chinese-clip within 1e-4 absolute (float32), and refuses mismatched checkpoints.</summary>
public class ChineseClipParityTests(ITestOutputHelper output)
{
    const double Tolerance = 1e-4;

    static string Dir() => SharedData.RequireDirectory("chinese-clip-reference/tiny-chinese-clip");

    void AssertClose(string name, Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        double diff = (expected - actual).abs().max().item<float>();
        output.WriteLine($"{name}: max abs diff {diff:E2}");
        Assert.True(diff <= Tolerance, $"{name}: max abs diff {diff} > {Tolerance}");
    }

    [Fact]
    public void FullModelMatchesEveryReferenceTensor()
    {
        string dir = Dir();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = ChineseClipModel.FromPretrained(dir);
        using var reference = SafeTensors.Open(Path.Combine(dir, "reference.safetensors"));
        Tensor R(string n) => reference.Load(n);

        Assert.Equal(0L, R("token_type_ids").abs().sum().item<long>()); // one segment, as the model assumes
        AssertClose("text_extended_attention_mask", R("text_extended_attention_mask"), ChineseClipTextModel.ExtendedMask(R("attention_mask")));
        var embeddings = model.named_modules().Single(m => m.name == "vision_model.embeddings").module as ClipVisionEmbeddings;
        AssertClose("vision_embeddings", R("vision_embeddings"), embeddings!.forward(R("pixel_values")));
        var text = model.EncodeText(R("input_ids"), R("attention_mask"), outputHiddenStates: true);
        var ths = R("text_hidden_states");
        Assert.Equal(ths.shape[0], text.HiddenStates!.Count);
        for (int l = 0; l < text.HiddenStates.Count; l++) AssertClose($"text_hidden_states[{l}]", ths[l], text.HiddenStates[l]);
        AssertClose("text_last_hidden_state", R("text_last_hidden_state"), text.LastHiddenState);
        AssertClose("text_cls_hidden_state", R("text_cls_hidden_state"), text.PooledOutput);
        AssertClose("text_embeds", R("text_embeds"), text.TextEmbeds);
        AssertClose("text_embeds_normalized", R("text_embeds_normalized"), nn.functional.normalize(text.TextEmbeds, dim: -1));

        var vision = model.EncodeImage(R("pixel_values"), outputHiddenStates: true);
        var vhs = R("vision_hidden_states");
        Assert.Equal(vhs.shape[0], vision.HiddenStates!.Count);
        for (int l = 0; l < vision.HiddenStates.Count; l++) AssertClose($"vision_hidden_states[{l}]", vhs[l], vision.HiddenStates[l]);
        AssertClose("vision_last_hidden_state", R("vision_last_hidden_state"), vision.LastHiddenState);
        AssertClose("vision_pooled_output", R("vision_pooled_output"), vision.PooledOutput);
        AssertClose("image_embeds", R("image_embeds"), vision.ImageEmbeds);
        AssertClose("image_embeds_normalized", R("image_embeds_normalized"), nn.functional.normalize(vision.ImageEmbeds, dim: -1));

        AssertClose("logit_scale_exp", R("logit_scale_exp"), model.LogitScaleExp());
        var logits = model.LogitsPerImage(vision.ImageEmbeds, text.TextEmbeds);
        AssertClose("logits_per_image", R("logits_per_image"), logits);
        AssertClose("logits_per_text", R("logits_per_text"), logits.t());
    }

    [Fact]
    public void TrimmedPadding_GivesTheSameRealStates()
    {
        string dir = Dir();
        using var scope = NewDisposeScope();
        using var model = ChineseClipModel.FromPretrained(dir);
        using var reference = SafeTensors.Open(Path.Combine(dir, "reference.safetensors"));
        var ids = reference.Load("input_ids").narrow(0, 0, 4);     // texts 0-3: at most 19 real positions
        var mask = reference.Load("attention_mask").narrow(0, 0, 4);
        var full = model.EncodeText(ids, mask);
        var trimmed = model.EncodeText(ids.narrow(1, 0, 20), mask.narrow(1, 0, 20));
        AssertClose("text_embeds (trimmed to 20)", full.TextEmbeds, trimmed.TextEmbeds);
        // Without the mask the padded texts' [CLS] states change: the mask is really applied.
        var unmasked = model.EncodeText(ids);
        Assert.True((unmasked.PooledOutput - full.PooledOutput).abs().max().item<float>() > 1e-2);
    }

    [Fact]
    public void StateDictKeysAreTheHuggingFaceKeys()
    {
        using var model = new ChineseClipModel(new ChineseClipConfig(new BertConfig(712, 32, 2, 4, 37, 64), new ClipTowerConfig(32, 37, 4, 2, ImageSize: 32, PatchSize: 8), 16));
        using var file = SafeTensors.Open(Path.Combine(Dir(), "model.safetensors"));
        var keys = model.state_dict().Keys.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(file.Entries.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray(), keys);
        Assert.Equal(79, keys.Length);
    }

    [Fact]
    public void MismatchedCheckpointListsMissingUnexpectedAndWrongShapes()
    {
        // A model one layer deeper and with a wider projection than the file: every kind of mismatch at once.
        using var model = new ChineseClipModel(new ChineseClipConfig(new BertConfig(712, 32, 3, 4, 37, 64), new ClipTowerConfig(32, 37, 4, 1, ImageSize: 32, PatchSize: 8), 8));
        var e = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(model, Path.Combine(Dir(), "model.safetensors")));
        output.WriteLine(e.Message);
        Assert.Contains("text_model.encoder.layer.2.attention.self.query.weight", e.Missing);
        Assert.Contains("vision_model.encoder.layers.1.mlp.fc1.weight", e.Unexpected);
        Assert.Contains(e.WrongShapes, w => w.StartsWith("text_projection.weight: file [16, 32] vs module [8, 32]", StringComparison.Ordinal));
    }

    [Fact]
    public void ConfigIsRead_AndUnsupportedSettingsAreRefused()
    {
        var c = ChineseClipConfig.FromJsonFile(Path.Combine(Dir(), "config.json"));
        Assert.Equal(new BertConfig(712, 32, 2, 4, 37, 64, 2, 1e-12, 0, "gelu"), c.Text);
        Assert.Equal((32, 8, "quick_gelu", 16), (c.Vision.ImageSize, c.Vision.PatchSize, c.Vision.HiddenAct, c.ProjectionDim));
        var tmp = Path.GetTempFileName();
        try
        {
            File.WriteAllText(tmp, """{"model_type": "chinese_clip", "text_config": {"position_embedding_type": "relative_key"}}""");
            Assert.Contains("position_embedding_type", Assert.Throws<InvalidDataException>(() => ChineseClipConfig.FromJsonFile(tmp)).Message);
        }
        finally { File.Delete(tmp); }
    }
}
