using SocialFusion.Analytics.Forecasting;
using Xunit;

namespace SocialFusion.Analytics.Tests.Forecasting;

public class RollingOriginTests
{
    /// <summary>Forecasts the mean of the history: a second method for the hand-worked backtest.</summary>
    private sealed class MeanForecaster : IForecaster
    {
        public string Name => "mean";
        public IForecastModel Fit(double[] history) => new Model(history.Average());
        private sealed class Model(double mean) : IForecastModel
        {
            public double[] Forecast(int horizon) => Enumerable.Repeat(mean, horizon).ToArray();
        }
    }

    [Fact]
    public void Two_origins_on_a_tiny_series_by_hand()
    {
        // y = 1 3 2 4 3 5 4 6, m = 2, 2 origins, horizon 2: origins at 4 and 6.
        // Origin 4: history 1 3 2 4. Seasonal naive -> (2, 4) vs actual (3, 5): |1| + |1| = 2.
        //   mean 2.5 -> |0.5| + |2.5| = 3. Scale: |2-1| + |4-3| over 2 = 1.
        // Origin 6: history 1 3 2 4 3 5. Seasonal naive -> (3, 5) vs (4, 6): 2. mean 3 -> |1| + |3| = 4.
        //   Scale: (1 + 1 + 1 + 1) / 4 = 1.
        // MAE: naive 4 / 4 = 1; mean 7 / 4 = 1.75. MASE: naive (1 + 1) / 2 = 1; mean (1.5 + 2) / 2 = 1.75.
        double[] y = [1, 3, 2, 4, 3, 5, 4, 6];
        var result = RollingOrigin.Run(y, [new SeasonalNaive(2), new MeanForecaster()], 2, new RollingOriginConfig(2, 2));
        Assert.Equal(1.0, result.Errors[0].Mae, 12);
        Assert.Equal(1.0, result.Errors[0].Mase!.Value, 12);
        Assert.Equal(1.75, result.Errors[1].Mae, 12);
        Assert.Equal(1.75, result.Errors[1].Mase!.Value, 12);
        Assert.Equal([3.0, 5], result.Errors[0].LastForecast);
        Assert.Equal(["seasonal", "seasonal"], result.ScaleKinds);
    }

    [Fact]
    public void Mase_on_a_flat_history_has_no_scale_and_never_divides_by_zero()
    {
        // Constant history, then a jump: both MASE scales are 0, so MASE is undefined (null), MAE still counts.
        double[] y = [2, 2, 2, 2, 2, 2, 5, 5];
        var result = RollingOrigin.Run(y, [new SeasonalNaive(2)], 2, new RollingOriginConfig(1, 2));
        Assert.Null(result.Errors[0].Mase);
        Assert.Equal(3.0, result.Errors[0].Mae, 12);
        Assert.Equal(["none"], result.ScaleKinds);
        Assert.Equal((0.0, "none"), RollingOrigin.Scale([2, 2, 2, 2], 2));
    }

    [Fact]
    public void A_history_repeating_every_season_falls_back_to_the_lag_one_scale()
    {
        // 1 2 1 2 1 2 with m = 2: seasonal scale 0, lag-1 scale (5 x 1) / 5 = 1.
        Assert.Equal((1.0, "lag1"), RollingOrigin.Scale([1, 2, 1, 2, 1, 2], 2));
        double[] y = [1, 2, 1, 2, 1, 2, 1, 4];
        var result = RollingOrigin.Run(y, [new SeasonalNaive(2)], 2, new RollingOriginConfig(1, 2));
        Assert.Equal(1.0, result.Errors[0].Mae, 12);
        Assert.Equal(1.0, result.Errors[0].Mase!.Value, 12);
    }

    [Fact]
    public void Too_many_origins_for_the_series_is_a_clear_error()
    {
        var e = Assert.Throws<ArgumentException>(() => RollingOrigin.Run([1, 2, 3, 4], [new SeasonalNaive(1)], 1, new RollingOriginConfig(2, 2)));
        Assert.Contains("4 bins", e.Message);
    }
}
