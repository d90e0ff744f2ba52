using SocialFusion.Models.Config;
using SocialFusion.Models.Sgmft;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Sgmft;

/// <summary>
/// SIM (coarse interpolation attention, fine similarity feed-forward) and SFM (cross-attention layer, pooling,
/// similarity-aware gate) on a tiny configuration (D = 3, one head, a padded text token, an empty image slot) with
/// every weight set by hand, against the design's equations (sgmft.md, steps 3 and 4) computed here in plain doubles.
/// Swapping alpha and 1 - alpha, dropping the element-wise term Wf (LN(H) * Vhat), dropping s from the gate or pooling
/// the wrong image token each changes the outputs by far more than the tolerance.
/// </summary>
public sealed class HandComputedSimSfmTests
{
    private const int D = 3;
    private const double Tolerance = 1e-5;

    // B = 1. Text: 3 tokens, the last one padding. Image: 2 tokens.
    private static readonly double[][] Ht = [[0.5, -1.2, 0.8], [1.5, 0.3, -0.7], [-0.4, 0.9, 0.2]];
    private static readonly bool[] Mt = [true, true, false];
    private static readonly double[][] Hv = [[-0.9, 0.4, 1.1], [0.2, -0.6, 0.7]];
    private static readonly bool[] Mv = [true, true];

    [Fact]
    public void Coarse_interpolation_attention_matches_the_hand_computed_equation()
    {
        const double alpha = 0.2; // far from 0.5, so that alpha and 1 - alpha give different outputs
        var module = new SimilarityInterpolationAttention("coarse", D, heads: 1, dropout: 0.0);
        var w = SetWeights(module);
        module.eval();
        var (outT, outV) = module.forward(Tokens(Ht), Mask(Mt), Tokens(Hv), Mask(Mv), tensor(new[] { (float)alpha }));

        var nt = Ht.Select(h => LayerNorm(h, w, "norm_t")).ToArray();
        var nv = Hv.Select(h => LayerNorm(h, w, "norm_v")).ToArray();
        // H_t <- H_t + (1 - alpha) SelfAttn(LN H_t) + alpha CrossAttn(LN H_t -> LN H_v); symmetric for H_v.
        var expectT = nt.Select((q, i) => Add(Ht[i], Add(Scale(1 - alpha, Attention(w, "self_attn_t", q, nt, Mt)), Scale(alpha, Attention(w, "cross_attn_t", q, nv, Mv))))).ToArray();
        var expectV = nv.Select((q, j) => Add(Hv[j], Add(Scale(1 - alpha, Attention(w, "self_attn_v", q, nv, Mv)), Scale(alpha, Attention(w, "cross_attn_v", q, nt, Mt))))).ToArray();
        AssertClose(expectT, outT);
        AssertClose(expectV, outV);
    }

    [Fact]
    public void Fine_similarity_feed_forward_matches_the_hand_computed_equation()
    {
        var module = new SimilarityFeedForward("fine", D, hidden: 4, dropout: 0.0);
        var w = SetWeights(module);
        module.eval();
        var (outT, outV) = module.forward(Tokens(Ht), Mask(Mt), Tokens(Hv), Mask(Mv));

        var nt = Ht.Select(h => LayerNorm(h, w, "norm_t")).ToArray();
        var nv = Hv.Select(h => LayerNorm(h, w, "norm_v")).ToArray();
        // Vhat = softmax(LN(H_t) LN(H_v)^T / sqrt(D)) LN(H_v); FFN_t = W2 GELU(W1 LN(H_t) + Wf (LN(H_t) * Vhat)).
        double[] Ffn(double[] n, double[] hat, string side) =>
            Linear(w, $"w2_{side}", Add(Linear(w, $"w1_{side}", n), Linear(w, $"wf_{side}", Mul(n, hat))).Select(Gelu).ToArray());
        var expectT = nt.Select((n, i) => Add(Ht[i], Ffn(n, Softmax(n, nv, nv, Mv, D), "t"))).ToArray();
        var expectV = nv.Select((n, j) => Add(Hv[j], Ffn(n, Softmax(n, nt, nt, Mt, D), "v"))).ToArray();
        AssertClose(expectT, outT);
        AssertClose(expectV, outV);
    }

