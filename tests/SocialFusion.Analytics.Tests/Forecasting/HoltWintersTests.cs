using System.Text.Json;
using SocialFusion.Analytics.Forecasting;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Forecasting;

/// <summary>
/// Holt-Winters against statsmodels' ExponentialSmoothing (A_d, A, heuristic initialisation), values computed once by
/// <c>reference/make_holtwinters_reference.py</c> and committed in <c>reference/holtwinters_reference.json</c>.
/// </summary>
public class HoltWintersTests
{
    /// <summary>
    /// Forecast tolerance relative to the series' scale (its standard deviation, or 1 when flat): the optimisers differ
    /// (bounded Nelder-Mead here, SLSQP from the same brute-force start there) and stop at slightly different points of
    /// flat SSE valleys (parameters at a bound, beta = alpha); the largest difference measured is far below it.
    /// </summary>
    public const double ForecastTolerance = 1e-3;

    public static TheoryData<string> Cases() => [.. Reference().Select(c => c.GetProperty("name").GetString()!)];

    private static IEnumerable<JsonElement> Reference()
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "SocialFusion.Analytics.Tests", "Forecasting", "reference", "holtwinters_reference.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToList();
    }

    private static double[] Array(JsonElement c, string name) => [.. c.GetProperty(name).EnumerateArray().Select(v => v.GetDouble())];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Initial_states_equal_statsmodels_heuristic(string name)
    {
        var c = Reference().Single(x => x.GetProperty("name").GetString() == name);
        var r = c.GetProperty("heuristic_fixed");
        var (level, trend, seasonal) = HoltWintersInitialization.Heuristic(Array(c, "series"), c.GetProperty("period").GetInt32());
        Assert.Equal(r.GetProperty("initial_level").GetDouble(), level, 9);
        Assert.Equal(r.GetProperty("initial_trend").GetDouble(), trend, 9);
        var want = Array(r, "initial_seasonal");
        for (int j = 0; j < want.Length; j++) Assert.Equal(want[j], seasonal[j], 9);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fit_matches_statsmodels_within_tolerance(string name)
    {
        var c = Reference().Single(x => x.GetProperty("name").GetString() == name);
        var y = Array(c, "series");
        var r = c.GetProperty("heuristic_fixed");
        var model = new HoltWinters(c.GetProperty("period").GetInt32()).Fit(y);
        double mean = y.Average(), sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Length);
        double scale = sd > 0 ? sd : 1;
        // Our SSE is no worse than statsmodels' beyond rounding: both minimise the same function.
        double sse = r.GetProperty("sse").GetDouble();
        Assert.True(model.Sse <= sse * (1 + 1e-3) + 1e-9 * scale * scale, $"{name}: SSE {model.Sse} vs statsmodels {sse}");
        var forecast = model.Forecast(c.GetProperty("horizon").GetInt32());
        var want = Array(r, "forecast_hyndman");
        double worst = forecast.Zip(want, (a, b) => Math.Abs(a - b)).Max() / scale;
        Assert.True(worst <= ForecastTolerance, $"{name}: largest forecast difference {worst:G4} x sd (tolerance {ForecastTolerance}); ours a={model.Alpha} b={model.Beta} g={model.Gamma} phi={model.Phi} sse={model.Sse}");
        var fitted = Array(r, "fitted");
        double worstFitted = model.Fitted.Zip(fitted, (a, b) => Math.Abs(a - b)).Max() / scale;
        Assert.True(worstFitted <= ForecastTolerance, $"{name}: largest fitted-value difference {worstFitted:G4} x sd");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void With_statsmodels_parameters_the_recursions_give_its_fitted_values_and_forecasts(string name)
    {
        var c = Reference().Single(x => x.GetProperty("name").GetString() == name);
        var r = c.GetProperty("heuristic_fixed");
        var y = Array(c, "series");
        double P(string p) => r.GetProperty(p).GetDouble();
        var s0 = Array(r, "initial_seasonal");
        var fitted = new double[y.Length];
        var (sse, l, b, s) = HoltWinters.Smooth(y, s0.Length, P("alpha"), P("beta"), P("gamma"), P("phi"), P("initial_level"), P("initial_trend"), s0, fitted);
        var want = Array(r, "fitted");
        for (int t = 0; t < y.Length; t++) Assert.Equal(want[t], fitted[t], 8);
        Assert.Equal(P("sse"), sse, 6);
        var model = new HoltWintersModel(P("alpha"), P("beta"), P("gamma"), P("phi"), P("initial_level"), P("initial_trend"), s0, sse, fitted, l, b, s);
        var forecast = model.Forecast(c.GetProperty("horizon").GetInt32());
        // Hyndman's forecast from statsmodels' final states; statsmodels' own forecast() equals it except at h = m, 2m, ...
        // where it uses the last observation's seasonal state from before its update (statsmodels #9538, fixed in #10230).
        var hyndman = Array(r, "forecast_hyndman");
        var raw = Array(r, "forecast");
        int m = s0.Length;
        for (int h = 0; h < forecast.Length; h++)
        {
            Assert.Equal(hyndman[h], forecast[h], 8);
            if ((h + 1) % m != 0) Assert.Equal(raw[h], forecast[h], 8);
        }
    }

    [Fact]
    public void Recursions_and_forecast_by_hand()
    {
        // m = 2, alpha = 0.5, beta = 0.5, gamma = 0.5, phi = 0.9, l0 = 10, b0 = 1, s0 = (1, -1); y = (12, 9).
        // t=0: pred 10 + 0.9 + 1 = 11.9; l = 0.5 (12 - 1) + 0.5 * 10.9 = 10.95; b = 0.5 (0.95) + 0.5 * 0.9 = 0.925;
        //      s2 = 0.5 (12 - 10.9) + 0.5 * 1 = 1.05.
        // t=1: pred 10.95 + 0.8325 - 1 = 10.7825; l = 0.5 (9 + 1) + 0.5 * 11.7825 = 10.89125;
        //      b = 0.5 (10.89125 - 10.95) + 0.5 * 0.8325 = 0.386875; s3 = 0.5 (9 - 11.7825) + 0.5 (-1) = -1.89125.
        // forecast h=1: 10.89125 + 0.9 * 0.386875 + 1.05; h=2: + (0.9 + 0.81) * 0.386875 - 1.89125.
        var fitted = new double[2];
        var (sse, l, b, s) = HoltWinters.Smooth([12, 9], 2, 0.5, 0.5, 0.5, 0.9, 10, 1, [1, -1], fitted);
        Assert.Equal(11.9, fitted[0], 12);
        Assert.Equal(10.7825, fitted[1], 12);
        Assert.Equal(0.1 * 0.1 + 1.7825 * 1.7825, sse, 12);
        Assert.Equal(10.89125, l, 12);
        Assert.Equal(0.386875, b, 12);
        Assert.Equal(1.05, s[0], 12);
        Assert.Equal(-1.89125, s[1], 12);
        var model = new HoltWintersModel(0.5, 0.5, 0.5, 0.9, 10, 1, [1, -1], sse, fitted, l, b, s);
        var f = model.Forecast(3);
        Assert.Equal(10.89125 + 0.9 * 0.386875 + 1.05, f[0], 12);
        Assert.Equal(10.89125 + 1.71 * 0.386875 - 1.89125, f[1], 12);
        Assert.Equal(10.89125 + 2.439 * 0.386875 + 1.05, f[2], 12);
    }

    [Fact]
    public void Too_short_a_history_is_refused_with_the_reason()
    {
        var e = Assert.Throws<ArgumentException>(() => new HoltWinters(7).Fit(new double[15]));
        Assert.Contains("16", e.Message);
    }
}
