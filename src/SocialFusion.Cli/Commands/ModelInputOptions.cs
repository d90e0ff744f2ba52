using System.CommandLine;
using SocialFusion.Cli.Rendering;
using SocialFusion.Training.Checkpoints;
using SocialFusion.Training.Experiments;

namespace SocialFusion.Cli.Commands;

/// <summary>Options and steps shared by predict and evaluate: a checkpoint, its encoder, and a posts file.</summary>
internal sealed class ModelInputOptions
{
    public Option<DirectoryInfo> Model { get; } = new("--model", "-m") { Description = "Checkpoint folder: runs/<preset>/seed-<k> of a train or demo output, or runs/multitask/seed-<k> of a multi-task run.", Required = true };
    public Option<DirectoryInfo?> Encoder { get; } = new("--encoder") { Description = "Built-in encoder folder (default: the one recorded in the experiment folder)." };
    public Option<DirectoryInfo?> Clip { get; } = new("--clip") { Description = "CLIP checkpoint folder (default: the one recorded in the experiment folder)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Model);
        command.Options.Add(Encoder);
        command.Options.Add(Clip);
    }

    /// <summary>Opens the checkpoint and its extractor; unusable images are reported as warnings, the posts kept.</summary>
    public CheckpointSession Open(ParseResult parse)
    {
        var session = CheckpointSession.Open(parse.GetRequiredValue(Model).FullName, parse.GetValue(Encoder)?.FullName, parse.GetValue(Clip)?.FullName);
        session.Extractor.ImageSkipped = s => Console.Error.WriteLine($"warning: post {s.PostId}: image {s.Path} skipped ({s.Reason}); the post is kept with its other inputs.");
        return session;
    }

    /// <summary>True when <c>--model</c> is a multi-task checkpoint.</summary>
    public bool IsMultiTask(ParseResult parse) => CheckpointKinds.Of(parse.GetRequiredValue(Model).FullName) == MultiTaskCheckpoint.Kind;

    /// <summary>Opens a multi-task checkpoint and its extractor; unusable images are reported as warnings, the posts kept.</summary>
    public MultiTaskSession OpenMultiTask(ParseResult parse)
    {
        var session = MultiTaskSession.Open(parse.GetRequiredValue(Model).FullName, parse.GetValue(Encoder)?.FullName, parse.GetValue(Clip)?.FullName);
        session.Extractor.ImageSkipped = s => Console.Error.WriteLine($"warning: post {s.PostId}: image {s.Path} skipped ({s.Reason}); the post is kept with its other inputs.");
        return session;
    }

    /// <summary>Runs <paramref name="work"/> over <paramref name="count"/> posts with a progress bar.</summary>
    public static T WithPostProgress<T>(string title, int count, Func<IProgress<int>, T> work) =>
        Output.WithProgress(title, report => work(new Training.SyncProgress<int>(n => report((double)n / Math.Max(1, count), $"{n}/{count} posts"))));
}
