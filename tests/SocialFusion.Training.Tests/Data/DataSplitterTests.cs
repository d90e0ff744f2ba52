using SocialFusion.Data.Posts;
using SocialFusion.Training.Data;
using Xunit;

namespace SocialFusion.Training.Tests.Data;

public sealed class DataSplitterTests
{
    private static List<Post> Posts(int n, int users, int unlabelled = 0)
    {
        var list = new List<Post>();
        for (int i = 0; i < n; i++)
        {
            var labels = new Dictionary<string, string>();
            if (i >= unlabelled) labels["location"] = i % 10 < 6 ? "home" : i % 10 < 9 ? "work" : "park";
            list.Add(new Post($"p{i:D4}", $"u{i % users}", DateTimeOffset.UnixEpoch, "t", Array.Empty<string>(), labels));
        }
        return list;
    }

    [Fact]
    public void Stratified_KeepsProportions_AndCountsUnlabelled()
    {
        var split = DataSplitter.Split(Posts(1010, 50, unlabelled: 10), "location");
        Assert.Equal(10, split.Unlabelled);
        Assert.Equal(1000, split.Train.Count + split.Dev.Count + split.Test.Count);
        foreach (var part in new[] { split.Train, split.Dev, split.Test })
        {
            double home = part.Count(p => p.Label("location") == "home") / (double)part.Count;
            Assert.InRange(home, 0.57, 0.63);
        }
        Assert.InRange(split.Train.Count, 690, 710);
        Assert.All(split.Train.Concat(split.Dev).Concat(split.Test), p => Assert.NotNull(p.Label("location")));
    }

    [Fact]
    public void Grouped_NoUserInTwoSplits_RoughProportions()
    {
        var split = DataSplitter.Split(Posts(1000, 100), "location", new SplitOptions(GroupByUser: true, Seed: 3));
        var sets = new[] { split.Train, split.Dev, split.Test }.Select(s => s.Select(p => p.UserId).ToHashSet()).ToArray();
        Assert.Empty(sets[0].Intersect(sets[1]));
        Assert.Empty(sets[0].Intersect(sets[2]));
        Assert.Empty(sets[1].Intersect(sets[2]));
        Assert.InRange(split.Train.Count, 600, 800);
        Assert.True(split.Dev.Count > 0 && split.Test.Count > 0);
    }

    [Fact]
    public void SameSeed_SameSplit_DifferentSeed_Different()
    {
        var posts = Posts(300, 30);
        var a = DataSplitter.Split(posts, "location", new SplitOptions(Seed: 1));
        var b = DataSplitter.Split(posts, "location", new SplitOptions(Seed: 1));
        var c = DataSplitter.Split(posts, "location", new SplitOptions(Seed: 2));
        Assert.Equal(a.Dev.Select(p => p.Id), b.Dev.Select(p => p.Id));
        Assert.NotEqual(a.Dev.Select(p => p.Id), c.Dev.Select(p => p.Id));
    }

    [Fact]
    public void LabelMap_SortedStable_UnknownLabelNamed()
    {
        var map = new LabelMap(new[] { "work", "home", "work", "park" });
        Assert.Equal(new[] { "home", "park", "work" }, map.Names);
        Assert.Equal(2, map.IndexOf("work"));
        Assert.Equal(map.Names, LabelMap.FromJson(map.ToJson()).Names);
        var e = Assert.Throws<KeyNotFoundException>(() => map.IndexOf("gym"));
        Assert.Contains("'gym'", e.Message);
    }
}
