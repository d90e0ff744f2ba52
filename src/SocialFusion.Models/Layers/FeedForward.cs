using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Layers;

/// <summary>Position-wise feed-forward W2 GELU(W1 x) with dropout (the caller applies LN and the residual).</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear w1;
    private readonly Linear w2;
    private readonly Dropout dropout;

    /// <summary>Creates a feed-forward of width <paramref name="dim"/> and hidden width <paramref name="hidden"/>.</summary>
    public FeedForward(string name, int dim, int hidden, double dropout) : base(name)
    {
        w1 = Init.Linear(dim, hidden);
        w2 = Init.Linear(hidden, dim);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>[.., D] -> [.., D].</summary>
    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        return dropout.forward(w2.forward(nn.functional.gelu(w1.forward(x)))).MoveToOuterDisposeScope();
    }
}
