using System.CommandLine;
using SocialFusion.Cli.Commands;
using SocialFusion.Cli.Rendering;

namespace SocialFusion.Cli;

/// <summary>
/// <c>socialfusion</c>: a thin shell over the SocialFusion library. Each command parses its options,
/// calls the library and renders the result; no modelling logic lives here.
/// </summary>
public static class Program
{
    /// <summary>Entry point; returns 0 on success, 1 on a reported error, 2 on a usage error.</summary>
    public static int Main(string[] args) => Run(args);

    /// <summary>Runs the CLI in-process (used by the end-to-end tests).</summary>
    public static int Run(string[] args)
    {
        // Redirected output (logs, CI) has no width; 80 columns would wrap every table cell.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;
        var root = new RootCommand("SocialFusion: cross-modal analysis of social media posts (text + images).");
        var threads = new Option<int?>("--threads")
        {
            Description = $"Torch intra-op threads, 1 to {Training.Runtime.TorchThreading.MaxThreads} (default: one per core). Results are bit-reproducible for a fixed thread count.",
            Recursive = true,
        };
        root.Options.Add(threads);
        foreach (var command in Commands()) root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is null) return 2;
        // Before libtorch loads (parsing does not load it): idle OpenMP workers sleep instead of spinning (see
        // TorchThreading), which keeps shared machines usable. Not for bench: PyTorch's reference figures were taken
        // with OpenMP's default policy, and on an idle machine passive waiting costs SG-MFT training about 10%.
        if (parsed.CommandResult.Command.Name != "bench") Training.Runtime.TorchThreading.PreferPassiveWait();
        try
        {
            if (parsed.GetValue(threads) is int n) Training.Runtime.TorchThreading.SetThreads(n);
            // Our handler below prints the message without a stack trace and returns 1.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Output.Error(e);
            return 1;
        }
    }

    private static IEnumerable<Command> Commands() =>
    [
        DemoCommand.Create(),
        DemoDataCommand.Create(),
        ValidateCommand.Create(),
        PresetsCommand.Create(),
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        PredictCommand.Create(),
        EmbedCommand.Create(),
        ClipCommand.Create(),
        BenchCommand.Create(),
        MultiTaskCommand.Create(),
        IndexCommand.Create(),
        SearchCommand.Create(),
        RetrievalEvalCommand.Create(),
        IndexBenchCommand.Create(),
    ];
}
