namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// How <see cref="HoltWinters"/> fits. <see cref="Reference"/> is statsmodels' <c>ExponentialSmoothing</c> default
/// search region: alpha in (0, 1), beta in [0, alpha], gamma in [0, 1 - alpha], phi in [0.8, 0.995], a 29-point brute
/// grid for the starting values, then a bounded Nelder-Mead with restarts.
/// </summary>
/// <param name="PhiLower">Smallest damping factor.</param>
/// <param name="PhiUpper">Largest damping factor (below 1: a damped trend).</param>
/// <param name="GridPoints">Points of alpha in the brute-force start grid (statsmodels: 87 / 3 = 29).</param>
/// <param name="MaxEvaluations">SSE evaluations per Nelder-Mead run.</param>
/// <param name="Restarts">Nelder-Mead restarts from the best point so far (a fresh simplex escapes a collapsed one).</param>
public sealed record HoltWintersConfig(double PhiLower = 0.8, double PhiUpper = 0.995, int GridPoints = 29, int MaxEvaluations = 4000, int Restarts = 3)
{
    /// <summary>The reference setting.</summary>
    public static HoltWintersConfig Reference { get; } = new();
}

/// <summary>
/// Additive Holt-Winters with a damped additive trend (Holt 1957, Winters 1960; damping by Gardner and McKenzie,
/// "Forecasting trends in time series", Management Science 31, 1985), in the error-correction form of Hyndman et al.
/// (2008, table 2.1, A_d,A) as statsmodels writes it:
/// <code>
/// l(t) = alpha (y(t) - s(t-m)) + (1 - alpha)(l(t-1) + phi b(t-1))
/// b(t) = beta (l(t) - l(t-1)) + (1 - beta) phi b(t-1)
/// s(t) = gamma (y(t) - l(t-1) - phi b(t-1)) + (1 - gamma) s(t-m)
/// y^(t+h|t) = l(t) + (phi + ... + phi^h) b(t) + s(t + h - m(k+1)),  k = floor((h-1)/m)
/// </code>
/// The initial states come from <see cref="HoltWintersInitialization.Heuristic"/>; alpha, beta, gamma and phi minimise
/// the sum of squared one-step errors.
/// </summary>
public sealed class HoltWinters(int period, HoltWintersConfig? config = null) : IForecaster
{
    // statsmodels keeps alpha strictly inside (0, 1) by this margin.
    private static readonly double LowerBound = Math.Sqrt(Math.Pow(2, -52));
    private readonly HoltWintersConfig _config = config ?? HoltWintersConfig.Reference;

    /// <summary>The seasonal period m.</summary>
    public int Period { get; } = period > 0 ? period : throw new ArgumentOutOfRangeException(nameof(period), period, "the seasonal period must be at least 1");

    /// <inheritdoc />
    public string Name => "holt-winters";

    /// <inheritdoc />
    IForecastModel IForecaster.Fit(double[] history) => Fit(history);

    /// <summary>Fits the smoothing parameters on <paramref name="history"/>.</summary>
    public HoltWintersModel Fit(double[] history)
    {
        int m = Period;
        History.Check(history, HoltWintersInitialization.MinimumLength(m), Name);
        var (l0, b0, s0) = HoltWintersInitialization.Heuristic(history, m);
        double Sse(double a, double b, double g, double phi) => Smooth(history, m, a, b, g, phi, l0, b0, s0, null).Sse;
        // The search runs in statsmodels' unrestricted box: u = (alpha*, beta / alpha, gamma / (1 - alpha), phi).
        double[] Restrict(double[] u) => [LowerBound + u[0] * (1 - 2 * LowerBound), u[1] * Alpha(u), u[2] * (1 - Alpha(u)), u[3]];
        double Alpha(double[] u) => LowerBound + u[0] * (1 - 2 * LowerBound);
        double Objective(double[] u) { var p = Restrict(u); return Sse(p[0], p[1], p[2], p[3]); }

        var start = BruteStart(Sse);
        var lower = new[] { 0.0, 0, 0, _config.PhiLower };
        var upper = new[] { 1.0, 1, 1, _config.PhiUpper };
        var best = (X: start, Value: Objective(start));
        for (int r = 0; r <= _config.Restarts; r++)
        {
            var run = NelderMead.Minimize(Objective, best.X, lower, upper, maxEvaluations: _config.MaxEvaluations);
            bool improved = run.Value < best.Value * (1 - 1e-12) - 1e-300;
            if (run.Value <= best.Value) best = (run.X, run.Value);
            if (!improved && r > 0) break;
        }
        var p = Restrict(best.X);
        var fitted = new double[history.Length];
        var end = Smooth(history, m, p[0], p[1], p[2], p[3], l0, b0, s0, fitted);
        return new HoltWintersModel(p[0], p[1], p[2], p[3], l0, b0, s0, end.Sse, fitted, end.Level, end.Trend, end.Seasonal);
    }

