using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>Stack of <see cref="BertLayer"/>s (HF key <c>encoder.layer.{i}</c>, singular, unlike CLIP's <c>layers</c>).</summary>
public sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<BertLayer> layer;

    /// <summary>Builds the stack.</summary>
    public BertEncoder(BertConfig c) : base(nameof(BertEncoder))
    {
        layer = new ModuleList<BertLayer>(Enumerable.Range(0, c.NumHiddenLayers).Select(_ => new BertLayer(c)).ToArray());
        RegisterComponents();
    }

    /// <summary>[B, L, D] -> last layer output [B, L, D].</summary>
    public override Tensor forward(Tensor x, Tensor mask) => Forward(x, mask, null);

    /// <summary>Runs all layers; <paramref name="hiddenStates"/> receives the input and every layer output when given.</summary>
    public Tensor Forward(Tensor x, Tensor mask, List<Tensor>? hiddenStates)
    {
        using var scope = NewDisposeScope();
        hiddenStates?.Add(x.alias().MoveToOuterDisposeScope());
        var h = x;
        foreach (var l in layer)
        {
            h = l.forward(h, mask);
            hiddenStates?.Add(h.alias().MoveToOuterDisposeScope());
        }
        return h.alias().MoveToOuterDisposeScope();
    }
}
