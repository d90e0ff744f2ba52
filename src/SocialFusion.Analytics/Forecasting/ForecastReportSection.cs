using System.Globalization;
using System.Net;
using System.Text;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Reports;

namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// The report's forecasting section: the comparison table of <see cref="ForecastBacktest"/> and one series (the one
/// with most posts) with the last origin's forecasts of every method. Observed bins covering fewer than k distinct
/// users are suppressed (left as gaps); forecasts are model output and are drawn whole.
/// </summary>
public sealed class ForecastReportSection(ForecastComparison comparison, KAnonymity? privacy = null) : IReportSection
{
    private readonly KAnonymity _k = privacy ?? KAnonymity.Default;

    /// <inheritdoc />
    public string Title => "Forecasting";

    private static string F(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
    private static string E(string s) => WebUtility.HtmlEncode(s);

    /// <inheritdoc />
    public void AppendBody(StringBuilder html)
    {
        var r = comparison;
        int n = r.Series.Count;
        html.Append($"<p>Rolling-origin backtest on {n} count series (hashtags and locations), {r.Bin.ToString().ToLowerInvariant()} bins in {r.Clock} time, ")
            .Append($"seasonal period {r.Period}, {r.Origins} origins, horizon {r.Horizon}. MASE scales each origin's MAE by the in-sample one-step seasonal naive MAE ")
            .Append("(lag-1 naive when that is 0; undefined and left out for a constant history).</p>");
        html.Append("<table><tr><th>method</th><th>mean MAE</th><th>mean MASE</th><th>beats seasonal naive (lower MAE)</th><th>MASE &lt; 1</th></tr>");
        for (int k = 0; k < r.Methods.Count; k++)
        {
            var m = r.Methods[k];
            string beats = k == 0 ? "baseline" : $"{m.BeatsSeasonalNaive} of {n} (ties {m.TiesSeasonalNaive})";
            html.Append($"<tr><td>{E(m.Method)}</td><td>{F(m.MeanMae)}</td><td>{F(m.MeanMase)}</td><td>{beats}</td><td>{m.MaseBelowOne} of {m.MaseSeries}</td></tr>");
        }
        html.Append("</table>");
        foreach (var (series, reason) in r.Skipped) html.Append($"<p class=\"note\">Skipped {E(series)}: {E(reason)}</p>");
        if (n == 0) return;
        var top = r.Series.MaxBy(s => s.Series.Counts.Sum())!;
        var c = top.Series;
        // The last origins' windows plus two seasons before them.
        int shown = Math.Min(c.Counts.Length, r.Origins * r.Horizon + 2 * r.Period);
        int from = c.Counts.Length - shown;
        var step = r.Bin == SeriesBin.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        string format = r.Bin == SeriesBin.Hour ? "MM-dd HH'h'" : "MM-dd";
        var x = Enumerable.Range(from, shown).Select(i => (c.Start + i * step).ToString(format, CultureInfo.InvariantCulture)).ToList();
        var observed = Enumerable.Range(from, shown).Select(i => _k.Cell(c.Counts[i], c.Users[i])).ToList();
        var forecasts = top.Backtest.Errors.Select(e => (e.Method, e.LastForecast)).ToList();
        html.Append("<div class=\"grid\">")
            .Append(SvgForecastChart.Render(x, observed, forecasts, $"{c.Kind} {c.Name}: posts per {r.Bin.ToString().ToLowerInvariant()} and the last origin's forecasts"))
            .Append("</div>");
    }
}
