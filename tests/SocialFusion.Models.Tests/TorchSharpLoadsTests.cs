using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests;

/// <summary>Proves the native engine loads inside the test host (the Debian 12 build fix is applied).</summary>
public class TorchSharpLoadsTests
{
    [Fact]
    public void MatmulAndAutogradRunInTheTestHost()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 }, requires_grad: true);
        var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        var y = a.matmul(b);            // [[19,22],[43,50]]
        Assert.Equal(new float[] { 19, 22, 43, 50 }, y.data<float>().ToArray());
        y.sum().backward();
        // d(sum(a b))/da = ones(2,2) b^T: rows are the row sums of b.
        Assert.Equal(new float[] { 11, 15, 11, 15 }, a.grad!.data<float>().ToArray());
    }

    [Fact]
    public void MultiheadAttentionForwardAndBackward()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var mha = nn.MultiheadAttention(16, 4);
        var x = randn(5, 2, 16, requires_grad: true);   // [L, B, D]: TorchSharp's MHA is sequence-first
        var (o, _) = mha.forward(x, x, x, null, false, null);
        Assert.Equal(new long[] { 5, 2, 16 }, o.shape);
        o.pow(2).mean().backward();
        Assert.True(x.grad!.abs().sum().item<float>() > 0);
    }
}
