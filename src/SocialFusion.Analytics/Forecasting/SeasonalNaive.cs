namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// The seasonal naive method (Hyndman and Athanasopoulos, <i>Forecasting: Principles and Practice</i>, 3rd ed.,
/// section 5.2): each forecast is the last observed value of the same season,
/// y^(T+h) = y(T + h - m(k + 1)) with k = floor((h - 1) / m). The baseline every other method is compared with, and
/// (one step ahead, in sample) the scale of MASE.
/// </summary>
/// <param name="period">The seasonal period m in bins (24 for hourly, 7 for daily series).</param>
public sealed class SeasonalNaive(int period) : IForecaster
{
    /// <summary>The seasonal period m.</summary>
    public int Period { get; } = period > 0 ? period : throw new ArgumentOutOfRangeException(nameof(period), period, "the seasonal period must be at least 1");

    /// <inheritdoc />
    public string Name => "seasonal-naive";

    /// <inheritdoc />
    public IForecastModel Fit(double[] history)
    {
        History.Check(history, Period, Name);
        return new Model(history[^Period..]);
    }

    private sealed class Model(double[] lastSeason) : IForecastModel
    {
        public double[] Forecast(int horizon)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(horizon);
            var f = new double[horizon];
            for (int h = 0; h < horizon; h++) f[h] = lastSeason[h % lastSeason.Length];
            return f;
        }
    }
}
