using SocialFusion.Training.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Training.Tests.Training;

/// <summary>Our AdamW (scalars owned by the step) against TorchSharp's: the same update, state and state file.</summary>
public sealed class AdamWTests
{
    private static nn.Module<Tensor, Tensor> Net(long seed)
    {
        random.manual_seed(seed);
        return nn.Sequential(nn.Linear(6, 5), nn.LayerNorm(5), nn.Linear(5, 3));
    }

    private static void Steps(nn.Module<Tensor, Tensor> net, TorchSharp.Modules.OptimizerHelper optimizer, int steps)
    {
        random.manual_seed(7);
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var x = randn(8, 6);
            optimizer.zero_grad();
            net.forward(x).pow(2).mean().backward();
            optimizer.step();
        }
    }

    private static TorchSharp.Modules.AdamW.ParamGroup[] Groups(nn.Module net, double decay) =>
    [
        new(net.parameters().Where(p => p.dim() >= 2), new TorchSharp.Modules.AdamW.Options { LearningRate = 0.05, weight_decay = decay }),
        new(net.parameters().Where(p => p.dim() < 2), new TorchSharp.Modules.AdamW.Options { LearningRate = 0.05, weight_decay = 0 }),
    ];

    [Fact]
    public void Step_MatchesTorchSharpsAdamW_BitForBit_WithDecayedAndUndecayedGroups()
    {
        using var ours = Net(1);
        using var theirs = Net(1);
        using var a = new AdamW(Groups(ours, 0.1), 0.05);
        using var b = optim.AdamW(Groups(theirs, 0.1), 0.05);
        Steps(ours, a, 12);
        Steps(theirs, b, 12);
        foreach (var ((name, p), (_, q)) in ours.named_parameters().Zip(theirs.named_parameters()))
            Assert.True(p.equal(q).all().item<bool>(), $"{name} differs: max |diff| {(p - q).abs().max().item<float>()}");
        // And it did train: the parameters moved from their initial values.
        using var initial = Net(1);
        Assert.False(initial.parameters().First().equal(ours.parameters().First()).all().item<bool>());
    }

    [Fact]
    public void StateFile_RoundTripsBetweenOursAndTorchSharps()
    {
        using var dir = new SocialFusion.TestSupport.TempDir();
        using var ours = Net(2);
        using var a = new AdamW(Groups(ours, 0.01), 0.05);
        Steps(ours, a, 3);
        a.save_state_dict(dir.File("optimizer.bin"));
        using var theirs = Net(2);
        foreach (var (p, q) in theirs.parameters().Zip(ours.parameters())) { using var _ = no_grad(); p.copy_(q); }
        using var b = optim.AdamW(Groups(theirs, 0.01), 0.05);
        b.load_state_dict(dir.File("optimizer.bin"));
        Steps(ours, a, 2);
        Steps(theirs, b, 2);
        foreach (var (p, q) in ours.parameters().Zip(theirs.parameters())) Assert.True(p.equal(q).all().item<bool>());
    }
}
