using SocialFusion.Models.Config;

namespace SocialFusion.Training.Training;

/// <summary>How the cross-entropy loss weights classes.</summary>
public enum ClassWeighting
{
    /// <summary>Every class weighs 1.</summary>
    None,
    /// <summary>Weight n / (C * n_c), so rare classes count as much as frequent ones.</summary>
    Balanced,
}

/// <summary>
/// Training hyper-parameters. Defaults are the design's reference setting (sgmft.md, training defaults):
/// AdamW lr 3e-4, weight decay 0.01, batch 64, 30 epochs, 5% linear warm-up then cosine decay,
/// gradient clipping at 1.0, early stopping on dev macro-F1 with patience 5.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Peak learning rate of AdamW.</summary>
    public double LearningRate { get; init; } = 3e-4;
    /// <summary>Decoupled weight decay of AdamW.</summary>
    public double WeightDecay { get; init; } = 0.01;
    /// <summary>Training mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Batch size for dev/test inference (memory only; does not change results).</summary>
    public int EvalBatchSize { get; init; } = 256;
    /// <summary>Upper bound on epochs.</summary>
    public int MaxEpochs { get; init; } = 30;
    /// <summary>Fraction of all optimiser steps spent in linear warm-up before the cosine decay.</summary>
    public double WarmupFraction { get; init; } = 0.05;
    /// <summary>Maximum global L2 norm of gradients; 0 disables clipping.</summary>
    public double GradientClip { get; init; } = 1.0;
    /// <summary>Epochs without a dev macro-F1 improvement before stopping; 0 disables early stopping.</summary>
    public int Patience { get; init; } = 5;
    /// <summary>Class weighting of the cross-entropy loss.</summary>
    public ClassWeighting ClassWeights { get; init; } = ClassWeighting.None;
    /// <summary>Label smoothing of the cross-entropy loss.</summary>
    public double LabelSmoothing { get; init; } = 0.0;
    /// <summary>Seed of torch and of the shuffling RNG; same seed gives the same run bit for bit on CPU.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Checks ranges (and that every rate, fraction and norm is finite); throws <see cref="ArgumentException"/> naming the field.</summary>
    public TrainingConfig Validate()
    {
        if (FiniteNumbers.FirstNonFinite(this) is var (field, value))
            throw new ArgumentException($"{field} must be a finite number, got {FiniteNumbers.Describe(value)}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"LearningRate must be > 0, got {LearningRate}.");
        if (WeightDecay < 0) throw new ArgumentException($"WeightDecay must be >= 0, got {WeightDecay}.");
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be >= 1, got {BatchSize}.");
        if (EvalBatchSize < 1) throw new ArgumentException($"EvalBatchSize must be >= 1, got {EvalBatchSize}.");
        if (MaxEpochs < 1) throw new ArgumentException($"MaxEpochs must be >= 1, got {MaxEpochs}.");
        if (WarmupFraction is < 0 or >= 1) throw new ArgumentException($"WarmupFraction must be in [0, 1), got {WarmupFraction}.");
        if (GradientClip < 0) throw new ArgumentException($"GradientClip must be >= 0, got {GradientClip}.");
        if (Patience < 0) throw new ArgumentException($"Patience must be >= 0, got {Patience}.");
        if (LabelSmoothing is < 0 or >= 1) throw new ArgumentException($"LabelSmoothing must be in [0, 1), got {LabelSmoothing}.");
        return this;
    }
}
