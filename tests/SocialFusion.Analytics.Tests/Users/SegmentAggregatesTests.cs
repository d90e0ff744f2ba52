using SocialFusion.Analytics.Clustering;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Users;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Users;

public class SegmentAggregatesTests
{
    [Fact]
    public void Cells_are_published_at_exactly_k_users_and_suppressed_below()
    {
        using var dir = new TempDir();
        using var store = TinyStore.Create(dir.File("t.duckdb"));
        UserProfiles.Compute(store.Connection, "r");
        // One segment holding both users: k = 2 publishes cells both cover, k = 3 suppresses everything.
        store.Execute("INSERT INTO user_segments VALUES ('r', 'u1', 0), ('r', 'u2', 0)");
        var two = SegmentAggregates.Compute(store.Connection, "r", 1, new KAnonymity(2));
        Assert.False(two.SegmentSizes[0].Suppressed);
        Assert.Equal(2, two.SegmentSizes[0].Value);
        // home: u1's predicted 0.75 and u2's labelled post (2 users); gym only u1 (1 user).
        Assert.False(two.LocationMix[0]["home"].Suppressed);
        Assert.Equal(1.75 / 4, two.LocationMix[0]["home"].Value, 9);
        Assert.True(two.LocationMix[0]["gym"].Suppressed);
        Assert.Equal(1, two.LocationMix[0]["gym"].DistinctUsers);
        Assert.True(two.Heatmaps[0][0][8].Suppressed); // Monday 08h: u1 only
        Assert.False(two.SentimentByMonth["2024-03"]["positive"].Suppressed); // p1 (u1) and p9 (u2)
        Assert.True(two.SentimentByMonth["2024-03"]["negative"].Suppressed);
        var three = SegmentAggregates.Compute(store.Connection, "r", 1, new KAnonymity(3));
        Assert.True(three.SegmentSizes[0].Suppressed);
        Assert.Equal(2, three.SegmentSizes[0].DistinctUsers);
        Assert.True(three.LocationMix[0]["home"].Suppressed);
        Assert.Equal(KAnonymity.SuppressedMark, three.SegmentSizes[0].Display(v => v.ToString()));
    }

    [Fact]
    public void Segmentation_of_a_tiny_store_with_given_k_is_stored_and_numbered_by_size()
    {
        using var dir = new TempDir();
        using var store = TinyStore.Create(dir.File("t.duckdb"));
        UserProfiles.Compute(store.Connection, "r");
        var seg = UserSegmentation.Run(store.Connection, "r", SegmentationConfig.Routine with { K = 2, KMeans = new KMeansConfig(Restarts: 2) });
        Assert.Equal(2, seg.K);
        Assert.Equal(2, seg.Assignments.Values.Distinct().Count());
        Assert.Equal(2, store.Count("user_segments"));
        Assert.Throws<ArgumentException>(() => UserSegmentation.Run(store.Connection, "r", SegmentationConfig.Routine with { K = 3 }));
    }
}
