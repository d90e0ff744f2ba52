using System.CommandLine;
using System.Globalization;
using SocialFusion.Cli.Rendering;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.MultiTask;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>Options and output shared by <c>train --task multitask</c> and <c>multitask</c>.</summary>
internal sealed class MultiTaskOptions
{
    public Option<string> Weighting { get; } = new("--weighting") { Description = "Multi-task loss weighting: average, fixed or uncertainty.", DefaultValueFactory = _ => "uncertainty" };
    public Option<string?> Weights { get; } = new("--weights") { Description = "Fixed weights per head, e.g. location=1,text_sentiment=0.5 (with --weighting fixed)." };
    public Option<string> Trunk { get; } = new("--trunk") { Description = "Multi-task shared trunk: pooling (attention pooling, explainable) or sgmft.", DefaultValueFactory = _ => "pooling" };
    public Option<int> Explain { get; } = new("--explain") { Description = "Multi-task: explain this many test predictions (JSON Lines and attention heatmaps).", DefaultValueFactory = _ => 4 };

    public MultiTaskOptions()
    {
        Weighting.AcceptOnlyFromAmong("average", "fixed", "uncertainty");
        Trunk.AcceptOnlyFromAmong("pooling", "sgmft");
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Weighting);
        command.Options.Add(Weights);
        command.Options.Add(Trunk);
        command.Options.Add(Explain);
    }

    /// <summary><paramref name="o"/> with the weighting and trunk given on the command line.</summary>
    public MultiTaskExperimentOptions Apply(ParseResult parse, MultiTaskExperimentOptions o) => o with
    {
        Weighting = Enum.Parse<WeightingKind>(parse.GetValue(Weighting)!, ignoreCase: true),
        FixedWeights = ParseWeights(parse.GetValue(Weights)),
        Model = o.Model with { Trunk = parse.GetValue(Trunk) == "sgmft" ? TrunkKind.Sgmft : TrunkKind.AttentionPooling },
    };

    /// <summary>Runs the experiment with progress bars, then prints every head's results and where the files are.</summary>
    public static int Run(MultiTaskRunOptions options)
    {
        var result = ExperimentView.Run(progress => MultiTaskRun.Execute(options, progress));
        var r = result.Experiment;
        bool baselines = r.Runs.Any(x => x.SingleTask.Count > 0);
        var table = new Table().Title($"every head on the test split (mean ± std over {r.Runs.Count} seed(s))").AddColumns("head", "metric", "multi-task");
        if (baselines) table.AddColumn("single-task");
        foreach (var row in MultiTaskReport.Comparison(r))
        {
            var cells = new List<string> { Markup.Escape(row.Task), row.Metric, row.MultiTask.ToString() };
            if (baselines) cells.Add(row.SingleTask?.ToString() ?? "–");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        foreach (var line in MultiTaskReport.UnseenLines(r)) Console.WriteLine(line);
        var weights = new Table().Title($"loss weights ({r.Options.Weighting.ToString().ToLowerInvariant()})").AddColumns("head", "weight");
        foreach (var (head, w) in MultiTaskReport.Weights(r)) weights.AddRow(Markup.Escape(head), w.ToString());
        AnsiConsole.Write(weights);
        foreach (var e in result.Explanations)
            Console.WriteLine($"{e.PostId}: {string.Join(", ", e.Heads.Select(h => $"{h.Head}={h.Summary}"))}; top tokens: " +
                string.Join(" ", e.Attention!.TopTokens.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Token}({t.Weight:F2})"))));
        Console.WriteLine($"checkpoints: {string.Join(", ", result.Checkpoints)}");
        Console.WriteLine($"report: {Path.Combine(result.ReportFolder, "multitask.md")}");
        if (result.Explanations.Count > 0) Console.WriteLine($"explanations and heatmaps: {Path.Combine(Path.GetFullPath(options.OutputFolder), "explanations")}");
        Console.WriteLine($"finished in {result.Elapsed.TotalMinutes:F1} min");
        return 0;
    }

    private static IReadOnlyDictionary<string, double>? ParseWeights(string? text) => string.IsNullOrWhiteSpace(text) ? null
        : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(kv =>
        {
            var parts = kv.Split('=');
            if (parts.Length != 2) throw new ArgumentException($"--weights: '{kv}' is not head=number.");
            return (Head: parts[0].Trim(), Weight: FiniteOptions.Parse(parts[1].Trim(), $"--weights {parts[0].Trim()}"));
        }).ToDictionary(x => x.Head, x => x.Weight);
}
