using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>Stack of <see cref="ClipEncoderLayer"/>s (HF key <c>encoder.layers.{i}</c>).</summary>
public sealed class ClipEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<ClipEncoderLayer> layers;

    /// <summary>Builds the stack.</summary>
    public ClipEncoder(ClipTowerConfig config, bool causal) : base(nameof(ClipEncoder))
    {
        layers = new ModuleList<ClipEncoderLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new ClipEncoderLayer(config, causal)).ToArray());
        RegisterComponents();
    }

    /// <summary>[B, L, D] -> [B, L, D] (last layer output).</summary>
    public override Tensor forward(Tensor x) => Forward(x, null);

    /// <summary>Runs all layers; when <paramref name="hiddenStates"/> is given, appends the input and every layer output.</summary>
    public Tensor Forward(Tensor x, List<Tensor>? hiddenStates)
    {
        using var scope = NewDisposeScope();
        hiddenStates?.Add(x.alias().MoveToOuterDisposeScope());
        var h = x;
        foreach (var layer in layers)
        {
            h = layer.forward(h);
            hiddenStates?.Add(h.alias().MoveToOuterDisposeScope());
        }
        return h.alias().MoveToOuterDisposeScope();
    }
}
