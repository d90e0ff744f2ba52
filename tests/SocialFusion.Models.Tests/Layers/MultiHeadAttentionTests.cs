using SocialFusion.Models.Layers;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.Layers;

public class MultiHeadAttentionTests
{
    [Fact]
    public void ShapeAndPaddedKeysAreIgnored()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var mha = new MultiHeadAttention("mha", 16, 2, 0.0);
        mha.eval();
        var q = randn(2, 4, 16);
        var k = randn(2, 7, 16);
        var mask = tensor(new[] { true, true, true, false, false, false, false, true, true, true, true, true, true, true }).view(2, 7);
        var outp = mha.forward(q, k, mask);
        Assert.Equal(new long[] { 2, 4, 16 }, outp.shape);
        var k2 = k.clone();
        k2[0, 3..] = randn(4, 16) * 100;
        Assert.True(allclose(outp, mha.forward(q, k2, mask), 1e-5, 1e-5));
    }

    [Fact]
    public void RowsWithoutKeysGiveZerosNotNaN()
    {
        using var scope = NewDisposeScope();
        using var mha = new MultiHeadAttention("mha", 8, 2, 0.0);
        var mask = tensor(new[] { false, false, true, true }).view(2, 2);
        var outp = mha.forward(randn(2, 3, 8), randn(2, 2, 8), mask);
        Assert.True(outp.isfinite().all().item<bool>());
        Assert.Equal(0.0, outp[0].abs().sum().item<float>());
        Assert.True(outp[1].abs().sum().item<float>() > 0);
    }
}
