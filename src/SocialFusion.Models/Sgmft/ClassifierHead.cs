using SocialFusion.Models.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>Step 5, the classifier head: LN -> Linear(in, D) -> GELU -> Dropout -> Linear(D, C).</summary>
public sealed class ClassifierHead : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear hidden;
    private readonly Dropout dropout;
    private readonly Linear output;

    /// <summary>Creates a head from width <paramref name="inputDim"/> through <paramref name="dim"/> to <paramref name="numClasses"/>.</summary>
    public ClassifierHead(string name, int inputDim, int dim, int numClasses, double dropout) : base(name)
    {
        norm = nn.LayerNorm(inputDim);
        hidden = Init.Linear(inputDim, dim);
        this.dropout = nn.Dropout(dropout);
        output = Init.Linear(dim, numClasses);
        RegisterComponents();
    }

    /// <summary>f [B, in] -> logits [B, C].</summary>
    public override Tensor forward(Tensor f)
    {
        using var scope = NewDisposeScope();
        var h = dropout.forward(nn.functional.gelu(hidden.forward(norm.forward(f))));
        return output.forward(h).MoveToOuterDisposeScope();
    }
}
