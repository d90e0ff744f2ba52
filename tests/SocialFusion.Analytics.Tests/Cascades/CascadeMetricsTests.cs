using SocialFusion.Analytics.Cascades;
using Xunit;

namespace SocialFusion.Analytics.Tests.Cascades;

public class CascadeMetricsTests
{
    [Fact]
    public void Hand_drawn_cascade_has_its_size_depth_breadth_virality_peak_and_lifetime()
    {
        // The tree of StructuralViralityTests (W = 31) with reshares at 10, 20, 70, 75 and 80 minutes after the root,
        // plus a lone post. Depths: 1 -> 1, 2 -> 1, 3 -> 2, 4 -> 2, 5 -> 3. Widest level: depth 1 or 2 (2 posts).
        // Hourly bins: hour 0 holds 2 reshares, hour 1 holds 3: time to peak 1 h; lifetime 80 min.
        int[] parent = [-1, 0, 0, 1, 1, 3, -1];
        long[] time = [0, 600, 1200, 4200, 4500, 4800, 100];
        var f = CascadeForest.FromArrays(parent, time, new int[7], ["u"]);
        var (cascades, lone) = CascadeMetrics.Compute(f, CascadeMetricsConfig.Reference);
        Assert.Equal(1, lone);
        var c = Assert.Single(cascades);
        Assert.Equal((6, 3, 2, 31L), (c.Size, c.Depth, c.MaxBreadth, c.Wiener));
        Assert.Equal(31 / 15.0, c.Virality, 12);
        Assert.Equal(1.0, c.TimeToPeakHours);
        Assert.Equal(80 / 60.0, c.LifetimeHours, 12);
        // Half-hour bins: [0, 30) has 2, [60, 90) has 3 -> still the bin at 1 h; 10-minute bins: 70 and 75 min share the only bin with two.
        Assert.Equal(1.0, CascadeMetrics.Compute(f, new CascadeMetricsConfig(0.5)).Cascades[0].TimeToPeakHours);
        Assert.Equal(70 / 60.0, CascadeMetrics.Compute(f, new CascadeMetricsConfig(10 / 60.0)).Cascades[0].TimeToPeakHours, 9);
        // Hour bins with a tie (one reshare in each of hours 0 and 1): the earliest bin wins.
        var tie = CascadeForest.FromArrays([-1, 0, 0], [0, 600, 4000], new int[3], ["u"]);
        Assert.Equal(0.0, CascadeMetrics.Compute(tie, CascadeMetricsConfig.Reference).Cascades[0].TimeToPeakHours);
    }

    [Fact]
    public void Size_ccdf_counts_lone_posts_as_size_one()
    {
        var cascades = new[] { 2, 2, 5 }.Select(s => new CascadeMetric(0, s, 1, 1, 0, 0, 0, 0, false)).ToList();
        var ccdf = CascadeAnalysis.SizeCcdf(cascades, lonePosts: 5);
        Assert.Equal([(1, 1.0), (2, 3 / 8.0), (5, 1 / 8.0)], ccdf);
    }
}
