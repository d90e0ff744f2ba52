namespace SocialFusion.Training.Training;

/// <summary>Linear warm-up to the peak rate, then cosine decay to zero over the remaining steps.</summary>
public static class LearningRateSchedule
{
    /// <summary>Multiplier of the peak learning rate at optimiser step <paramref name="step"/> (0-based).</summary>
    public static double Factor(long step, long totalSteps, long warmupSteps)
    {
        if (warmupSteps > 0 && step < warmupSteps) return (step + 1) / (double)warmupSteps;
        long decay = Math.Max(1, totalSteps - warmupSteps);
        double progress = Math.Clamp((step - warmupSteps) / (double)decay, 0, 1);
        return 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
