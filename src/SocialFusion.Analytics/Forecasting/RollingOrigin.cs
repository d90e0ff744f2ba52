namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// Where a rolling-origin backtest forecasts from: <see cref="Origins"/> origins whose test windows of
/// <see cref="Horizon"/> bins tile the end of the series, the last one ending at its last bin.
/// </summary>
/// <param name="Origins">Number of forecast origins.</param>
/// <param name="Horizon">Bins forecast from each origin.</param>
public sealed record RollingOriginConfig(int Origins, int Horizon)
{
    /// <summary>Origin i (0-based, oldest first) of a series of <paramref name="length"/> bins: the history is bins 0 .. origin - 1.</summary>
    public int Origin(int length, int i) => length - (Origins - i) * Horizon;
}

/// <summary>One method's errors on one series over every origin.</summary>
/// <param name="Method">The forecaster's name.</param>
/// <param name="Mae">Mean absolute error over every origin and step.</param>
/// <param name="Mase">Mean over origins of MAE / scale, or null when no origin had a non-zero scale (see <see cref="RollingOrigin.Scale"/>).</param>
/// <param name="LastForecast">The forecast from the last origin (for plots).</param>
public sealed record MethodErrors(string Method, double Mae, double? Mase, double[] LastForecast);

/// <summary>The backtest of one series.</summary>
/// <param name="Errors">One entry per method, in the order given.</param>
/// <param name="ScaleKinds">Per origin, which scale MASE used: <c>seasonal</c>, <c>lag1</c> or <c>none</c>.</param>
public sealed record SeriesBacktest(IReadOnlyList<MethodErrors> Errors, IReadOnlyList<string> ScaleKinds);

/// <summary>
/// Rolling-origin evaluation (Tashman, "Out-of-sample tests of forecasting accuracy", IJF 16, 2000): each method is
/// refitted at every origin on the history before it and scored on the next <c>Horizon</c> bins, by MAE and by MASE
/// (Hyndman and Koehler, "Another look at measures of forecast accuracy", IJF 22, 2006), the MAE divided by the
/// in-sample MAE of the one-step seasonal naive forecast on that origin's history.
/// </summary>
public static class RollingOrigin
{
    /// <summary>Backtests every method on <paramref name="series"/>.</summary>
    /// <exception cref="ArgumentException">The series is too short for the origins asked for.</exception>
    public static SeriesBacktest Run(double[] series, IReadOnlyList<IForecaster> methods, int period, RollingOriginConfig config)
    {
        if (config.Origins < 1 || config.Horizon < 1)
            throw new ArgumentException($"rolling origin: origins ({config.Origins}) and horizon ({config.Horizon}) must be at least 1.");
        int first = config.Origin(series.Length, 0);
        if (first < 2)
            throw new ArgumentException($"rolling origin: a series of {series.Length} bins leaves {first} bins of history before the first of {config.Origins} origins with horizon {config.Horizon}.");
        var absSum = new double[methods.Count];
        var maseSum = new double[methods.Count];
        var last = new double[methods.Count][];
        var kinds = new List<string>();
        int scaled = 0;
        for (int o = 0; o < config.Origins; o++)
        {
            int origin = config.Origin(series.Length, o);
            var history = series[..origin];
            var (scale, kind) = Scale(history, period);
            kinds.Add(kind);
            if (scale > 0) scaled++;
            for (int k = 0; k < methods.Count; k++)
            {
                var f = methods[k].Fit(history).Forecast(config.Horizon);
                double abs = 0;
                for (int h = 0; h < config.Horizon; h++) abs += Math.Abs(f[h] - series[origin + h]);
                absSum[k] += abs;
                if (scale > 0) maseSum[k] += abs / config.Horizon / scale;
                last[k] = f;
            }
        }
        var errors = methods.Select((m, k) => new MethodErrors(m.Name, absSum[k] / (config.Origins * config.Horizon),
            scaled > 0 ? maseSum[k] / scaled : null, last[k])).ToList();
        return new SeriesBacktest(errors, kinds);
    }

    /// <summary>
    /// The MASE scale of a history: the in-sample MAE of the one-step seasonal naive forecast,
    /// (1 / (T - m)) sum_{t=m}^{T-1} |y(t) - y(t - m)|. When it is 0 (the history repeats every season exactly, e.g. a
    /// flat series) the fallback is the lag-1 naive MAE; when that is 0 too (a constant history) there is no scale,
    /// MASE is not defined for that origin and is left out of the mean (the MAE still counts). Never divides by zero.
    /// </summary>
    public static (double Scale, string Kind) Scale(double[] history, int period)
    {
        double seasonal = NaiveMae(history, period);
        if (seasonal > 0) return (seasonal, "seasonal");
        double lag1 = NaiveMae(history, 1);
        return lag1 > 0 ? (lag1, "lag1") : (0, "none");
    }

    private static double NaiveMae(double[] y, int lag)
    {
        if (y.Length <= lag) return 0;
        double sum = 0;
        for (int t = lag; t < y.Length; t++) sum += Math.Abs(y[t] - y[t - lag]);
        return sum / (y.Length - lag);
    }
}