    [Fact]
    public void Fusion_module_matches_the_hand_computed_equation()
    {
        const int lv = 2;               // tokens per image: CLS + 1
        const double s = 0.35;
        var config = ModelPresets.Load("sgmft") with { D = D, Heads = 1, SfmLayers = 1, FfnMultiplier = 2, Dropout = 0.0 };
        var module = new SimilarityAwareFusion("sfm", config);
        var w = SetWeights(module);
        module.eval();
        // Two image slots of two tokens; slot 2 is empty (its tokens masked).
        double[][] hv = [[-0.9, 0.4, 1.1], [0.2, -0.6, 0.7], [0.3, 0.3, -1.0], [0.0, 0.0, 0.0]];
        bool[] mv = [true, true, false, false], slots = [true, false];
        var f = module.forward(Tokens(Ht), Mask(Mt), Tokens(hv), Mask(mv), Mask(slots), lv, tensor(new[] { (float)s }));

        // Z_t = H_t + CrossAttn(LN H_t -> LN H_v), then + FFN(LN Z_t); likewise Z_v.
        var nt = Ht.Select(h => LayerNorm(h, w, "layers.0.norm_t")).ToArray();
        var nv = hv.Select(h => LayerNorm(h, w, "layers.0.norm_v")).ToArray();
        double[] Block(double[] h, double[] q, double[][] keys, bool[] mask, string side)
        {
            var z = Add(h, Attention(w, $"layers.0.cross_attn_{side}", q, keys, mask));
            var n = LayerNorm(z, w, $"layers.0.ffn_norm_{side}");
            return Add(z, Linear(w, $"layers.0.ffn_{side}.w2", Linear(w, $"layers.0.ffn_{side}.w1", n).Select(Gelu).ToArray()));
        }
        var zt = Ht.Select((h, i) => Block(h, nt[i], nv, mv, "t")).ToArray();
        var zv = hv.Select((h, j) => Block(h, nv[j], nt, Mt, "v")).ToArray();
        // z_t: masked mean over real text tokens; z_v: the CLS token of the one present image.
        var poolT = Scale(0.5, Add(zt[0], zt[1]));
        var poolV = zv[0];
        // beta = sigmoid(W_b [z_t; z_v; s] + b_b); f = beta * z_t + (1 - beta) * z_v.
        var beta = Linear(w, "gate", [.. poolT, .. poolV, s]).Select(x => 1 / (1 + Math.Exp(-x))).ToArray();
        var expected = Enumerable.Range(0, D).Select(d => beta[d] * poolT[d] + (1 - beta[d]) * poolV[d]).ToArray();
        AssertClose([expected], f.unsqueeze(0));
    }

    // ---- the reference, in doubles ----

    private sealed record Weight(double[] Values, long[] Shape);

