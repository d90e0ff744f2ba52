using SocialFusion.Analytics.Evaluation;
using Xunit;

namespace SocialFusion.Analytics.Tests.Evaluation;

public class RankCorrelationTests
{
    [Fact]
    public void Spearman_with_ties_matches_the_hand_computed_value()
    {
        // a = [1, 2, 2, 3] -> ranks [1, 2.5, 2.5, 4]; b = [10, 30, 20, 40] -> ranks [1, 3, 2, 4].
        // Centred (mean 2.5): a' = [-1.5, 0, 0, 1.5], b' = [-1.5, 0.5, -0.5, 1.5]; sum a'b' = 4.5, |a'|^2 = 4.5, |b'|^2 = 5.
        // rho = 4.5 / sqrt(4.5 * 5) = 0.948683 (scipy.stats.spearmanr agrees).
        Assert.Equal(4.5 / Math.Sqrt(22.5), RankCorrelation.Spearman([1, 2, 2, 3], [10, 30, 20, 40]), 12);
        Assert.Equal(-1, RankCorrelation.Spearman([1, 2, 3], [9, 5, 1]), 12);
        Assert.True(double.IsNaN(RankCorrelation.Spearman([1, 1, 1], [1, 2, 3])));
        Assert.Equal([1, 2.5, 2.5, 4], RankCorrelation.AverageRanks([1, 2, 2, 3]));
    }

    [Fact]
    public void Top_k_overlap_counts_shared_members()
    {
        Assert.Equal(0.5, RankCorrelation.TopKOverlap([5, 4, 3, 2], [5, 1, 3, 9], 2));
        Assert.Equal([3, 0], RankCorrelation.Top([5, 1, 3, 9], 2));
    }
}
