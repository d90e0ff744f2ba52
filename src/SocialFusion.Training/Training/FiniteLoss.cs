using static TorchSharp.torch;

namespace SocialFusion.Training.Training;

/// <summary>A training loss became NaN or infinite; training stopped at that step, before the optimiser applied it.</summary>
public sealed class NonFiniteLossException(string message, string trainer, int epoch, int step, string loss, double value, double learningRate)
    : Exception(message)
{
    /// <summary>Which trainer ("location model sgmft", "multi-task model", "built-in encoders").</summary>
    public string Trainer { get; } = trainer;
    /// <summary>1-based epoch.</summary>
    public int Epoch { get; } = epoch;
    /// <summary>1-based step within the epoch.</summary>
    public int Step { get; } = step;
    /// <summary>Which loss (e.g. "cross-entropy", "alignment", "location head").</summary>
    public string Loss { get; } = loss;
    /// <summary>The loss value: NaN or ±Infinity.</summary>
    public double Value { get; } = value;
    /// <summary>The learning rate of that step.</summary>
    public double LearningRate { get; } = learningRate;
}

/// <summary>
/// The one check every training loop (location models, multi-task models, built-in encoders) makes on every step:
/// a loss that is NaN or infinite stops the run at once with the epoch, the step, which loss, its value and the
/// learning rate. Without it the NaN spreads into every weight through the optimiser, the run trains on for all its
/// epochs and fails only when the report writer meets a NaN it cannot write (or, worse, saves a NaN checkpoint).
/// </summary>
public static class FiniteLoss
{
    /// <summary>
    /// Reads the scalar <paramref name="loss"/> and returns it when finite; otherwise throws
    /// <see cref="NonFiniteLossException"/>. Call it before <c>backward</c> so that nothing is applied.
    /// </summary>
    public static double Check(Tensor loss, string trainer, string lossName, int epoch, int step, int stepsPerEpoch, double learningRate) =>
        Check(loss.item<float>(), trainer, lossName, epoch, step, stepsPerEpoch, learningRate);

    /// <inheritdoc cref="Check(Tensor, string, string, int, int, int, double)"/>
    public static double Check(double value, string trainer, string lossName, int epoch, int step, int stepsPerEpoch, double learningRate)
    {
        if (double.IsFinite(value)) return value;
        var message = FormattableString.Invariant(
            $"Training of the {trainer} stopped: the {lossName} loss is {value} at epoch {epoch}, step {step} of {stepsPerEpoch} (learning rate {learningRate:G4}).")
            + " The run diverged or its input holds extreme values: lower the learning rate (--lr) and check the features"
            + " (re-extract them) before training again. Nothing of this run was saved as finished.";
        throw new NonFiniteLossException(message, trainer, epoch, step, lossName, value, learningRate);
    }
}
