using SocialFusion.Models.Encoders;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Encoders;

public class EncoderTests
{
    private static ContrastiveEncoderPair Small(int vocab = 20) => new(new ContrastiveConfig(
        new ImageCnnConfig(ImageSize: 32, Grid: 2, Width: 32, Channels: [16]), new TextRnnConfig(vocab, 16, 32), PooledDim: 16));

    [Fact]
    public void ImageEncoder_GivesClsPlusGrid()
    {
        var enc = new ImageCnnEncoder(new ImageCnnConfig(64, 4, 48));
        using var x = rand(3, 3, 64, 64);
        using var y = enc.forward(x);
        Assert.Equal(new long[] { 3, 17, 48 }, y.shape);
        Assert.Equal(17, enc.Config.Tokens);
    }

    [Fact]
    public void TextEncoder_ShapesMasksAndPoolingWeights()
    {
        var enc = new TextRnnEncoder(new TextRnnConfig(30, 8, 12));
        using var ids = tensor(new long[] { 5, 6, 7, 0, 9, 0, 0, 0, 0, 0, 0, 0 }, new long[] { 3, 4 });
        using var mask = ids.ne(0);
        var e = enc.Encode(ids, mask);
        Assert.Equal(new long[] { 3, 4, 12 }, e.Tokens.shape);
        Assert.Equal(new long[] { 3, 12 }, e.Pooled.shape);
        var w = e.Weights.data<float>().ToArray();
        Assert.Equal(1f, w[0] + w[1] + w[2], 4);
        Assert.Equal(0f, w[3]);                        // padding gets no weight
        Assert.Equal(1f, w[4], 4);                     // single-token row
        Assert.All(w[8..], v => Assert.Equal(0f, v));  // empty row: zeros, not NaN
        Assert.Equal(0f, e.Tokens[0, 3].abs().sum().item<float>());
        Assert.False(e.Pooled.isnan().any().item<bool>());
    }

    [Fact]
    public void ImageEncoder_LayoutCls_SameShapesClsReadsTheWholeGrid()
    {
        var enc = new ImageCnnEncoder(new ImageCnnConfig(32, 2, 16, [8], LayoutCls: true));
        using var x = rand(2, 3, 32, 32);
        using var y = enc.forward(x);
        Assert.Equal(new long[] { 2, 5, 16 }, y.shape);
        var w = enc.named_parameters().Single(p => p.name == "cls_proj.weight").parameter;
        Assert.Equal(new long[] { 16, 2 * 2 * 16 }, w.shape);   // one weight per grid cell and channel
    }

    [Fact]
    public void ContrastiveLoss_SoftTargetsEqualHardLossAtIdentity()
    {
        random.manual_seed(4);
        var pair = Small();
        pair.eval();
        using var _ = no_grad();
        using var images = rand(4, 3, 32, 32);
        using var ids = randint(1, 20, new long[] { 4, 5 });
        using var mask = ones(4, 5, dtype: ScalarType.Bool);
        using var eye4 = eye(4);
        Assert.Equal(pair.Loss(images, ids, mask).item<float>(), pair.Loss(images, ids, mask, eye4).item<float>(), 4);
        using var soft = full(4, 4, 0.25f);
        Assert.NotEqual(pair.Loss(images, ids, mask).item<float>(), pair.Loss(images, ids, mask, soft).item<float>(), 3);
    }

