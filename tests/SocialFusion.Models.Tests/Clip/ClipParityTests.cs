using SocialFusion.Models.Clip;
using SocialFusion.Models.IO;
using SocialFusion.TestSupport;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Clip;

/// <summary>Reproduces every reference tensor of tiny-clip within 1e-4 absolute (float32).</summary>
public class ClipParityTests
{
    const double Tolerance = 1e-4;
    readonly ITestOutputHelper _out;
    public ClipParityTests(ITestOutputHelper output) => _out = output;

    static string Dir() => SharedData.RequireDirectory("clip-reference/tiny-clip");

    void AssertClose(string name, Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        double diff = (expected - actual).abs().max().item<float>();
        _out.WriteLine($"{name}: max abs diff {diff:E2}");
        Assert.True(diff <= Tolerance, $"{name}: max abs diff {diff} > {Tolerance}");
    }

    [Fact]
    public void FullModelMatchesEveryReferenceTensor()
    {
        string dir = Dir();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = ClipModel.FromPretrained(dir);
        using var reference = SafeTensors.Open(Path.Combine(dir, "reference.safetensors"));
        Tensor R(string n) => reference.Load(n);

        var vision = model.EncodeImage(R("pixel_values_32"), outputHiddenStates: true);
        var text = model.EncodeText(R("input_ids"), outputHiddenStates: true);

        var vhs = R("vision_hidden_states");
        Assert.Equal(vhs.shape[0], vision.HiddenStates!.Count);
        for (int l = 0; l < vision.HiddenStates.Count; l++) AssertClose($"vision_hidden_states[{l}]", vhs[l], vision.HiddenStates[l]);
        AssertClose("vision_last_hidden_state", R("vision_last_hidden_state"), vision.LastHiddenState);
        AssertClose("vision_pooled_output", R("vision_pooled_output"), vision.PooledOutput);
        AssertClose("image_embeds", R("image_embeds"), vision.ImageEmbeds);
        AssertClose("image_embeds_normalized", R("image_embeds_normalized"), nn.functional.normalize(vision.ImageEmbeds, dim: -1));

        var ths = R("text_hidden_states");
        Assert.Equal(ths.shape[0], text.HiddenStates!.Count);
        for (int l = 0; l < text.HiddenStates.Count; l++) AssertClose($"text_hidden_states[{l}]", ths[l], text.HiddenStates[l]);
        AssertClose("text_last_hidden_state", R("text_last_hidden_state"), text.LastHiddenState);
        AssertClose("text_pooled_output", R("text_pooled_output"), text.PooledOutput);
        AssertClose("text_embeds", R("text_embeds"), text.TextEmbeds);
        AssertClose("text_embeds_normalized", R("text_embeds_normalized"), nn.functional.normalize(text.TextEmbeds, dim: -1));

        AssertClose("logit_scale_exp", R("logit_scale_exp"), model.LogitScaleExp());
        var logits = model.LogitsPerImage(vision.ImageEmbeds, text.TextEmbeds);
        AssertClose("logits_per_image", R("logits_per_image"), logits);
        AssertClose("logits_per_text", R("logits_per_text"), logits.t());
    }

    [Fact]
    public void VisionEmbeddingsMatchReference()
    {
        string dir = Dir();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = ClipModel.FromPretrained(dir);
        using var reference = SafeTensors.Open(Path.Combine(dir, "reference.safetensors"));
        var embeddings = model.named_modules().Single(m => m.name == "vision_model.embeddings").module as ClipVisionEmbeddings;
        AssertClose("vision_embeddings", reference.Load("vision_embeddings"), embeddings!.forward(reference.Load("pixel_values_32")));
    }

    [Fact]
    public void TrimmedTextGivesSamePooledOutputAndEmbeds()
    {
        string dir = Dir();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var model = ClipModel.FromPretrained(dir);
        using var reference = SafeTensors.Open(Path.Combine(dir, "reference.safetensors"));
        var ids = reference.Load("input_ids");
        // Drop the last row (the 77-token text) so trimming actually shortens the sequence.
        var shortIds = ids.narrow(0, 0, 5);
        long length = reference.Load("eot_index").narrow(0, 0, 5).max().item<long>() + 1;
        Assert.True(length < 77);
        var trimmed = model.EncodeText(shortIds.narrow(1, 0, length));
        Assert.Equal(new long[] { 5, length, 48 }, trimmed.LastHiddenState.shape);
        AssertClose("trimmed text_pooled_output", reference.Load("text_pooled_output").narrow(0, 0, 5), trimmed.PooledOutput);
        AssertClose("trimmed text_embeds", reference.Load("text_embeds").narrow(0, 0, 5), trimmed.TextEmbeds);
    }

    [Fact]
    public void StateDictKeysEqualHuggingFaceKeys()
    {
        string dir = Dir();
        using var model = new ClipModel(ClipConfig.FromJsonFile(Path.Combine(dir, "config.json")));
        using var file = SafeTensors.Open(Path.Combine(dir, "model.safetensors"));
        var hf = file.Entries.Select(e => e.Name).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var ours = model.state_dict().Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        Assert.Equal(hf, ours);
        Assert.Contains("vision_model.pre_layrnorm.weight", ours);
    }

    [Fact]
    public void ShapesFactoryBuildsViTB32WithExpectedTokensAndFlops()
    {
        var c = ClipShapes.VitB32();
        Assert.Equal(49, c.Vision.NumPatches);
        Assert.Equal(12, c.Vision.NumAttentionHeads);
        // Dominant term: 12 layers x 50 tokens x (4 d^2 + 2 d·4d) x 2 = 12·50·12·768²·2 ≈ 8.5 GFLOP.
        double expected = 12 * 50 * 12.0 * 768 * 768 * 2;
        Assert.InRange(ClipShapes.ImageFlops(c), expected, expected * 1.1);
        Assert.True(ClipShapes.TextFlops(c, 20) < ClipShapes.TextFlops(c));
    }
}
