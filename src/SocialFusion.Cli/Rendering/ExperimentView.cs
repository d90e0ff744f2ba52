using System.Globalization;
using SocialFusion.Training.Experiments;
using Spectre.Console;

namespace SocialFusion.Cli.Rendering;

/// <summary>Renders a running experiment (one progress bar per stage) and its comparison table.</summary>
public static class ExperimentView
{
    private static readonly string[] Stages = ["read", "encoder", "features", "train"];

    /// <summary>
    /// Runs <paramref name="work"/> with live progress bars (plain lines when output is redirected). Warnings go to
    /// stderr: at once in plain mode, after the bars otherwise (so they do not tear the live display).
    /// </summary>
    public static T Run<T>(Func<IProgress<ExperimentProgress>, T> work)
    {
        if (Output.Plain)
        {
            var last = new Dictionary<string, int>();
            return work(new Training.SyncProgress<ExperimentProgress>(p =>
            {
                if (p.Stage == ExperimentProgress.Warning) { Console.Error.WriteLine($"warning: {p.Status}"); return; }
                int decile = (int)Math.Floor(Math.Clamp(p.Fraction, 0, 1) * 10);
                if (last.TryGetValue(p.Stage, out var d) && d == decile) return;
                last[p.Stage] = decile;
                Console.WriteLine($"{p.Stage,-8} {decile * 10,3}% {p.Status}");
            }));
        }
        T result = default!;
        var warnings = new List<string>();
        try { Live(); }
        finally { foreach (var w in warnings) Console.Error.WriteLine($"warning: {w}"); }
        return result;

        void Live() => AnsiConsole.Progress().AutoClear(false).HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                result = work(new Training.SyncProgress<ExperimentProgress>(p =>
                {
                    if (p.Stage == ExperimentProgress.Warning) { warnings.Add(p.Status); return; }
                    if (!tasks.TryGetValue(p.Stage, out var task))
                        tasks[p.Stage] = task = ctx.AddTask(Markup.Escape(p.Stage), maxValue: 1.0);
                    task.Value = Math.Clamp(p.Fraction, 0, 1);
                    task.Description = Markup.Escape($"{p.Stage,-8} {p.Status}");
                }));
                foreach (var task in tasks.Values) task.Value = 1.0;
            });
    }

    /// <summary>Prints one line per finished run.</summary>
    public static void RunFinished(RunSummary r) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {r.Preset} seed {r.Seed}: test macro-F1 {r.Test.MacroF1:F3}, accuracy {r.Test.Accuracy:F3} (best epoch {r.BestEpoch}, {(r.Reused ? "reused" : $"{r.Elapsed.TotalSeconds:F0} s")})"));

    /// <summary>Prints the preset comparison: macro-F1 and accuracy, mean ± std over seeds; the best value in bold.</summary>
    public static void Comparison(ExperimentResult result)
    {
        var rows = result.Comparison;
        double best = rows.Max(r => r.Metrics["macro_f1"].Mean);
        var table = new Table().Title("Test results (mean ± std over seeds)")
            .AddColumns("preset", "seeds", "macro-F1", "accuracy", "weighted-F1", "ECE");
        foreach (var (preset, m) in rows)
        {
            string f1 = m["macro_f1"].ToString();
            table.AddRow(Markup.Escape(preset), m["macro_f1"].Count.ToString(CultureInfo.InvariantCulture),
                m["macro_f1"].Mean == best ? $"[bold]{Markup.Escape(f1)}[/]" : Markup.Escape(f1),
                Markup.Escape(m["accuracy"].ToString()), Markup.Escape(m["weighted_f1"].ToString()), Markup.Escape(m["ece"].ToString()));
        }
        AnsiConsole.Write(table);
        var sgmft = rows.FirstOrDefault(r => r.Preset == "sgmft");
        var baselines = rows.Where(r => !r.Preset.StartsWith("sgmft", StringComparison.Ordinal)).ToList();
        if (sgmft.Metrics is not null && baselines.Count > 0)
        {
            var bestBaseline = baselines.MaxBy(r => r.Metrics["macro_f1"].Mean);
            double gap = (sgmft.Metrics["macro_f1"].Mean - bestBaseline.Metrics["macro_f1"].Mean) * 100;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sgmft vs best baseline ({bestBaseline.Preset}): {gap:+0.0;-0.0} macro-F1 points"));
        }
        var c = result.Posts;
        Console.WriteLine($"posts: {c.Read} read, {c.Rejected} rejected, split {c.Train}/{c.Dev}/{c.Test} ({(c.GroupedByUser ? "grouped by user" : "not grouped by user")}), {c.SkippedImages} images skipped; {result.Elapsed.TotalMinutes:F1} min");
        Console.WriteLine($"report: {Path.Combine(result.ReportFolder, "comparison.md")}");
    }
}