    /// <summary>Sets every parameter of <paramref name="module"/> to 0.6 sin(0.9 k + 0.4) (k counting all values; LayerNorm gains 1 + that) and returns them.</summary>
    private static Dictionary<string, Weight> SetWeights(nn.Module module)
    {
        var result = new Dictionary<string, Weight>();
        int k = 0;
        using var noGrad = no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            bool gain = name.Contains("norm") && name.EndsWith(".weight", StringComparison.Ordinal);
            var values = new float[p.numel()];
            for (int i = 0; i < values.Length; i++, k++) values[i] = (float)((gain ? 1 : 0) + 0.6 * Math.Sin(0.9 * k + 0.4));
            p.copy_(tensor(values, p.shape));
            result[name] = new Weight(values.Select(v => (double)v).ToArray(), p.shape);
        }
        return result;
    }

    private static double[] LayerNorm(double[] x, Dictionary<string, Weight> w, string prefix)
    {
        double mean = x.Average(), variance = x.Select(v => (v - mean) * (v - mean)).Average();
        var g = w[prefix + ".weight"].Values; var b = w[prefix + ".bias"].Values;
        return x.Select((v, d) => (v - mean) / Math.Sqrt(variance + 1e-5) * g[d] + b[d]).ToArray();
    }

    private static double[] Linear(Dictionary<string, Weight> w, string prefix, double[] x)
    {
        var weight = w[prefix + ".weight"];
        int rows = (int)weight.Shape[0], cols = (int)weight.Shape[1];
        Assert.Equal(cols, x.Length);
        var bias = w.TryGetValue(prefix + ".bias", out var b) ? b.Values : new double[rows];
        return Enumerable.Range(0, rows).Select(r => bias[r] + Enumerable.Range(0, cols).Sum(c => weight.Values[r * cols + c] * x[c])).ToArray();
    }

    /// <summary>softmax over the real keys of q . k / sqrt(scale), applied to <paramref name="values"/>; zero when no key is real.</summary>
    private static double[] Softmax(double[] q, double[][] keys, double[][] values, bool[] mask, int scale)
    {
        var logits = keys.Select((k, j) => mask[j] ? q.Zip(k, (a, b) => a * b).Sum() / Math.Sqrt(scale) : double.NegativeInfinity).ToArray();
        if (!mask.Any(m => m)) return new double[values[0].Length];
        double max = logits.Max();
        var e = logits.Select(l => Math.Exp(l - max)).ToArray();
        double sum = e.Sum();
        return Enumerable.Range(0, values[0].Length).Select(d => Enumerable.Range(0, keys.Length).Sum(j => e[j] / sum * values[j][d])).ToArray();
    }

    /// <summary>One-head attention: out_proj(softmax(q_proj(q) . K / sqrt(D)) V) with [K; V] = kv_proj(keys).</summary>
    private static double[] Attention(Dictionary<string, Weight> w, string prefix, double[] query, double[][] keys, bool[] mask)
    {
        var q = Linear(w, prefix + ".q_proj", query);
        var kv = keys.Select(k => Linear(w, prefix + ".kv_proj", k)).ToArray();
        var attended = Softmax(q, kv.Select(x => x[..D]).ToArray(), kv.Select(x => x[D..]).ToArray(), mask, D);
        return mask.Any(m => m) ? Linear(w, prefix + ".out_proj", attended) : new double[D];
    }

    private static double Gelu(double x) => 0.5 * x * (1 + Erf(x / Math.Sqrt(2)));

    /// <summary>erf by its Maclaurin series (exact to double precision for the small arguments here).</summary>
    private static double Erf(double x)
    {
        Assert.InRange(Math.Abs(x), 0, 4);
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++)
        {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.Sqrt(Math.PI) * sum;
    }

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();
    private static double[] Mul(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).ToArray();
    private static double[] Scale(double s, double[] a) => a.Select(x => s * x).ToArray();

    private static Tensor Tokens(double[][] rows) =>
        tensor(rows.SelectMany(r => r).Select(v => (float)v).ToArray(), new long[] { 1, rows.Length, D });

    private static Tensor Mask(bool[] mask) => tensor(mask, new long[] { 1, mask.Length });

    private static void AssertClose(double[][] expected, Tensor actual)
    {
        var got = actual.squeeze(0).data<float>().ToArray();
        Assert.Equal(expected.Length * D, got.Length);
        for (int i = 0; i < expected.Length; i++)
            for (int d = 0; d < D; d++)
                Assert.True(Math.Abs(expected[i][d] - got[i * D + d]) <= Tolerance,
                    $"row {i}, dim {d}: expected {expected[i][d]:R}, got {got[i * D + d]:R}");
    }
}
