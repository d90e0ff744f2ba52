using SocialFusion.Analytics.Forecasting;
using Xunit;

namespace SocialFusion.Analytics.Tests.Forecasting;

public class SeasonalNaiveTests
{
    [Fact]
    public void Forecast_repeats_the_last_season_by_hand()
    {
        // m = 3, history 1 2 3 4 5 6 7: the last season is (5, 6, 7), so h = 1..7 gives 5 6 7 5 6 7 5.
        var f = new SeasonalNaive(3).Fit([1, 2, 3, 4, 5, 6, 7]).Forecast(7);
        Assert.Equal([5.0, 6, 7, 5, 6, 7, 5], f);
    }

    [Fact]
    public void A_history_shorter_than_a_season_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() => new SeasonalNaive(7).Fit([1, 2, 3]));
        Assert.Contains("3 values", e.Message);
    }

    [Fact]
    public void A_non_finite_value_is_named()
    {
        var e = Assert.Throws<ArgumentException>(() => new SeasonalNaive(2).Fit([1, double.NaN, 3]));
        Assert.Contains("value 1", e.Message);
    }
}
