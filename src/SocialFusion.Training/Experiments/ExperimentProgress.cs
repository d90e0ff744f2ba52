using SocialFusion.Training.Evaluation;

namespace SocialFusion.Training.Experiments;

/// <summary>Progress of one stage of an experiment.</summary>
/// <param name="Stage">Stage name: read, encoder, features, train; or <see cref="Warning"/>, whose status is a warning to show the user.</param>
/// <param name="Fraction">Fraction of the stage done, 0..1.</param>
/// <param name="Status">Human-readable detail (current preset, epoch, loss, dev macro-F1).</param>
public sealed record ExperimentProgress(string Stage, double Fraction, string Status)
{
    /// <summary>The stage name of a warning: something was skipped or redone, and the user should know (one sentence naming the file).</summary>
    public const string Warning = "warning";
}

/// <summary>One finished (preset, seed) run.</summary>
/// <param name="Preset">Preset name.</param>
/// <param name="Seed">Training seed.</param>
/// <param name="CheckpointFolder">Where its checkpoint, report and confusion matrix are.</param>
/// <param name="Test">Test metrics at the best dev epoch.</param>
/// <param name="BestEpoch">Epoch selected on dev macro-F1.</param>
/// <param name="Elapsed">Training time (zero when an earlier run was reused).</param>
/// <param name="Reused">True when the run was found finished in the output folder.</param>
public sealed record RunSummary(string Preset, int Seed, string CheckpointFolder, MetricSet Test, int BestEpoch, TimeSpan Elapsed, bool Reused);

/// <summary>The outcome of an experiment.</summary>
/// <param name="Runs">Every (preset, seed) run in order.</param>
/// <param name="Comparison">Per preset, mean and sample standard deviation over seeds of each test metric.</param>
/// <param name="ReportFolder">Folder with comparison.json and comparison.md.</param>
/// <param name="Posts">Posts read, rejected, and per split.</param>
/// <param name="Elapsed">Wall-clock time of the whole experiment.</param>
public sealed record ExperimentResult(
    IReadOnlyList<RunSummary> Runs,
    IReadOnlyList<(string Preset, IReadOnlyDictionary<string, MeanStd> Metrics)> Comparison,
    string ReportFolder, ExperimentCounts Posts, TimeSpan Elapsed);

/// <summary>How many posts an experiment saw at each step, and whether the split kept each user in one part.</summary>
public sealed record ExperimentCounts(int Read, int Rejected, int Train, int Dev, int Test, int Unlabelled, int SkippedImages, bool GroupedByUser = true);
