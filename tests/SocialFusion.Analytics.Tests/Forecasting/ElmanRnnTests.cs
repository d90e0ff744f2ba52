using SocialFusion.Analytics.Forecasting;
using SocialFusion.Data.Demo;
using Xunit;

namespace SocialFusion.Analytics.Tests.Forecasting;

public class ElmanRnnTests
{
    [Fact]
    public void Bptt_gradient_matches_central_finite_differences()
    {
        var net = new ElmanNetwork(4);
        var theta = net.Initial(DemoRandom.Stream(7, "gradcheck"));
        var rng = DemoRandom.Stream(8, "series");
        var z = Enumerable.Range(0, 30).Select(t => Math.Sin(t * 0.7) + 0.3 * (rng.NextDouble() - 0.5)).ToArray();
        const int period = 5, start = 4, window = 12;
        var grad = new double[net.Size];
        net.LossAndGradient(theta, z, period, start, window, grad);
        var scratch = new double[net.Size];
        const double eps = 1e-6;
        for (int i = 0; i < net.Size; i++)
        {
            double keep = theta[i];
            theta[i] = keep + eps; double up = net.LossAndGradient(theta, z, period, start, window, scratch);
            theta[i] = keep - eps; double down = net.LossAndGradient(theta, z, period, start, window, scratch);
            theta[i] = keep;
            double numeric = (up - down) / (2 * eps);
            Assert.True(Math.Abs(numeric - grad[i]) <= 1e-6 * Math.Max(1, Math.Abs(numeric)), $"parameter {i}: BPTT {grad[i]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void Overfits_a_short_sine_wave()
    {
        // A sine of period 10 told the wrong season (m = 7), so the lag input does not give the answer away: the
        // network has to learn the oscillation in its state. 80 points, forecast the next 10.
        double Y(int t) => 5 + 3 * Math.Sin(2 * Math.PI * t / 10);
        var history = Enumerable.Range(0, 80).Select(Y).ToArray();
        var rnn = new ElmanRnn(7, ElmanConfig.Reference with { Steps = 1500 });
        var f = rnn.Fit(history).Forecast(10);
        double mae = f.Select((v, h) => Math.Abs(v - Y(80 + h))).Average();
        Assert.True(mae < 0.15, $"MAE {mae} on an amplitude-3 sine");
        // And far better than the (wrong-season) seasonal naive.
        double naive = new SeasonalNaive(7).Fit(history).Forecast(10).Select((v, h) => Math.Abs(v - Y(80 + h))).Average();
        Assert.True(mae < naive / 5, $"RNN {mae} vs seasonal naive {naive}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_forecast_and_a_flat_series_stays_flat()
    {
        var y = Enumerable.Range(0, 60).Select(t => (double)(t % 7) + (t % 3)).ToArray();
        Assert.Equal(new ElmanRnn(7).Fit(y).Forecast(5), new ElmanRnn(7).Fit(y).Forecast(5));
        var flat = new ElmanRnn(7).Fit(Enumerable.Repeat(4.0, 40).ToArray()).Forecast(3);
        Assert.All(flat, v => Assert.InRange(v, 3.99, 4.01));
    }
}
