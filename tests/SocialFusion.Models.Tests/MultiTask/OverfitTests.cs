using SocialFusion.Models.MultiTask;
using SocialFusion.Models.Tests.Sgmft;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.MultiTask;

public class MultiTaskOverfitTests
{
    [Theory]
    [InlineData(TrunkKind.AttentionPooling, WeightingKind.Average)]
    [InlineData(TrunkKind.AttentionPooling, WeightingKind.Uncertainty)]
    [InlineData(TrunkKind.Sgmft, WeightingKind.Fixed)]
    public void OverfitsOneBatch_EveryHead(TrunkKind trunk, WeightingKind weightingKind)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var a = Enumerable.Range(0, 16).Select(i => (long)(i % 4)).ToArray();
        var lengths = Enumerable.Range(0, 16).Select(i => 1 + i % TinyModels.Lt).ToArray();
        var counts = Enumerable.Range(0, 16).Select(i => 1 + i % TinyModels.M).ToArray();
        using var batch = TinyModels.Batch(lengths, counts, labels: a, seed: 11);
        var schema = MultiTaskModelTests.Schema();
        // b = a mod 2, r = a - 1.5: both are functions of the planted class signal.
        var targets = tensor(a.SelectMany(c => new[] { c, c % 2, c - 1.5f }).ToArray()).view(16, 3);
        var present = ones(16, 3, dtype: ScalarType.Bool);
        present[0, 0] = tensor(false); // one missing label must not break anything
        using var model = new MultiTaskModel(MultiTaskModelTests.Config(trunk), TinyModels.Spec(), schema);
        using var weighting = LossWeighting.Create(weightingKind, schema);
        using var optimizer = optim.AdamW(model.parameters().Concat(weighting.parameters()), lr: 3e-3, weight_decay: 0);
        double first = double.NaN, last = double.NaN;
        for (int step = 0; step < 300; step++)
        {
            using var stepScope = NewDisposeScope();
            model.train();
            optimizer.zero_grad();
            var o = model.forward(batch);
            var losses = TaskLoss.All(schema, o.Heads, targets, present);
            var loss = weighting.Combine(losses, [true, true, true]);
            if (o.AuxiliaryLoss is not null) loss = loss + o.AuxiliaryLoss;
            loss.backward();
            optimizer.step();
            last = losses.Sum(l => l.item<float>());
            if (double.IsNaN(first)) first = last;
            if (last < 0.02 * first) break;
        }
        model.eval();
        using var evalScope = NewDisposeScope();
        var e = model.forward(batch);
        Assert.True(last < 0.1 * first, $"loss {first:F3} -> {last:F3}");
        Assert.True(e.Heads[0].argmax(1).eq(tensor(a)).all().item<bool>());
        Assert.True(e.Heads[1].argmax(1).eq(tensor(a.Select(c => c % 2).ToArray())).all().item<bool>());
        Assert.True((e.Heads[2] - targets[.., 2]).abs().max().item<float>() < 0.3f);
    }
}
