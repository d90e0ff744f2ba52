using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Clip;

/// <summary>CLIP feed-forward block fc1 -> activation -> fc2.</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
    readonly bool _quickGelu;
    private readonly Linear fc1, fc2;

    /// <summary>Builds the MLP; <c>quick_gelu</c> is OpenAI's z·sigmoid(1.702 z).</summary>
    public ClipMlp(ClipTowerConfig config) : base(nameof(ClipMlp))
    {
        _quickGelu = config.HiddenAct == "quick_gelu";
        fc1 = nn.Linear(config.HiddenSize, config.IntermediateSize);
        fc2 = nn.Linear(config.IntermediateSize, config.HiddenSize);
        RegisterComponents();
    }

    /// <summary>[B, L, D] -> [B, L, D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var h = fc1.forward(x); // [B, L, I]
        h = _quickGelu ? h * torch.sigmoid(h * 1.702) : nn.functional.gelu(h);
        return fc2.forward(h).MoveToOuterDisposeScope();
    }
}
