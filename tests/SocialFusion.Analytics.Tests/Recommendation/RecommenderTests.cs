using SocialFusion.Analytics.Recommendation;
using Xunit;

namespace SocialFusion.Analytics.Tests.Recommendation;

public class RecommenderTests
{
    private static Dictionary<string, double> D(params (string, double)[] items) => items.ToDictionary(t => t.Item1, t => t.Item2);

    private static RecommendationData Places(RecommendationQuery q) => new()
    {
        Kind = ItemKind.Place,
        Global = D(("home", 10), ("work", 5), ("gym", 1)),
        ByUser = new() { ["u"] = D(("home", 3), ("work", 2)), ["v"] = D(("gym", 4), ("work", 1)) },
        BySegment = new() { [0] = D(("home", 6), ("work", 4)) },
        // In the morning this segment is at work.
        BySegmentContext = new() { [(0, "weekday_morning")] = D(("work", 4)) },
        Window = [],
        Queries = [q],
    };

    [Fact]
    public void Baselines_rank_by_global_and_own_counts()
    {
        var q = new RecommendationQuery("p", "u", DateTime.UnixEpoch, "weekday_morning", 0, new HashSet<string> { "work" });
        var data = Places(q);
        Assert.Equal(["home", "work", "gym"], new GlobalPopularity().Rank(q, data));
        Assert.Equal(["home", "work", "gym"], new UserFrequency().Rank(q, data));
        // Own counts first, then the rest by global popularity.
        Assert.Equal(["gym", "work", "home"], new UserFrequency().Rank(q with { UserId = "v" }, data));
        // A user without history falls back to global popularity.
        Assert.Equal(["home", "work", "gym"], new UserFrequency().Rank(q with { UserId = "new" }, data));
    }

    [Fact]
    public void Context_moves_the_place_of_the_time_of_day_up()
    {
        // By hand (beta 5): P(work | seg) = (4 + 5 * 6/19) / 15 = 0.3719, P(work | u) = (2 + 5 * 0.3719) / 10 = 0.3860,
        // P(work | seg, morning) = (4 + 5 * 0.3719) / 9 = 0.6511, score 0.3860 * 0.6511 / 0.3719 = 0.676;
        // home: 0.5965 * (5 * 0.5930 / 9) / 0.5930 = 0.331; gym 0.0097.
        var q = new RecommendationQuery("p", "u", DateTime.UnixEpoch, "weekday_morning", 0, new HashSet<string> { "work" });
        var data = Places(q);
        Assert.Equal(["work", "home", "gym"], new ContextRecommender().Rank(q, data));
        var score = RecommendationEvaluation.Score(new ContextRecommender(), data);
        Assert.Equal(1.0, score.HitAt1);
        Assert.Equal(0.0, RecommendationEvaluation.Score(new UserFrequency(), data).HitAt1);
        // With no context data for the evening the lift is 1 everywhere and the user's own order stands.
        var evening = q with { Context = "weekday_evening" };
        Assert.Equal(["home", "work", "gym"], new ContextRecommender().Rank(evening, Places(evening)));
    }

    [Fact]
    public void Context_puts_a_tag_trending_among_followees_first()
    {
        var q = new RecommendationQuery("p", "u", DateTime.UnixEpoch, "night", 0, new HashSet<string> { "#trend" });
        var data = new RecommendationData
        {
            Kind = ItemKind.Topic,
            Global = D(("#a", 10), ("#b", 8), ("#trend", 1)),
            ByUser = new() { ["u"] = D(("#a", 2)) },
            BySegment = new() { [0] = D(("#a", 5), ("#b", 4)) },
            BySegmentContext = [],
            Window = new() { ["p"] = (D(("#trend", 5), ("#fresh", 1)), D(("#trend", 2))) },
            Queries = [q],
        };
        var ranked = new ContextRecommender().Rank(q, data);
        Assert.Equal("#trend", ranked[0]);
        Assert.Contains("#fresh", ranked); // a tag seen only in the window is a candidate too
        Assert.Equal("#a", new UserFrequency().Rank(q, data)[0]);
    }
}
