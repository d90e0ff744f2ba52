namespace SocialFusion.Analytics.Forecasting;

/// <summary>
/// The Nelder-Mead simplex method (Nelder and Mead, "A simplex method for function minimization", The Computer
/// Journal 7, 1965) with the standard coefficients (reflection 1, expansion 2, contraction 0.5, shrink 0.5), kept
/// inside a box by clamping every trial point to it. Stops when the simplex's values and its vertices have shrunk
/// below the tolerances, or after the evaluation budget.
/// </summary>
internal static class NelderMead
{
    public static (double[] X, double Value, int Evaluations) Minimize(
        Func<double[], double> f, double[] start, double[] lower, double[] upper,
        double step = 0.05, double xTolerance = 1e-10, double fTolerance = 1e-12, int maxEvaluations = 4000)
    {
        int n = start.Length, evals = 0;
        double Eval(double[] x) { evals++; return f(x); }
        double[] Clamp(double[] x) { for (int i = 0; i < n; i++) x[i] = Math.Clamp(x[i], lower[i], upper[i]); return x; }
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        simplex[0] = Clamp((double[])start.Clone());
        for (int i = 0; i < n; i++)
        {
            var v = (double[])simplex[0].Clone();
            // Step away from the nearer bound so that clamping cannot collapse the simplex.
            v[i] += v[i] + step <= upper[i] ? step : -step;
            simplex[i + 1] = Clamp(v);
        }
        for (int i = 0; i <= n; i++) values[i] = Eval(simplex[i]);
        var order = Enumerable.Range(0, n + 1).ToArray();
        while (evals < maxEvaluations)
        {
            Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
            int best = order[0], worst = order[n], second = order[n - 1];
            double spread = 0;
            for (int i = 1; i <= n; i++)
                for (int d = 0; d < n; d++) spread = Math.Max(spread, Math.Abs(simplex[order[i]][d] - simplex[best][d]));
            if (spread < xTolerance && Math.Abs(values[worst] - values[best]) < fTolerance * (1 + Math.Abs(values[best]))) break;
            var centroid = new double[n];
            for (int i = 0; i < n; i++)
                for (int d = 0; d < n; d++) centroid[d] += simplex[order[i]][d] / n;
            double[] Along(double t) { var x = new double[n]; for (int d = 0; d < n; d++) x[d] = centroid[d] + t * (simplex[worst][d] - centroid[d]); return Clamp(x); }
            var reflected = Along(-1);
            double fr = Eval(reflected);
            if (fr < values[best])
            {
                var expanded = Along(-2);
                double fe = Eval(expanded);
                (simplex[worst], values[worst]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[second]) (simplex[worst], values[worst]) = (reflected, fr);
            else
            {
                var contracted = fr < values[worst] ? Along(-0.5) : Along(0.5);
                double fc = Eval(contracted);
                if (fc < Math.Min(fr, values[worst])) (simplex[worst], values[worst]) = (contracted, fc);
                else
                {
                    for (int i = 1; i <= n; i++)
                    {
                        int j = order[i];
                        for (int d = 0; d < n; d++) simplex[j][d] = simplex[best][d] + 0.5 * (simplex[j][d] - simplex[best][d]);
                        values[j] = Eval(simplex[j]);
                    }
                }
            }
        }
        int argmin = 0;
        for (int i = 1; i <= n; i++) if (values[i] < values[argmin]) argmin = i;
        return (simplex[argmin], values[argmin], evals);
    }
}
