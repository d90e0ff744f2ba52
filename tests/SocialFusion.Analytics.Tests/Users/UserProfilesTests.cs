using SocialFusion.Analytics.Users;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Users;

public class UserProfilesTests
{
    [Fact]
    public void Profiles_of_a_tiny_store_by_hand()
    {
        using var dir = new TempDir();
        using var store = TinyStore.Create(dir.File("t.duckdb"));
        Assert.Equal(2, UserProfiles.Compute(store.Connection, "r"));
        var u1 = UserProfileView.Read(store.Connection, "r", null, ["u1"]).Single();
        Assert.Equal(3, u1.Posts);
        // Local time: Monday (0) 08 and 09, Saturday (5) 13.
        Assert.Equal(1, u1.HourByWeekday[0][8]);
        Assert.Equal(1, u1.HourByWeekday[0][9]);
        Assert.Equal(1, u1.HourByWeekday[5][13]);
        Assert.Equal(3, u1.HourByWeekday.Sum(d => d.Sum()));
        // Two labelled gym posts; the unlabelled one counts 0.75 home + 0.25 park (top-k renormalised).
        Assert.Equal(2.0 / 3, u1.Locations["gym"], 9);
        Assert.Equal(0.75 / 3, u1.Locations["home"], 9);
        Assert.Equal(0.25 / 3, u1.Locations["park"], 9);
        Assert.Equal(2, u1.LabelledLocations, 9);
        Assert.Equal(1, u1.PredictedLocations, 9);
        Assert.Equal("labelled 2 + predicted 1 (m1)", u1.LocationSource("m1"));
        // Hashtags lower-cased and counted per occurrence.
        Assert.Equal(["#gym", "#run"], u1.Hashtags.Keys);
        Assert.Equal(2, u1.Hashtags["#gym"]);
        Assert.Equal(1.0 / 3, u1.Sentiment["negative"], 9);
        Assert.Equal(1, u1.SentimentByMonth["2024-03"]["positive"]);
        Assert.Equal(4, u1.Engagement["likes_received"]);
        Assert.Equal(1, u1.Engagement["replies_given"]);
        Assert.Equal(1, u1.Engagement["partners"]);
        Assert.Equal(1.0 / 3, u1.ReplyShare, 9);
        Assert.Equal(1.0, u1.RepliesToFollowees, 9); // u1 follows u2
        var u2 = UserProfileView.Read(store.Connection, "r", null, ["u2"]).Single();
        Assert.Equal(1, u2.Engagement["replies_received"]);
        Assert.Equal(0, u2.ReplyShare);
        Assert.Equal("labelled", u2.LocationSource(null));
    }

    [Fact]
    public void Time_context_shares_are_shrunk_towards_the_population()
    {
        using var dir = new TempDir();
        using var store = TinyStore.Create(dir.File("t.duckdb"));
        UserProfiles.Compute(store.Connection, "r");
        var (users, features, vectors) = UserSegmentation.ReadVectors(store.Connection, "r", ["ctx."]);
        double F(string user, string feature) => vectors[users.IndexOf(user)][features.IndexOf(feature)];
        // Weekend day: population home 1.75 / 2, u1 has home 0.75 of 1 post: (0.75 + 2 * 0.875) / (1 + 2).
        Assert.Equal((0.75 + 2 * 0.875) / 3, F("u1", "ctx.weekend_day.home"), 9);
        // Weekday morning: only u1's two gym posts; u2 has none there and gets the population's share (1).
        Assert.Equal(1.0, F("u1", "ctx.weekday_morning.gym"), 9);
        Assert.Equal(1.0, F("u2", "ctx.weekday_morning.gym"), 9);
    }
}
