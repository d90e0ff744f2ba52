using SocialFusion.Models.Config;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Sgmft;

/// <summary>
/// Step 3, the Similarity-Guided Interaction Module: N_sim layers, each a coarse step
/// (<see cref="SimilarityInterpolationAttention"/>) followed by a fine step (<see cref="SimilarityFeedForward"/>,
/// or a plain FFN in the no-fine / co-attention ablations).
/// </summary>
public sealed class SimilarityGuidedInteraction : nn.Module
{
    private readonly ModuleList<SimilarityInterpolationAttention> coarse;
    private readonly ModuleList<SimFeedForwardStep> fine;

    /// <summary>Creates <see cref="SgmftConfig.SimLayers"/> layers.</summary>
    public SimilarityGuidedInteraction(string name, SgmftConfig config) : base(name)
    {
        coarse = new ModuleList<SimilarityInterpolationAttention>();
        fine = new ModuleList<SimFeedForwardStep>();
        int hidden = config.FfnMultiplier * config.D;
        for (int i = 0; i < config.SimLayers; i++)
        {
            coarse.Add(new SimilarityInterpolationAttention($"coarse_{i}", config.D, config.Heads, config.Dropout));
            fine.Add(config.Fine == FineGuidance.SimilarityFeedForward
                ? new SimilarityFeedForward($"fine_{i}", config.D, hidden, config.Dropout)
                : new PlainSimFeedForward($"fine_{i}", config.D, hidden, config.Dropout));
        }
        RegisterComponents();
    }

    /// <summary>Number of SIM layers.</summary>
    public int Layers => coarse.Count;

    /// <summary>The fine steps (one per layer), exposed so ablations can be checked.</summary>
    public IReadOnlyList<SimFeedForwardStep> FineSteps => fine.ToList();

    /// <summary>H_t [B, Lt, D], H_v [B, Lv, D], masks [B, L], alpha [B] -> (H_t, H_v) after N_sim layers.</summary>
    public (Tensor Ht, Tensor Hv) forward(Tensor ht, Tensor mt, Tensor hv, Tensor mv, Tensor alpha)
    {
        using var scope = NewDisposeScope();
        for (int i = 0; i < coarse.Count; i++)
        {
            (ht, hv) = coarse[i].forward(ht, mt, hv, mv, alpha);
            (ht, hv) = fine[i].forward(ht, mt, hv, mv);
        }
        return (ht.MoveToOuterDisposeScope(), hv.MoveToOuterDisposeScope());
    }
}
