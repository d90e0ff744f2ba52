using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.MultiTask;

/// <summary>How the per-head losses become the one loss that is minimised.</summary>
public enum WeightingKind
{
    /// <summary>Mean of the head losses (<see cref="AverageWeighting"/>).</summary>
    Average,
    /// <summary>Weighted sum with user weights (<see cref="FixedWeighting"/>).</summary>
    Fixed,
    /// <summary>Learned homoscedastic uncertainty weights (<see cref="UncertaintyWeighting"/>).</summary>
    Uncertainty,
}

/// <summary>
/// Combines per-head losses. A module, so that learned strategies carry parameters (trained by the same optimiser,
/// without weight decay) and are saved with the model.
/// </summary>
public abstract class LossWeighting : nn.Module
{
    /// <summary>Creates the module.</summary>
    protected LossWeighting(string name) : base(name) { }

    /// <summary>The strategy.</summary>
    public abstract WeightingKind Kind { get; }

    /// <summary>
    /// Total loss from <paramref name="losses"/> (scalar per head, schema order). Heads whose
    /// <paramref name="present"/> flag is false have no label in this batch and are left out entirely.
    /// </summary>
    public abstract Tensor Combine(IReadOnlyList<Tensor> losses, IReadOnlyList<bool> present);

    /// <summary>The effective weight each head's loss is multiplied by, by head name.</summary>
    public abstract IReadOnlyDictionary<string, double> EffectiveWeights();

    /// <summary>Creates the strategy <paramref name="kind"/> for <paramref name="schema"/>; <paramref name="fixedWeights"/> by head name (missing heads: 1).</summary>
    public static LossWeighting Create(WeightingKind kind, TaskSchema schema, IReadOnlyDictionary<string, double>? fixedWeights = null) => kind switch
    {
        WeightingKind.Average => new AverageWeighting(schema),
        WeightingKind.Fixed => new FixedWeighting(schema, FixedWeightsFor(schema, fixedWeights)),
        WeightingKind.Uncertainty => new UncertaintyWeighting(schema),
        _ => throw new ArgumentException($"Unknown loss weighting '{kind}'."),
    };

    /// <summary>
    /// One weight per head of <paramref name="schema"/> from weights by head name (missing heads: 1). A name that is
    /// not a head, a weight that is negative or not finite, or all weights 0 (nothing would be trained) is an error.
    /// </summary>
    public static double[] FixedWeightsFor(TaskSchema schema, IReadOnlyDictionary<string, double>? fixedWeights)
    {
        var heads = schema.Tasks.Select(t => t.Name).ToArray();
        foreach (var (name, w) in fixedWeights ?? new Dictionary<string, double>())
        {
            if (!heads.Contains(name)) throw new ArgumentException($"Fixed loss weight for '{name}', which is not a head; the heads are {string.Join(", ", heads)}.");
            if (!double.IsFinite(w) || w < 0) throw new ArgumentException($"Fixed loss weight of '{name}' must be a finite number >= 0, got {w}.");
        }
        var weights = heads.Select(h => fixedWeights is not null && fixedWeights.TryGetValue(h, out var w) ? w : 1.0).ToArray();
        if (weights.All(w => w == 0)) throw new ArgumentException("Every fixed loss weight is 0: the model would not learn anything.");
        return weights;
    }

    /// <summary>A zero that keeps the graph well-formed when no head has labels in a batch.</summary>
    protected static Tensor Zero(IReadOnlyList<Tensor> losses) => losses.Count > 0 ? losses[0] * 0 : tensor(0f);
}

/// <summary>L = (1/|P|) sum over present heads of L_i.</summary>
public sealed class AverageWeighting : LossWeighting
{
    private readonly string[] names;
    /// <summary>Creates the strategy.</summary>
    public AverageWeighting(TaskSchema schema) : base("average") { names = schema.Tasks.Select(t => t.Name).ToArray(); RegisterComponents(); }
    /// <inheritdoc />
    public override WeightingKind Kind => WeightingKind.Average;
    /// <inheritdoc />
    public override Tensor Combine(IReadOnlyList<Tensor> losses, IReadOnlyList<bool> present)
    {
        var used = losses.Where((_, i) => present[i]).ToList();
        return used.Count == 0 ? Zero(losses) : stack(used).mean();
    }
    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> EffectiveWeights() => names.ToDictionary(n => n, _ => 1.0 / names.Length);
}

