using Spectre.Console;

namespace SocialFusion.Cli.Rendering;

/// <summary>Console rendering shared by the commands: errors, key-value summaries, progress.</summary>
public static class Output
{
    /// <summary>True when stdout is not a terminal (CI, pipes): progress bars degrade to plain lines.</summary>
    public static bool Plain => Console.IsOutputRedirected || Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Prints an error without a stack trace (set SOCIALFUSION_DEBUG=1 for one).</summary>
    public static void Error(Exception e)
    {
        var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
        Console.Error.WriteLine($"error: {inner.Message}");
        if (Environment.GetEnvironmentVariable("SOCIALFUSION_DEBUG") == "1") Console.Error.WriteLine(inner);
    }

    /// <summary>One paragraph on generated demo data: posts, images, per-location and per-noise counts.</summary>
    public static void DemoData(SocialFusion.Data.Demo.DemoDataSummary summary)
    {
        static string Counts(IEnumerable<KeyValuePair<string, int>> counts) =>
            string.Join(", ", counts.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));
        Console.WriteLine($"{summary.Posts} posts, {summary.Images} images in {Path.GetDirectoryName(summary.PostsPath)}");
        Console.WriteLine($"  locations: {Counts(summary.LocationCounts)}");
        Console.WriteLine($"  noise: {Counts(summary.NoiseCounts)}");
    }

    /// <summary>Prints a two-column table of facts.</summary>
    public static void Facts(string title, IEnumerable<(string Key, string Value)> rows)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("").AddColumn("");
        table.HideHeaders();
        foreach (var (k, v) in rows) table.AddRow(Markup.Escape(k), Markup.Escape(v));
        AnsiConsole.Write(table);
    }

    /// <summary>
    /// Runs <paramref name="work"/> with a progress bar (a plain line every 10% when output is redirected).
    /// The callback receives a reporter taking (fraction done 0..1, status text).
    /// </summary>
    public static T WithProgress<T>(string title, Func<Action<double, string>, T> work)
    {
        if (Plain)
        {
            int lastDecile = -1;
            return work((fraction, status) =>
            {
                int decile = (int)Math.Floor(Math.Clamp(fraction, 0, 1) * 10);
                if (decile == lastDecile) return;
                lastDecile = decile;
                Console.WriteLine($"{title}: {decile * 10,3}% {status}");
            });
        }
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(title), maxValue: 1.0);
                result = work((fraction, status) =>
                {
                    task.Value = Math.Clamp(fraction, 0, 1);
                    task.Description = Markup.Escape(string.IsNullOrEmpty(status) ? title : $"{title} {status}");
                });
                task.Value = 1.0;
            });
        return result;
    }
}
