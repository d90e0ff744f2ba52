using System.CommandLine;
using System.Globalization;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Trends;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion analyze trends</c>: hashtag and location series, bursts, rising now and (with <c>--truth</c>) scores
/// against planted bursts, as Spectre tables or JSON (<c>--json</c>). Aggregates only: no user appears.
/// </summary>
public static class AnalyzeTrendsCommand
{
    private static string F(double v, string format = "0.000") => v.ToString(format, CultureInfo.InvariantCulture);
    private static string T(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static Command Create()
    {
        var db = new Option<FileInfo>("--db") { Description = "Analytics store (DuckDB file).", DefaultValueFactory = _ => new FileInfo(AnalyticsStore.DefaultFileName) };
        var bin = new Option<string>("--bin") { Description = "Bin width: hour or day.", DefaultValueFactory = _ => "hour" };
        var time = new Option<string>("--time") { Description = "Bins on the utc clock or the posters' local clock (rising now always uses UTC bins).", DefaultValueFactory = _ => "utc" };
        var detector = new Option<string>("--detector") { Description = "Burst detector: kleinberg, kleinberg-multi, poisson or all.", DefaultValueFactory = _ => "all" };
        var at = new Option<string?>("--at") { Description = "UTC time of the rising-now ranking, e.g. 2024-05-10T12:00 (default: the end of the data)." };
        var truth = new Option<FileInfo?>("--truth") { Description = "Demo truth/trends.jsonl: score bursts (precision, recall, F1, onset delay) and rising now." };
        var minUsers = new Option<int>("--min-users") { Description = "k-anonymity: a series whose key fewer distinct users use is suppressed.", DefaultValueFactory = _ => KAnonymity.DefaultMinUsers };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to standard output instead of tables." };
        var top = new Option<int>("--top") { Description = "Bursts shown per detector in the table (--json has all).", DefaultValueFactory = _ => 15 };
        var command = new Command("trends", "Hashtag and location time series, burst detection (Kleinberg, seasonal Poisson), rising now, scores against planted bursts.")
        {
            db, bin, time, detector, at, truth, minUsers, json, top,
        };
        command.SetAction(parse =>
        {
            var width = parse.GetRequiredValue(bin) switch
            {
                "hour" => BinWidth.Hour, "day" => BinWidth.Day,
                var b => throw new ArgumentException($"--bin: '{b}' is not hour or day."),
            };
            var basis = parse.GetRequiredValue(time) switch
            {
                "utc" => TimeBasis.Utc, "local" => TimeBasis.Local,
                var b => throw new ArgumentException($"--time: '{b}' is not utc or local."),
            };
            var name = parse.GetRequiredValue(detector);
            IReadOnlyList<IBurstDetector> detectors = name == "all" ? TrendOptions.ReferenceDetectors : [TrendOptions.Detector(name)];
            DateTime? when = null;
            if (parse.GetValue(at) is { } text)
                when = DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var v)
                    ? DateTime.SpecifyKind(v, DateTimeKind.Unspecified) : throw new ArgumentException($"--at: '{text}' is not a date and time (e.g. 2024-05-10T12:00).");
            var truthFile = parse.GetValue(truth);
            if (truthFile is { Exists: false }) throw new FileNotFoundException($"--truth: {truthFile.FullName} does not exist.");
            var options = TrendOptions.Reference with
            {
                Bin = width, Time = basis, Detectors = detectors, Privacy = new KAnonymity(parse.GetValue(minUsers)), At = when,
            };
            using var store = AnalyticsStore.Open(parse.GetRequiredValue(db).FullName, readOnly: true);
            var result = TrendAnalysis.Run(store, options, truthFile?.FullName);
            if (parse.GetValue(json))
            {
                using var buffer = new MemoryStream();
                TrendAnalysisJson.Write(buffer, result);
                Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                return 0;
            }
            Render(result, parse.GetValue(top));
            return 0;
        });
        return command;
    }

