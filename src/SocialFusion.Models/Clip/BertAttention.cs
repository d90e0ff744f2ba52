using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>
/// Multi-head scaled dot-product self-attention (Vaswani et al. 2017, section 3.2.2) as BERT names it
/// (HF <c>attention.self</c>: query, key, value). The additive mask hides padding keys.
/// </summary>
public sealed class BertSelfAttention : nn.Module<Tensor, Tensor, Tensor>
{
    readonly int _heads;
    private readonly Linear query, key, value;

    /// <summary>Builds the projections.</summary>
    public BertSelfAttention(BertConfig c) : base(nameof(BertSelfAttention))
    {
        _heads = c.NumAttentionHeads;
        query = nn.Linear(c.HiddenSize, c.HiddenSize);
        key = nn.Linear(c.HiddenSize, c.HiddenSize);
        value = nn.Linear(c.HiddenSize, c.HiddenSize);
        RegisterComponents();
    }

    /// <summary>[B, L, D] and an additive key mask [B, 1, 1, L] -> context [B, L, D].</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long b = x.shape[0], l = x.shape[1], d = x.shape[2];
        // [B, L, D] -> [B, H, L, Dh]
        var q = query.forward(x).view(b, l, _heads, -1).transpose(1, 2);
        var k = key.forward(x).view(b, l, _heads, -1).transpose(1, 2);
        var v = value.forward(x).view(b, l, _heads, -1).transpose(1, 2);
        // softmax(q kᵀ / sqrt(Dh) + mask) v: [B, H, L, Dh]
        var o = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: mask);
        return o.transpose(1, 2).reshape(b, l, d).MoveToOuterDisposeScope(); // [B, H, L, Dh] -> [B, L, D]
    }
}

/// <summary>Attention output projection, residual and post-LN (HF <c>attention.output</c>: dense, LayerNorm).</summary>
public sealed class BertSelfOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;

    /// <summary>Builds the block.</summary>
    public BertSelfOutput(BertConfig c) : base(nameof(BertSelfOutput))
    {
        dense = nn.Linear(c.HiddenSize, c.HiddenSize);
        LayerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>LN(dense(context) + input): [B, L, D].</summary>
    public override Tensor forward(Tensor context, Tensor input)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.forward(dense.forward(context) + input).MoveToOuterDisposeScope();
    }
}

/// <summary>BERT's attention sub-layer (HF <c>attention</c>: self, output).</summary>
public sealed class BertAttention : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertSelfAttention self;
    private readonly BertSelfOutput output;

    /// <summary>Builds the sub-layer.</summary>
    public BertAttention(BertConfig c) : base(nameof(BertAttention))
    {
        self = new BertSelfAttention(c);
        output = new BertSelfOutput(c);
        RegisterComponents();
    }

    /// <summary>[B, L, D] with key mask [B, 1, 1, L] -> [B, L, D].</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return output.forward(self.forward(x, mask), x).MoveToOuterDisposeScope();
    }
}
