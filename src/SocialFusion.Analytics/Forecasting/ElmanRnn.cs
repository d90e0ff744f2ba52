using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// How <see cref="ElmanRnn"/> trains. <see cref="Reference"/>: 8 hidden units, windows of two seasons (at least 8
/// steps), 300 Adam steps on batches of 16 windows, learning rate 0.01, gradient norm clipped at 5, seed 42.
/// </summary>
/// <param name="Hidden">Hidden units.</param>
/// <param name="WindowSeasons">Length of a training window (the BPTT length) in seasonal periods.</param>
/// <param name="MinWindow">Shortest window, for short periods.</param>
/// <param name="Steps">Adam steps.</param>
/// <param name="Batch">Windows per step, drawn uniformly from the history.</param>
/// <param name="LearningRate">Adam's step size.</param>
/// <param name="ClipNorm">Largest gradient norm (the gradient is rescaled beyond it: exploding BPTT gradients).</param>
/// <param name="Seed">Seeds the initial weights and the window draws: the same seed gives the same forecast.</param>
public sealed record ElmanConfig(
    int Hidden = 8, int WindowSeasons = 2, int MinWindow = 8, int Steps = 300, int Batch = 16,
    double LearningRate = 0.01, double ClipNorm = 5, ulong Seed = 42)
{
    /// <summary>The reference setting.</summary>
    public static ElmanConfig Reference { get; } = new();
}

/// <summary>
/// A small recurrent forecaster: an Elman network (Elman, "Finding structure in time", Cognitive Science 14, 1990),
/// h(t) = tanh(W x(t) + U h(t-1) + b), z^(t+1) = v.h(t) + c, trained by backpropagation through time
/// (Werbos 1990) with Adam (Kingma and Ba, ICLR 2015) on the squared one-step error over windows of the series.
/// </summary>
/// <remarks>
/// The series is standardised per history (z = (y - mean) / sd, sd = 1 for a flat history) so one learning rate suits
/// every series. The input at step t is x(t) = [z(t), z(t + 1 - m)]: the current value and the value one season before
/// the target, so the network can learn the seasonal pattern with few units rather than remember a whole season in its
/// state. Forecasts are recursive: each forecast is fed back as the next z(t). The state entering the forecast is
/// that of a window-long run over the end of the history, as in training.
/// </remarks>
public sealed class ElmanRnn(int period, ElmanConfig? config = null) : IForecaster
{
    private readonly ElmanConfig _config = config ?? ElmanConfig.Reference;

    /// <summary>The seasonal period m (the lag of the second input).</summary>
    public int Period { get; } = period > 0 ? period : throw new ArgumentOutOfRangeException(nameof(period), period, "the seasonal period must be at least 1");

    /// <inheritdoc />
    public string Name => "elman-rnn";

    private int Window => Math.Max(_config.MinWindow, _config.WindowSeasons * Period);

    /// <inheritdoc />
    public IForecastModel Fit(double[] history)
    {
        int window = Window;
        // The first window starts where the seasonal-lag input exists and needs one target after it.
        History.Check(history, Period + window, Name);
        double mean = history.Average();
        double sd = Math.Sqrt(history.Sum(y => (y - mean) * (y - mean)) / history.Length);
        if (sd < 1e-12) sd = 1;
        var z = history.Select(y => (y - mean) / sd).ToArray();
        var net = new ElmanNetwork(_config.Hidden);
        var rng = DemoRandom.Stream(_config.Seed, "elman");
        var theta = net.Initial(rng);
        var adam = new Adam(theta.Length, _config.LearningRate);
        var grad = new double[theta.Length];
        var g = new double[theta.Length];
        int firstStart = Period - 1, lastStart = z.Length - 1 - window;
        for (int step = 0; step < _config.Steps; step++)
        {
            Array.Clear(grad);
            for (int b = 0; b < _config.Batch; b++)
            {
                int s = rng.Next(firstStart, lastStart + 1);
                net.LossAndGradient(theta, z, Period, s, window, g);
                for (int i = 0; i < g.Length; i++) grad[i] += g[i] / _config.Batch;
            }
            double norm = Math.Sqrt(grad.Sum(v => v * v));
            if (norm > _config.ClipNorm) for (int i = 0; i < grad.Length; i++) grad[i] *= _config.ClipNorm / norm;
            adam.Step(theta, grad);
        }
        return new Model(net, theta, z, Period, window, mean, sd);
    }

    private sealed class Model(ElmanNetwork net, double[] theta, double[] z, int period, int window, double mean, double sd) : IForecastModel
    {
        public double[] Forecast(int horizon)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(horizon);
            var series = new List<double>(z);
            var f = new double[horizon];
            for (int h = 0; h < horizon; h++)
            {
                // Predict the value after the series from a window-long run ending at its last value.
                int s = series.Count - window;
                double next = net.Run(theta, series, period, s, window);
                series.Add(next);
                f[h] = next * sd + mean;
            }
            return f;
        }
    }
}

/// <summary>
/// Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015) with the paper's defaults
/// beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 and bias-corrected moments.
/// </summary>
internal sealed class Adam(int size, double learningRate)
{
    private readonly double[] _m = new double[size], _v = new double[size];
    private int _t;

    public void Step(double[] theta, double[] grad)
    {
        const double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        _t++;
        double c1 = 1 - Math.Pow(b1, _t), c2 = 1 - Math.Pow(b2, _t);
        for (int i = 0; i < theta.Length; i++)
        {
            _m[i] = b1 * _m[i] + (1 - b1) * grad[i];
            _v[i] = b2 * _v[i] + (1 - b2) * grad[i] * grad[i];
            theta[i] -= learningRate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + eps);
        }
    }
}
