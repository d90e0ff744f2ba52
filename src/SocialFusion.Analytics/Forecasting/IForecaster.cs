namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// A forecasting method: fitted on the history of one series (oldest first, equally spaced bins), it returns a model
/// that forecasts the next bins. Implementations are deterministic: the same history (and seed) gives the same forecast.
/// </summary>
public interface IForecaster
{
    /// <summary>The method's name as it appears in tables and JSON (e.g. <c>seasonal-naive</c>).</summary>
    string Name { get; }

    /// <summary>Fits the method on <paramref name="history"/> (not modified).</summary>
    /// <exception cref="ArgumentException">The history is too short for the method or contains a non-finite value.</exception>
    IForecastModel Fit(double[] history);
}

/// <summary>A model fitted on one history.</summary>
public interface IForecastModel
{
    /// <summary>Forecasts for the <paramref name="horizon"/> bins after the history, nearest first.</summary>
    double[] Forecast(int horizon);
}

/// <summary>Checks shared by the forecasters.</summary>
internal static class History
{
    /// <summary>Throws unless every value is finite and there are at least <paramref name="minimum"/> of them.</summary>
    public static void Check(double[] history, int minimum, string method)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Length < minimum)
            throw new ArgumentException($"{method}: the history has {history.Length} values, fewer than the {minimum} it needs.", nameof(history));
        for (int i = 0; i < history.Length; i++)
            if (!double.IsFinite(history[i]))
                throw new ArgumentException($"{method}: history value {i} is {history[i]}, not a finite number.", nameof(history));
    }
}
