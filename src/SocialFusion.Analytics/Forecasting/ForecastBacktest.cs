using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// What <see cref="ForecastBacktest.Run"/> compares. <see cref="Reference"/>: the reference series (daily UTC counts,
/// period 7), 5 origins, a horizon of one season, the reference Holt-Winters and Elman settings.
/// </summary>
/// <param name="Series">Which count series to take from the store (and so the bin and seasonal period).</param>
/// <param name="Origins">Rolling origins per series.</param>
/// <param name="Horizon">Bins forecast from each origin; null = one seasonal period (7 days or 24 hours).</param>
/// <param name="HoltWinters">Holt-Winters fitting.</param>
/// <param name="Rnn">Elman RNN training.</param>
public sealed record ForecastOptions(ForecastSeriesConfig Series, int Origins, int? Horizon, HoltWintersConfig HoltWinters, ElmanConfig Rnn)
{
    /// <summary>The reference setting.</summary>
    public static ForecastOptions Reference { get; } = new(ForecastSeriesConfig.Reference, 5, null, HoltWintersConfig.Reference, ElmanConfig.Reference);

    /// <summary>The horizon in bins.</summary>
    public int HorizonBins => Horizon ?? Series.Period;
}

/// <summary>One method over every series.</summary>
/// <param name="Method">The forecaster's name.</param>
/// <param name="MeanMae">MAE averaged over series.</param>
/// <param name="MeanMase">MASE averaged over the series where it is defined (null when none).</param>
/// <param name="MaseSeries">Series with a defined MASE.</param>
/// <param name="BeatsSeasonalNaive">Series on which its MAE is lower than seasonal naive's.</param>
/// <param name="TiesSeasonalNaive">Series with the same MAE (to 1e-9 relative), e.g. a flat series both forecast exactly.</param>
/// <param name="MaseBelowOne">Series whose MASE is below 1 (better than the in-sample one-step seasonal naive).</param>
public sealed record MethodSummary(string Method, double MeanMae, double? MeanMase, int MaseSeries, int BeatsSeasonalNaive, int TiesSeasonalNaive, int MaseBelowOne);

/// <summary>One series' backtest.</summary>
public sealed record SeriesResult(CountSeries Series, SeriesBacktest Backtest);

/// <summary>The comparison: per method summaries, per series results, and the series left out with the reason.</summary>
public sealed record ForecastComparison(
    SeriesBin Bin, SeriesClock Clock, int Period, int Horizon, int Origins,
    IReadOnlyList<MethodSummary> Methods, IReadOnlyList<SeriesResult> Series, IReadOnlyList<(string Series, string Reason)> Skipped);

/// <summary>
/// The library entry point behind <c>analyze forecast</c>, the report section and the demo: reads the count series
/// from the store, backtests seasonal naive, Holt-Winters and the Elman RNN by rolling origin on each, and counts on
/// how many series each method beats seasonal naive.
/// </summary>
public static class ForecastBacktest
{
    /// <summary>The methods compared, seasonal naive first.</summary>
    public static IReadOnlyList<IForecaster> Methods(int period, ForecastOptions options) =>
        [new SeasonalNaive(period), new HoltWinters(period, options.HoltWinters), new ElmanRnn(period, options.Rnn)];

    /// <summary>Runs the comparison on the store's series.</summary>
    public static ForecastComparison Run(AnalyticsStore store, ForecastOptions? options = null)
    {
        options ??= ForecastOptions.Reference;
        return Run(ForecastSeries.Read(store.Connection, options.Series), options);
    }

    /// <summary>Runs the comparison on given series (each backtested independently, in parallel, results in order).</summary>
    public static ForecastComparison Run(IReadOnlyList<CountSeries> series, ForecastOptions options)
    {
        int period = options.Series.Period, horizon = options.HorizonBins;
        var config = new RollingOriginConfig(options.Origins, horizon);
        var methods = Methods(period, options);
        var results = new SeriesBacktest?[series.Count];
        var reasons = new string?[series.Count];
        Parallel.For(0, series.Count, i =>
        {
            try { results[i] = RollingOrigin.Run(series[i].Counts, methods, period, config); }
            // A series too short for a method costs that series only; the reason is reported.
            catch (ArgumentException e) { reasons[i] = e.Message; }
        });
        var done = new List<SeriesResult>();
        var skipped = new List<(string, string)>();
        for (int i = 0; i < series.Count; i++)
            if (results[i] is { } r) done.Add(new SeriesResult(series[i], r));
            else skipped.Add(($"{series[i].Kind} {series[i].Name}", reasons[i]!));
        return new ForecastComparison(options.Series.Bin, options.Series.Clock, period, horizon, options.Origins,
            Summarise(methods.Select(m => m.Name).ToList(), done.Select(d => d.Backtest).ToList()), done, skipped);
    }

    /// <summary>Per method: mean MAE and MASE, and wins, ties and MASE &lt; 1 against seasonal naive (method 0).</summary>
    public static IReadOnlyList<MethodSummary> Summarise(IReadOnlyList<string> methods, IReadOnlyList<SeriesBacktest> backtests)
    {
        var summaries = new List<MethodSummary>();
        for (int k = 0; k < methods.Count; k++)
        {
            int beats = 0, ties = 0, below = 0;
            var mases = new List<double>();
            double maeSum = 0;
            foreach (var b in backtests)
            {
                double mae = b.Errors[k].Mae, naive = b.Errors[0].Mae;
                maeSum += mae;
                if (Math.Abs(mae - naive) <= 1e-9 * (1 + Math.Abs(naive))) ties++;
                else if (mae < naive) beats++;
                if (b.Errors[k].Mase is { } mase) { mases.Add(mase); if (mase < 1) below++; }
            }
            summaries.Add(new MethodSummary(methods[k], backtests.Count == 0 ? double.NaN : maeSum / backtests.Count,
                mases.Count == 0 ? null : mases.Average(), mases.Count, beats, ties, below));
        }
        return summaries;
    }
}
