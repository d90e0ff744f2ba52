using SocialFusion.Models.MultiTask;
using SocialFusion.Models.Tests.Sgmft;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.MultiTask;

public class LossAndWeightingTests
{
    [Fact]
    public void HeadWithAllLabelsMissing_ZeroLossNoHeadGradient_TrunkStillLearns()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var schema = MultiTaskModelTests.Schema();
        using var model = new MultiTaskModel(MultiTaskModelTests.Config(), TinyModels.Spec(), schema);
        using var batch = TinyModels.Mixed(seed: 2);
        var targets = tensor(Enumerable.Range(0, 10).SelectMany(i => new[] { i % 4, i % 2, 0.5f * i }).Select(v => (float)v).ToArray()).view(10, 3);
        // Head "b" has no label at all; its targets hold garbage that must be ignored.
        targets[.., 1] = tensor(99f);
        var present = ones(10, 3, dtype: ScalarType.Bool);
        present[.., 1] = tensor(false);
        var o = model.forward(batch);
        var losses = TaskLoss.All(schema, o.Heads, targets, present);
        Assert.Equal(0f, losses[1].item<float>());
        var weighting = new AverageWeighting(schema);
        var total = weighting.Combine(losses, [true, false, true]);
        total.backward();
        foreach (var p in model.Head(1).parameters())
            Assert.True(p.grad is null || p.grad.abs().sum().item<float>() == 0f, "head b received gradient");
        Assert.Contains(model.Head(0).parameters(), p => p.grad is not null && p.grad.abs().sum().item<float>() > 0);
        Assert.Contains(model.TrunkParameters(), p => p.grad is not null && p.grad.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void MissingRows_DoNotChangeTheLoss()
    {
        using var scope = NewDisposeScope();
        var head = new TaskHead("a", TaskKind.Classification, ["x", "y", "z"]);
        var logits = tensor(new float[] { 2, 0, 0, 0, 1, 0, 5, 5, 5 }).view(3, 3);
        var full = TaskLoss.Masked(head, logits[..2], tensor(new float[] { 0, 1 }), tensor(new[] { true, true })).item<float>();
        var masked = TaskLoss.Masked(head, logits, tensor(new float[] { 0, 1, -7 }), tensor(new[] { true, true, false })).item<float>();
        Assert.Equal(full, masked, 5);
        // Hand-computed: mean of -log softmax([2,0,0])[0] and -log softmax([0,1,0])[1].
        double expected = (-Math.Log(Math.Exp(2) / (Math.Exp(2) + 2)) - Math.Log(Math.E / (Math.E + 2))) / 2;
        Assert.Equal(expected, full, 4);
        var reg = new TaskHead("r", TaskKind.Regression, []);
        var r = TaskLoss.Masked(reg, tensor(new float[] { 1, 2, 3 }), tensor(new float[] { 0, 4, float.NaN }), tensor(new[] { true, true, false }));
        Assert.Equal((1 + 4) / 2f, r.item<float>(), 5);
    }

    [Fact]
    public void ClassWeights_WeightedMeanOverPresentRows_MissingRowsIgnored()
    {
        using var scope = NewDisposeScope();
        var head = new TaskHead("a", TaskKind.Classification, ["x", "y", "z"]);
        var logits = tensor(new float[] { 2, 0, 0, 0, 1, 0, 5, 5, 5, 0, 0, 3 }).view(4, 3);
        var target = tensor(new float[] { 0, 1, 2, 1 });
        var present = tensor(new[] { true, true, false, true });
        var w = tensor(new float[] { 1, 3, 10 });
        var loss = TaskLoss.Masked(head, logits, target, present, w).item<float>();
        double ce0 = -Math.Log(Math.Exp(2) / (Math.Exp(2) + 2)), ce1 = -Math.Log(Math.E / (Math.E + 2)), ce3 = -Math.Log(1 / (2 + Math.Exp(3)));
        // Row 2 (class z, weight 10) is missing: it must not enter the numerator or the denominator.
        Assert.Equal((1 * ce0 + 3 * ce1 + 3 * ce3) / (1 + 3 + 3), loss, 4);
        // Same as torch's weighted cross-entropy with mean reduction over the present rows.
        var rows = tensor(new long[] { 0, 1, 3 });
        var reference = nn.functional.cross_entropy(logits.index_select(0, rows), tensor(new long[] { 0, 1, 1 }), weight: w).item<float>();
        Assert.Equal(reference, loss, 4);
        // Unit weights are the unweighted loss; a regression head refuses class weights.
        Assert.Equal(TaskLoss.Masked(head, logits, target, present).item<float>(),
            TaskLoss.Masked(head, logits, target, present, ones(3)).item<float>(), 5);
        Assert.Throws<ArgumentException>(() => TaskLoss.Masked(new TaskHead("r", TaskKind.Regression, []), logits[.., 0], target, present, w));
        // A batch with no labelled row (or only zero-weight classes) gives exactly 0, not NaN.
        Assert.Equal(0f, TaskLoss.Masked(head, logits, target, zeros(4, dtype: ScalarType.Bool), w).item<float>());
        Assert.Equal(0f, TaskLoss.Masked(head, logits, target, present, zeros(3)).item<float>());
    }

    private static Tensor[] Losses() => [tensor(1.0f), tensor(2.0f), tensor(4.0f)];

    [Fact]
    public void Average_IsTheMeanOfPresentHeads()
    {
        using var scope = NewDisposeScope();
        var w = new AverageWeighting(MultiTaskModelTests.Schema());
        Assert.Equal(7f / 3, w.Combine(Losses(), [true, true, true]).item<float>(), 5);
        Assert.Equal(2.5f, w.Combine(Losses(), [true, false, true]).item<float>(), 5);
        Assert.Empty(w.parameters());
    }

    [Fact]
    public void Fixed_IsTheWeightedSum()
    {
        using var scope = NewDisposeScope();
        var schema = MultiTaskModelTests.Schema();
        var w = (FixedWeighting)LossWeighting.Create(WeightingKind.Fixed, schema, new Dictionary<string, double> { ["a"] = 0.5, ["r"] = 2 });
        Assert.Equal(0.5f * 1 + 1 * 2 + 2 * 4, w.Combine(Losses(), [true, true, true]).item<float>(), 5);
        Assert.Equal(0.5f * 1 + 2 * 4, w.Combine(Losses(), [true, false, true]).item<float>(), 5);
        Assert.Equal(2.0, w.EffectiveWeights()["r"]);
        Assert.Throws<ArgumentException>(() => new FixedWeighting(schema, [1, -1, 1]));
    }

    [Fact]
    public void Uncertainty_HasLearnableWeightsThatGetGradientsAndAreReported()
    {
        using var scope = NewDisposeScope();
        var schema = MultiTaskModelTests.Schema();
        var w = new UncertaintyWeighting(schema);
        Assert.Single(w.parameters());
        // At s = 0: sum c_i L_i = 1 + 2 + 0.5 * 4.
        Assert.Equal(5f, w.Combine(Losses(), [true, true, true]).item<float>(), 5);
        using (no_grad()) w.LogVariance.copy_(tensor(new[] { 0f, (float)Math.Log(2), 0f }));
        // Head b: exp(-ln 2) * 2 + ln(2) / 2.
        Assert.Equal(1 + 1 + Math.Log(2) / 2 + 2, w.Combine(Losses(), [true, true, true]).item<float>(), 4);
        Assert.Equal(0.5, w.EffectiveWeights()["b"], 5);
        Assert.Equal(Math.Sqrt(2), w.Sigmas()["b"], 5);

        // dL/ds_i = -c_i exp(-s_i) L_i + 1/2; an absent head gets no gradient.
        using (no_grad()) w.LogVariance.zero_();
        var total = w.Combine(Losses(), [true, false, true]);
        total.backward();
        var g = w.LogVariance.grad!.data<float>().ToArray();
        Assert.Equal(-1 * 1 + 0.5, g[0], 5);
        Assert.Equal(0, g[1], 5);
        Assert.Equal(-0.5 * 4 + 0.5, g[2], 5);

        // A gradient step changes the reported weights: head r's weighted loss c L = 2 exceeds 1/2, so its gradient is
        // negative, s_r (its sigma) grows and its weight falls, which is how noisy tasks get down-weighted.
        var before = w.EffectiveWeights()["r"];
        using var opt = optim.SGD(w.parameters(), 0.1);
        opt.step();
        Assert.True(w.EffectiveWeights()["r"] < before);
        Assert.True(w.Sigmas()["r"] > 1);
    }
}
