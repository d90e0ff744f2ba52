namespace SocialFusion.Analytics.Forecasting;

/// <summary>The JSON shape of a <see cref="ForecastComparison"/> (aggregates only: series are hashtags and places, no user).</summary>
public static class ForecastJson
{
    /// <summary>A serialisable object for <c>analyze forecast --json</c>.</summary>
    public static object Of(ForecastComparison r) => new
    {
        bin = r.Bin.ToString().ToLowerInvariant(),
        clock = r.Clock.ToString().ToLowerInvariant(),
        seasonal_period = r.Period,
        horizon = r.Horizon,
        origins = r.Origins,
        series_count = r.Series.Count,
        methods = r.Methods.Select(m => new
        {
            method = m.Method, mean_mae = m.MeanMae, mean_mase = m.MeanMase, mase_series = m.MaseSeries,
            beats_seasonal_naive = m.BeatsSeasonalNaive, ties_seasonal_naive = m.TiesSeasonalNaive, mase_below_one = m.MaseBelowOne,
        }),
        series = r.Series.Select(s => new
        {
            kind = s.Series.Kind, name = s.Series.Name, posts = s.Series.Counts.Sum(), bins = s.Series.Counts.Length,
            mase_scale = s.Backtest.ScaleKinds,
            errors = s.Backtest.Errors.Select(e => new { method = e.Method, mae = e.Mae, mase = e.Mase }),
        }),
        skipped = r.Skipped.Select(s => new { series = s.Series, reason = s.Reason }),
    };
}
