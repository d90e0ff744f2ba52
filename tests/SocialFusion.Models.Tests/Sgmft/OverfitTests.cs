using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Sgmft;

/// <summary>Every preset can fit one small batch whose features carry a learnable label signal.</summary>
public class OverfitTests
{
    public static TheoryData<string> AllPresets() => new(TinyModels.Presets);

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void OverfitsOneBatch(string preset)
    {
        using var scope = NewDisposeScope();
        manual_seed(7);
        var labels = Enumerable.Range(0, 16).Select(i => (long)(i % 4)).ToArray();
        var lengths = Enumerable.Range(0, 16).Select(i => 1 + i % TinyModels.Lt).ToArray();
        var counts = Enumerable.Range(0, 16).Select(i => 1 + i % TinyModels.M).ToArray();
        using var batch = TinyModels.Batch(lengths, counts, labels: labels, seed: 11);
        using var model = LocationModels.Create(TinyModels.Config(preset, dropout: 0.0), TinyModels.Spec(), 4);
        var y = tensor(labels);
        using var optimizer = optim.AdamW(model.parameters(), lr: 3e-3);
        double first = double.NaN, last = double.NaN;
        bool perfect = false;
        for (int step = 0; step < 300 && !perfect; step++)
        {
            using var stepScope = NewDisposeScope();
            model.train();
            optimizer.zero_grad();
            var outp = model.forward(batch);
            var loss = nn.functional.cross_entropy(outp.Logits, y);
            if (double.IsNaN(first)) first = loss.item<float>();
            (outp.AuxiliaryLoss is null ? loss : loss + outp.AuxiliaryLoss).backward();
            optimizer.step();
            last = loss.item<float>();
            perfect = last < 0.1 * first && outp.Logits.argmax(1).eq(y).all().item<bool>();
        }
        model.eval();
        using var evalScope = NewDisposeScope();
        var accuracy = model.forward(batch).Logits.argmax(1).eq(y).to(ScalarType.Float32).mean().item<float>();
        Assert.True(last < 0.1 * first, $"{preset}: loss {first:F3} -> {last:F3}");
        Assert.Equal(1.0f, accuracy);
    }
}
