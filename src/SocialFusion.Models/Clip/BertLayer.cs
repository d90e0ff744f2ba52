using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>Feed-forward expansion with erf GELU (HF <c>intermediate</c>: dense).</summary>
public sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;

    /// <summary>Builds the block.</summary>
    public BertIntermediate(BertConfig c) : base(nameof(BertIntermediate))
    {
        dense = nn.Linear(c.HiddenSize, c.IntermediateSize);
        RegisterComponents();
    }

    /// <summary>gelu(dense(x)) with gelu(z) = 0.5 z (1 + erf(z / √2)): [B, L, D] -> [B, L, I].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return nn.functional.gelu(dense.forward(x)).MoveToOuterDisposeScope();
    }
}

/// <summary>Feed-forward projection back, residual and post-LN (HF <c>output</c>: dense, LayerNorm).</summary>
public sealed class BertOutput : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly LayerNorm LayerNorm;

    /// <summary>Builds the block.</summary>
    public BertOutput(BertConfig c) : base(nameof(BertOutput))
    {
        dense = nn.Linear(c.IntermediateSize, c.HiddenSize);
        LayerNorm = nn.LayerNorm(c.HiddenSize, c.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>LN(dense(h) + input): [B, L, I], [B, L, D] -> [B, L, D].</summary>
    public override Tensor forward(Tensor h, Tensor input)
    {
        using var scope = NewDisposeScope();
        return LayerNorm.forward(dense.forward(h) + input).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// One post-LN transformer layer (Vaswani et al. 2017, section 3.1; BERT): x = LN(x + attn(x)), then
/// x = LN(x + ffn(x)) (HF <c>encoder.layer.{i}</c>: attention, intermediate, output).
/// </summary>
public sealed class BertLayer : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertAttention attention;
    private readonly BertIntermediate intermediate;
    private readonly BertOutput output;

    /// <summary>Builds the layer.</summary>
    public BertLayer(BertConfig c) : base(nameof(BertLayer))
    {
        attention = new BertAttention(c);
        intermediate = new BertIntermediate(c);
        output = new BertOutput(c);
        RegisterComponents();
    }

    /// <summary>[B, L, D] with key mask [B, 1, 1, L] -> [B, L, D].</summary>
    public override Tensor forward(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var a = attention.forward(x, mask);
        return output.forward(intermediate.forward(a), a).MoveToOuterDisposeScope();
    }
}