    [Fact]
    public void TextEncoder_MeanPoolingMixesUniformWeights()
    {
        random.manual_seed(5);
        var attn = new TextRnnEncoder(new TextRnnConfig(30, 8, 12));
        var mixed = new TextRnnEncoder(new TextRnnConfig(30, 8, 12, MeanPooling: 0.5));
        mixed.load_state_dict(attn.state_dict());
        using var ids = tensor(new long[] { 5, 6, 7, 0, 9, 0, 0, 0 }, new long[] { 2, 4 });
        using var mask = ids.ne(0);
        var a = attn.Encode(ids, mask).Weights.data<float>().ToArray();
        var m = mixed.Encode(ids, mask);
        var w = m.Weights.data<float>().ToArray();
        for (int t = 0; t < 3; t++) Assert.Equal(0.5f * a[t] + 0.5f / 3, w[t], 5);
        Assert.Equal(0f, w[3]);
        Assert.Equal(1f, w[4], 5);
        // Pooled is still the weighted sum of the token features.
        var expect = matmul(m.Weights.unsqueeze(1), m.Tokens).squeeze(1);
        Assert.True(expect.allclose(m.Pooled, rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void ContrastiveLoss_GradientsReachBothEncodersAndTemperature()
    {
        random.manual_seed(3);
        var pair = Small();
        using var images = rand(4, 3, 32, 32);
        using var ids = randint(1, 20, new long[] { 4, 5 });
        using var mask = ones(4, 5, dtype: ScalarType.Bool);
        var loss = pair.Loss(images, ids, mask);
        var value = loss.item<float>();
        Assert.True(value > 0 && float.IsFinite(value), $"loss {value}");
        loss.backward();
        foreach (var (name, p) in pair.named_parameters())
            if (!name.Contains("norm") && !name.EndsWith("bias") && name != "image.grid_pos") // grid tokens are not in the pooled loss
                Assert.True(p.grad is { } g && g.abs().sum().item<float>() > 0, $"no gradient for {name}");
    }

    /// <summary>Four colour classes, each paired with its own word: after a short training, an image's nearest text is of its class.</summary>
    [Fact]
    public void ContrastiveTraining_RetrievalAboveChance()
    {
        random.manual_seed(7);
        var rng = new Random(7);
        const int n = 64;
        var colours = new[] { (1f, 0f, 0f), (0f, 1f, 0f), (0f, 0f, 1f), (1f, 1f, 0f) };
        var cls = Enumerable.Range(0, n).Select(i => i % 4).ToArray();
        var pix = new float[n * 3 * 32 * 32];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++)
                for (int k = 0; k < 32 * 32; k++)
                {
                    var (r, g, b) = colours[cls[i]];
                    var v = c == 0 ? r : c == 1 ? g : b;
                    pix[(i * 3 + c) * 1024 + k] = Math.Clamp(0.2f + 0.6f * v + 0.3f * (float)(rng.NextDouble() - 0.5), 0, 1);
                }
        // Text: the class word at a random position among filler words.
        var idArr = new long[n * 4];
        for (int i = 0; i < n; i++)
        {
            for (int t = 0; t < 4; t++) idArr[i * 4 + t] = 10 + rng.Next(10);
            idArr[i * 4 + rng.Next(4)] = 5 + cls[i];
        }
        using var images = tensor(pix, new long[] { n, 3, 32, 32 });
        using var ids = tensor(idArr, new long[] { n, 4 });
        using var mask = ones(n, 4, dtype: ScalarType.Bool);
        var pair = Small();

        double Accuracy()
        {
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            pair.eval();
            var (_, vi) = pair.EncodeImages(images);
            var (_, vt) = pair.EncodeTexts(ids, mask);
            var best = matmul(vi, vt.t()).argmax(1).data<long>().ToArray(); // [n, Dg] x [Dg, n] -> [n, n]
            pair.train();
            return best.Select((j, i) => cls[j] == cls[i] ? 1.0 : 0.0).Average();
        }

        var opt = optim.AdamW(pair.parameters(), 3e-3);
        var losses = new List<float>();
        for (int step = 0; step < 40; step++)
        {
            using var scope = NewDisposeScope();
            var perm = randperm(n)[..32];
            opt.zero_grad();
            var loss = pair.Loss(images.index_select(0, perm), ids.index_select(0, perm), mask.index_select(0, perm));
            loss.backward();
            opt.step();
            losses.Add(loss.item<float>());
        }
        var after = Accuracy();
        Assert.True(after > 0.6, $"class retrieval accuracy {after:F2} (chance 0.25), losses {string.Join(' ', losses.Select(l => l.ToString("F2")))}");
    }
}