    private static void Render(TrendAnalysisResult r, int top)
    {
        var axis = r.Series.Axis;
        if (axis.Count == 0) { AnsiConsole.MarkupLine("[yellow]the store has no posts: no series, no bursts.[/]"); return; }
        string clock = axis.Basis == TimeBasis.Utc ? "UTC" : "local time";
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{axis.Count} {(axis.Width == BinWidth.Hour ? "hourly" : "daily")} bins in {clock}, [{T(axis.Start)}, {T(axis.BinStart(axis.Count))}); bin = [start, start + width). " +
            string.Join("; ", r.Series.Suppressed.Select(p => $"{r.Series.OfKind(p.Key).Count()} {p.Key} series, {p.Value} suppressed (<{r.Options.Privacy.MinUsers} users)")) +
            $". {F(r.Seconds, "0.00")} s."));
        foreach (var d in r.Detections)
        {
            var table = new Table().Title($"{d.Detector}: level-1 bursts ({d.Series.Sum(s => s.Bursts.Count(b => b.Level == 1))}), strongest {top}")
                .AddColumns("kind", "key", "start", "end", "bins", "max level", "weight");
            var rows = d.Series.SelectMany(s => s.Bursts.Where(b => b.Level == 1).Select(b => (s, b)))
                .OrderByDescending(x => x.b.Weight).ThenBy(x => x.s.Key, StringComparer.Ordinal).Take(top);
            foreach (var (s, b) in rows)
            {
                int level = s.Bursts.Where(o => o.StartBin >= b.StartBin && o.EndBin <= b.EndBin).Max(o => o.Level);
                table.AddRow(s.Kind, Markup.Escape(s.Key), T(axis.BinStart(b.StartBin)), T(axis.BinStart(b.EndBin)), b.Length.ToString(CultureInfo.InvariantCulture),
                    level.ToString(CultureInfo.InvariantCulture), F(b.Weight, "0.0"));
            }
            AnsiConsole.Write(table);
        }
        var scored = r.Detections.Where(d => d.Score is not null).ToList();
        if (scored.Count > 0)
        {
            var scores = new Table().Title("bursts against the planted ones (per burst; onset delay = detected start - planted start)")
                .AddColumns("detector", "detected", "matched", "planted", "recalled", "precision", "recall", "F1", "mean delay h", "median delay h");
            foreach (var d in scored)
            {
                var s = d.Score!;
                scores.AddRow(d.Detector, $"{s.Detected}", $"{s.MatchedDetections}", $"{s.Planted}", $"{s.Recalled}", F(s.Precision), F(s.Recall), F(s.F1),
                    s.MeanOnsetDelayHours is { } m ? F(m, "0.0") : "-", s.MedianOnsetDelayHours is { } md ? F(md, "0.0") : "-");
            }
            AnsiConsole.Write(scores);
            var per = new Table().Title("planted bursts: onset delay per detector, hours").AddColumns(["tag", "planted window", .. scored.Select(d => d.Detector)]);
            var first = scored[0].Score!.Matches;
            for (int i = 0; i < first.Count; i++)
                per.AddRow([Markup.Escape(first[i].Tag), $"{T(first[i].PlantedStart)} .. {T(first[i].PlantedEnd)}",
                    .. scored.Select(d => d.Score!.Matches[i].OnsetDelayHours is { } h ? F(h, "0") : "missed")]);
            AnsiConsole.Write(per);
        }
        var rising = new Table().Title($"rising now at {(r.RisingAt is { } at ? T(at) : "-")} UTC (last {F(r.Options.RisingNow.WindowHours, "0")} h vs the seasonal expectation)")
            .AddColumns("rank", "hashtag", "posts in window", "expected", "z");
        int rank = 1;
        foreach (var e in r.Rising) rising.AddRow($"{rank++}", Markup.Escape(e.Key), $"{e.WindowCount}", F(e.Expected, "0.00"), F(e.Score, "0.0"));
        AnsiConsole.Write(rising);
        if (r.RisingScore is { } rs)
        {
            var t = new Table().Title($"rising now vs planted bursts: {rs.Hits.Count(h => h.FirstInTop is not null)}/{rs.Hits.Count} reached the top {rs.Top}, median {(rs.MedianDelayHours is { } md ? F(md, "0") : "-")} h after the planted start")
                .AddColumns("tag", "planted start (UTC, earliest)", "first in top", "hours");
            foreach (var h in rs.Hits)
                t.AddRow(Markup.Escape(h.Tag), T(h.PlantedStart), h.FirstInTop is { } f ? T(f) : "never", h.DelayHours is { } d ? F(d, "0") : "-");
            AnsiConsole.Write(t);
        }
        foreach (var line in r.TruthRejected) AnsiConsole.MarkupLine($"[yellow]truth line skipped:[/] {Markup.Escape(line)}");
    }
}