/// <summary>L = sum over present heads of w_i L_i, with fixed user weights (not normalised).</summary>
public sealed class FixedWeighting : LossWeighting
{
    private readonly string[] names;
    private readonly double[] weights;
    /// <summary>Creates the strategy with one non-negative weight per head (schema order).</summary>
    public FixedWeighting(TaskSchema schema, IReadOnlyList<double> weights) : base("fixed")
    {
        if (weights.Count != schema.Tasks.Count) throw new ArgumentException($"{weights.Count} fixed weights for {schema.Tasks.Count} heads.");
        if (weights.Any(w => !(w >= 0) || !double.IsFinite(w))) throw new ArgumentException("Fixed loss weights must be finite and >= 0.");
        if (weights.All(w => w == 0)) throw new ArgumentException("Every fixed loss weight is 0: the model would not learn anything.");
        names = schema.Tasks.Select(t => t.Name).ToArray();
        this.weights = weights.ToArray();
        RegisterComponents();
    }
    /// <inheritdoc />
    public override WeightingKind Kind => WeightingKind.Fixed;
    /// <inheritdoc />
    public override Tensor Combine(IReadOnlyList<Tensor> losses, IReadOnlyList<bool> present)
    {
        Tensor? total = null;
        for (int i = 0; i < losses.Count; i++)
            if (present[i]) total = total is null ? losses[i] * weights[i] : total + losses[i] * weights[i];
        return total ?? Zero(losses);
    }
    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> EffectiveWeights() => names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => weights[x.i]);
}

/// <summary>
/// Kendall, Gal and Cipolla (CVPR 2018), "Multi-task learning using uncertainty to weigh losses": one learned
/// s_i = log sigma_i^2 per head, L = sum_i c_i exp(-s_i) L_i + s_i / 2 with c_i = 1 for classification and 1/2 for
/// regression. A noisy task raises its sigma and so its own weight falls; the s_i / 2 term stops sigma growing forever.
/// </summary>
public sealed class UncertaintyWeighting : LossWeighting
{
    private readonly Parameter log_variance;   // [T], s_i, initialised at 0 (every weight starts at c_i)
    private readonly string[] names;
    private readonly double[] factors;

    /// <summary>Creates the strategy for the heads of <paramref name="schema"/>.</summary>
    public UncertaintyWeighting(TaskSchema schema) : base("uncertainty")
    {
        names = schema.Tasks.Select(t => t.Name).ToArray();
        factors = schema.Tasks.Select(t => t.Kind == TaskKind.Classification ? 1.0 : 0.5).ToArray();
        log_variance = new Parameter(zeros(names.Length));
        RegisterComponents();
    }

    /// <summary>The learned s_i = log sigma_i^2.</summary>
    public Parameter LogVariance => log_variance;
    /// <inheritdoc />
    public override WeightingKind Kind => WeightingKind.Uncertainty;

    /// <inheritdoc />
    public override Tensor Combine(IReadOnlyList<Tensor> losses, IReadOnlyList<bool> present)
    {
        Tensor? total = null;
        for (int i = 0; i < losses.Count; i++)
        {
            if (!present[i]) continue;
            var s = log_variance[i];
            var term = exp(-s) * losses[i] * factors[i] + s * 0.5;
            total = total is null ? term : total + term;
        }
        return total ?? Zero(losses);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, double> EffectiveWeights()
    {
        using var noGrad = no_grad();
        var s = log_variance.detach().data<float>().ToArray();
        return names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => factors[x.i] * Math.Exp(-s[x.i]));
    }

    /// <summary>The learned sigma_i = exp(s_i / 2) by head name.</summary>
    public IReadOnlyDictionary<string, double> Sigmas()
    {
        var s = log_variance.detach().data<float>().ToArray();
        return names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => Math.Exp(s[x.i] / 2));
    }
}
