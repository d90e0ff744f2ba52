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
    /// <summary>Exit codes (docs/cli.md).</summary>
    public const int Success = 0, ReportedError = 1, UsageError = 2;

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
        FiniteOptions.RequireFinite(root);
        var parsed = root.Parse(args);
        // Help and version run even when required options are missing; any other parse error is a usage error.
        if (parsed.Errors.Count > 0 && parsed.Action is System.CommandLine.Invocation.ParseErrorAction)
        {
            parsed.Invoke(); // System.CommandLine prints the errors and the command's help (and would return 1)
            return UsageError;
        }
        if (DirectoryGivenForFile(parsed) is { } notAFile)
        {
            Console.Error.WriteLine($"error: {notAFile}");
            return UsageError;
        }
        // Before libtorch loads (parsing does not load it): idle OpenMP workers sleep instead of spinning (see
        // TorchThreading), which keeps shared machines usable. Not for bench: PyTorch's reference figures were taken
        // with OpenMP's default policy, and on an idle machine passive waiting costs SG-MFT training about 10%.
        if (parsed.CommandResult.Command.Name != "bench") Training.Runtime.TorchThreading.PreferPassiveWait();
        try
        {
            if (parsed.GetValue(threads) is int n)
            {
                // Checked here as well as in the library so that a bad count is a usage error (exit 2).
                var max = Training.Runtime.TorchThreading.MaxThreads;
                if (n < 1 || n > max) throw new ArgumentException($"--threads must be at least 1 and at most {max}, got {n}.");
                Training.Runtime.TorchThreading.SetThreads(n);
            }
            // Our handler below prints the message without a stack trace.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Output.Error(e);
            return IsUsageError(e) ? UsageError : ReportedError;
        }
    }

    /// <summary>
    /// The CLI's own option checks throw <see cref="ArgumentException"/> ("--seeds: 'x' is not an integer"); one thrown
    /// by this assembly is therefore a usage error. The same type from the library (bad data, a config it refuses) is not.
    /// </summary>
    private static bool IsUsageError(Exception e) =>
        e is ArgumentException && e.TargetSite?.DeclaringType?.Assembly == typeof(Program).Assembly;

    /// <summary>Every file option names a file; a directory there would otherwise fail later as "Access denied".</summary>
    private static string? DirectoryGivenForFile(ParseResult parsed)
    {
        // Read from the tokens: the parsed value is not available under --help when a required option is missing.
        foreach (var option in parsed.CommandResult.Command.Options.OfType<Option<FileInfo>>())
            foreach (var token in parsed.GetResult(option)?.Tokens ?? [])
                if (Directory.Exists(token.Value))
                    return $"{option.Name}: '{Path.GetFullPath(token.Value)}' is a directory, not a file.";
        return null;
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
        IngestCommand.Create(),
        TransferCommands.Export(),
        TransferCommands.Import(),
        TransferCommands.Forget(),
        AnalyzeCommand.Create(),
        ReportCommand.Create(),
    ];
}
