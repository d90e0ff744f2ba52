using SocialFusion.Analytics.Evaluation;
using Xunit;

namespace SocialFusion.Analytics.Tests.Evaluation;

public class RankingMetricsTests
{
    private static readonly string[] Ranked = ["a", "b", "c", "d", "e", "f"];

    [Fact]
    public void Hit_at_k_by_hand()
    {
        var relevant = new HashSet<string> { "c" };
        Assert.Equal(0, RankingMetrics.HitAt(Ranked, relevant, 1));
        Assert.Equal(1, RankingMetrics.HitAt(Ranked, new HashSet<string> { "a" }, 1));
        Assert.Equal(0, RankingMetrics.HitAt(Ranked, relevant, 2));
        Assert.Equal(1, RankingMetrics.HitAt(Ranked, relevant, 3));
        Assert.Equal(1, RankingMetrics.HitAt(Ranked, relevant, 10));
        Assert.Equal(0, RankingMetrics.HitAt(Ranked, new HashSet<string> { "z" }, 10));
    }

    [Fact]
    public void Ndcg_by_hand()
    {
        // One relevant item at rank 3: DCG = 1 / log2(4) = 0.5, ideal 1.
        Assert.Equal(0.5, RankingMetrics.NdcgAt(Ranked, new HashSet<string> { "c" }, 10), 12);
        // Relevant at ranks 2 and 4: (1/log2 3 + 1/log2 5) / (1 + 1/log2 3).
        double want = (1 / Math.Log2(3) + 1 / Math.Log2(5)) / (1 + 1 / Math.Log2(3));
        Assert.Equal(want, RankingMetrics.NdcgAt(Ranked, new HashSet<string> { "b", "d" }, 10), 12);
        // Cut at k = 3: only rank 2 counts, the ideal still has two relevant items in the top 3.
        Assert.Equal((1 / Math.Log2(3)) / (1 + 1 / Math.Log2(3)), RankingMetrics.NdcgAt(Ranked, new HashSet<string> { "b", "d" }, 3), 12);
        Assert.Equal(1.0, RankingMetrics.NdcgAt(Ranked, new HashSet<string> { "a" }, 10), 12);
    }

    [Fact]
    public void Repeated_items_earn_once_and_empty_relevance_is_refused()
    {
        Assert.Equal(1.0, RankingMetrics.NdcgAt(["a", "a", "b"], new HashSet<string> { "a" }, 10), 12);
        Assert.Throws<ArgumentException>(() => RankingMetrics.NdcgAt(Ranked, new HashSet<string>(), 10));
        Assert.Throws<ArgumentException>(() => RankingMetrics.HitAt(Ranked, new HashSet<string> { "a" }, 0));
    }
}
