using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// The Elman network behind <see cref="ElmanRnn"/> with its parameters in one flat vector (for Adam and the gradient
/// check): W [H x 2] (inputs z(t), z(t + 1 - m)), U [H x H], b [H], v [H], c. Loss over a window of W steps starting at
/// s: L = (1/W) sum_t (z^(t+1) - z(t+1))^2, t = s .. s + W - 1, with h(s - 1) = 0.
/// </summary>
internal sealed class ElmanNetwork(int hidden)
{
    private const int Inputs = 2;
    private readonly int _h = hidden > 0 ? hidden : throw new ArgumentOutOfRangeException(nameof(hidden), hidden, "at least one hidden unit");

    public int Size => _h * Inputs + _h * _h + _h + _h + 1;
    private int UOffset => _h * Inputs;
    private int BOffset => UOffset + _h * _h;
    private int VOffset => BOffset + _h;
    private int COffset => VOffset + _h;

    /// <summary>Glorot-uniform input and recurrent weights, zero biases and a small output layer.</summary>
    public double[] Initial(DemoRandom rng)
    {
        var theta = new double[Size];
        double wi = Math.Sqrt(6.0 / (Inputs + _h)), wu = Math.Sqrt(6.0 / (2 * _h)), wv = Math.Sqrt(6.0 / (_h + 1));
        for (int i = 0; i < UOffset; i++) theta[i] = (2 * rng.NextDouble() - 1) * wi;
        for (int i = UOffset; i < BOffset; i++) theta[i] = (2 * rng.NextDouble() - 1) * wu;
        for (int i = VOffset; i < COffset; i++) theta[i] = (2 * rng.NextDouble() - 1) * wv;
        return theta;
    }

    /// <summary>The prediction of z(s + window) after running over z(s .. s + window - 1).</summary>
    public double Run(double[] theta, IReadOnlyList<double> z, int period, int s, int window)
    {
        var h = new double[_h];
        var next = new double[_h];
        for (int t = s; t < s + window; t++)
        {
            Cell(theta, h, z[t], z[t + 1 - period], next);
            (h, next) = (next, h);
        }
        return Output(theta, h);
    }

    /// <summary>The window's loss; its gradient with respect to every parameter (BPTT) goes into <paramref name="grad"/>.</summary>
    public double LossAndGradient(double[] theta, IReadOnlyList<double> z, int period, int s, int window, double[] grad)
    {
        Array.Clear(grad);
        var hs = new double[window + 1][]; // hs[k] = h(s + k - 1); hs[0] = 0
        hs[0] = new double[_h];
        var err = new double[window];
        double loss = 0;
        for (int k = 0; k < window; k++)
        {
            int t = s + k;
            hs[k + 1] = new double[_h];
            Cell(theta, hs[k], z[t], z[t + 1 - period], hs[k + 1]);
            err[k] = Output(theta, hs[k + 1]) - z[t + 1];
            loss += err[k] * err[k];
        }
        // Backward through time: dh carries dL/dh(t) from later steps.
        var dh = new double[_h];
        var da = new double[_h];
        for (int k = window - 1; k >= 0; k--)
        {
            int t = s + k;
            double dy = 2 * err[k] / window;
            var h = hs[k + 1];
            grad[COffset] += dy;
            for (int j = 0; j < _h; j++)
            {
                grad[VOffset + j] += dy * h[j];
                dh[j] += dy * theta[VOffset + j];
                da[j] = dh[j] * (1 - h[j] * h[j]);
            }
            double x0 = z[t], x1 = z[t + 1 - period];
            var hp = hs[k];
            for (int j = 0; j < _h; j++)
            {
                grad[j * Inputs] += da[j] * x0;
                grad[j * Inputs + 1] += da[j] * x1;
                grad[BOffset + j] += da[j];
                for (int i = 0; i < _h; i++) grad[UOffset + j * _h + i] += da[j] * hp[i];
            }
            for (int i = 0; i < _h; i++)
            {
                double sum = 0;
                for (int j = 0; j < _h; j++) sum += theta[UOffset + j * _h + i] * da[j];
                dh[i] = sum;
            }
        }
        return loss / window;
    }

    private void Cell(double[] theta, double[] h, double x0, double x1, double[] next)
    {
        for (int j = 0; j < _h; j++)
        {
            double a = theta[j * Inputs] * x0 + theta[j * Inputs + 1] * x1 + theta[BOffset + j];
            for (int i = 0; i < _h; i++) a += theta[UOffset + j * _h + i] * h[i];
            next[j] = Math.Tanh(a);
        }
    }

    private double Output(double[] theta, double[] h)
    {
        double y = theta[COffset];
        for (int j = 0; j < _h; j++) y += theta[VOffset + j] * h[j];
        return y;
    }
}