    /// <summary>
    /// statsmodels' brute-force start: alpha on a grid inside (0, 1), beta on ceil(n sqrt(alpha)) points of [0, alpha],
    /// gamma on ceil(n sqrt(1 - alpha)) points of [0, 1 - alpha], phi = 0.99; the best point, nudged off the bounds
    /// by 1e-4, in the unrestricted box.
    /// </summary>
    private double[] BruteStart(Func<double, double, double, double, double> sse)
    {
        int ns = _config.GridPoints;
        double phi = Math.Clamp(0.99, _config.PhiLower, _config.PhiUpper);
        (double A, double B, double G) best = (0.5, 0.05, 0.05);
        double bestValue = double.PositiveInfinity;
        foreach (double a in Linspace(0.005, 0.995, ns))
            foreach (double b in Linspace(0, a, (int)Math.Ceiling(ns * Math.Sqrt(a))))
                foreach (double g in Linspace(0, 1 - a, (int)Math.Ceiling(ns * Math.Sqrt(1 - a))))
                {
                    double v = sse(a, b, g, phi);
                    if (v < bestValue) { bestValue = v; best = (a, b, g); }
                }
        double bb = Math.Max(best.B, 1e-4), gg = Math.Max(best.G, 1e-4);
        return [(best.A - LowerBound) / (1 - 2 * LowerBound), Math.Min(1, bb / best.A), Math.Min(1, gg / (1 - best.A)), phi];
    }

    private static IEnumerable<double> Linspace(double lo, double hi, int n)
    {
        for (int i = 0; i < n; i++) yield return n == 1 ? lo : lo + (hi - lo) * i / (n - 1);
    }

    /// <summary>
    /// Runs the recursions over <paramref name="y"/>: the SSE of the one-step errors, the final states, and (when
    /// <paramref name="fitted"/> is given) each one-step prediction.
    /// </summary>
    internal static (double Sse, double Level, double Trend, double[] Seasonal) Smooth(
        double[] y, int m, double alpha, double beta, double gamma, double phi, double l0, double b0, double[] s0, double[]? fitted)
    {
        var s = new double[y.Length + m];
        Array.Copy(s0, s, m);
        double l = l0, b = b0, sse = 0;
        for (int t = 0; t < y.Length; t++)
        {
            double damped = l + phi * b;
            double prediction = damped + s[t];
            if (fitted != null) fitted[t] = prediction;
            sse += (y[t] - prediction) * (y[t] - prediction);
            double level = alpha * (y[t] - s[t]) + (1 - alpha) * damped;
            b = beta * (level - l) + (1 - beta) * phi * b;
            s[t + m] = gamma * (y[t] - damped) + (1 - gamma) * s[t];
            l = level;
        }
        return (sse, l, b, s[y.Length..]);
    }
}

/// <summary>A fitted Holt-Winters model: its parameters, initial and final states, SSE and one-step fitted values.</summary>
public sealed record HoltWintersModel(
    double Alpha, double Beta, double Gamma, double Phi, double InitialLevel, double InitialTrend, double[] InitialSeasonal,
    double Sse, double[] Fitted, double Level, double Trend, double[] Seasonal) : IForecastModel
{
    /// <inheritdoc />
    public double[] Forecast(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(horizon);
        var f = new double[horizon];
        double damp = 0, power = 1;
        for (int h = 1; h <= horizon; h++)
        {
            power *= Phi;
            damp += power;
            f[h - 1] = Level + damp * Trend + Seasonal[(h - 1) % Seasonal.Length];
        }
        return f;
    }
}
