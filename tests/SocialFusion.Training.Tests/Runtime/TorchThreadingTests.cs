using SocialFusion.Training.Runtime;
using Xunit;

namespace SocialFusion.Training.Tests.Runtime;

public class TorchThreadingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(TorchThreading.MaxThreads + 1)]
    [InlineData(100_000)]
    public void SetThreads_OutsideOneToMax_ThrowsNamingTheBound(int threads)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TorchThreading.SetThreads(threads));
        Assert.Contains($"between 1 and {TorchThreading.MaxThreads}", e.Message);
        Assert.Contains(threads.ToString(), e.Message);
    }
}
