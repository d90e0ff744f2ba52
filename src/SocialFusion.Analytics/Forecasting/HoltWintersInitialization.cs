namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// The heuristic initial states of additive Holt-Winters (Hyndman, Koehler, Ord and Snyder, <i>Forecasting with
/// Exponential Smoothing: The State Space Approach</i>, Springer 2008, section 2.6.1), computed as statsmodels'
/// <c>initialization_method="heuristic"</c> computes them, step for step, so that the fitted smoothing parameters can
/// be compared with its fit.
/// </summary>
public static class HoltWintersInitialization
{
    /// <summary>The fewest observations the heuristic accepts for period <paramref name="m"/>: 10 + 2 floor(m / 2), and two full seasons.</summary>
    public static int MinimumLength(int m) => Math.Max(Math.Max(10, 2 * m), 10 + 2 * (m / 2));

    /// <summary>Initial level, trend and the m seasonal states of the history <paramref name="y"/>.</summary>
    public static (double Level, double Trend, double[] Seasonal) Heuristic(double[] y, int m)
    {
        if (y.Length < MinimumLength(m))
            throw new ArgumentException($"holt-winters: the heuristic initialisation needs at least {MinimumLength(m)} values for period {m}, the history has {y.Length}.");
        // 1. A centred moving average (2 x m for even m) over the first k seasons, k in [ceil(minimum / m), 5].
        int minObs = 10 + 2 * (m / 2);
        int k = Math.Max(Math.Min(5, y.Length / m), (int)Math.Ceiling(minObs / (double)m));
        int len = Math.Min(y.Length, k * m);
        var trend = new double[len];
        Array.Fill(trend, double.NaN);
        for (int i = 0; i < len; i++)
        {
            if (m % 2 == 1)
            {
                if (i - m / 2 < 0 || i + m / 2 >= len) continue;
                trend[i] = Mean(y, i - m / 2, m);
            }
            else
            {
                // pandas' rolling(m, center=True) at i covers y[i - m/2 .. i + m/2 - 1]; then the mean of it at i and i + 1.
                if (i - m / 2 < 0 || i + 1 + m / 2 - 1 >= len) continue;
                trend[i] = (Mean(y, i - m / 2, m) + Mean(y, i + 1 - m / 2, m)) / 2;
            }
        }
        // 2. Seasonal states: the mean detrended value of each position in the season, centred on zero.
        var seasonal = new double[m];
        for (int j = 0; j < m; j++)
        {
            double sum = 0; int count = 0;
            for (int i = j; i < len; i += m)
                if (!double.IsNaN(trend[i])) { sum += y[i] - trend[i]; count++; }
            seasonal[j] = sum / count;
        }
        double centre = seasonal.Average();
        for (int j = 0; j < m; j++) seasonal[j] -= centre;
        // 3. Level and trend: least squares line through the first 10 moving-average values at t = 1..10.
        var first = trend.Where(v => !double.IsNaN(v)).Take(10).ToArray();
        double tMean = 5.5, vMean = first.Average(), sxy = 0, sxx = 0;
        for (int t = 0; t < 10; t++) { sxy += (t + 1 - tMean) * (first[t] - vMean); sxx += (t + 1 - tMean) * (t + 1 - tMean); }
        double slope = sxy / sxx;
        return (vMean - slope * tMean, slope, seasonal);
    }

    private static double Mean(double[] y, int start, int count)
    {
        double s = 0;
        for (int i = start; i < start + count; i++) s += y[i];
        return s / count;
    }
}
