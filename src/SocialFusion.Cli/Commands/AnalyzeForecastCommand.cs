using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SocialFusion.Analytics.Forecasting;
using SocialFusion.Analytics.Store;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion analyze forecast</c>: seasonal naive, Holt-Winters and the Elman RNN compared by rolling-origin
/// backtest on the store's hashtag and location count series (<see cref="ForecastBacktest"/>): mean MAE and MASE per
/// method and on how many series each beats seasonal naive.
/// </summary>
public static class AnalyzeForecastCommand
{
    public static Command Create()
    {
        var db = new Option<FileInfo>("--db") { Description = "Analytics store (DuckDB file).", DefaultValueFactory = _ => new FileInfo(AnalyticsStore.DefaultFileName) };
        var bin = new Option<string>("--bin") { Description = "Bin width: hour (seasonal period 24) or day (period 7).", DefaultValueFactory = _ => "day" };
        var local = new Option<bool>("--local-time") { Description = "Bin by the author's local time instead of UTC." };
        var horizon = new Option<int?>("--horizon") { Description = "Bins forecast from each origin (default: one seasonal period)." };
        var origins = new Option<int>("--origins") { Description = "Rolling origins per series.", DefaultValueFactory = _ => ForecastOptions.Reference.Origins };
        var minUsers = new Option<int>("--min-users") { Description = "A series needs at least this many distinct users (k-anonymity).", DefaultValueFactory = _ => ForecastSeriesConfig.Reference.MinUsers };
        var json = new Option<bool>("--json") { Description = "Write the comparison as JSON to standard output instead of tables." };
        var command = new Command("forecast", "Forecasting backtest on hashtag and location count series: seasonal naive vs Holt-Winters vs an Elman RNN (MAE, MASE).")
        {
            db, bin, local, horizon, origins, minUsers, json,
        };
        command.SetAction(parse =>
        {
            var binName = parse.GetRequiredValue(bin);
            var width = binName switch
            {
                "hour" => SeriesBin.Hour,
                "day" => SeriesBin.Day,
                _ => throw new ArgumentException($"--bin: '{binName}' is not hour or day."),
            };
            var reference = ForecastOptions.Reference;
            var options = reference with
            {
                Series = reference.Series with { Bin = width, Clock = parse.GetValue(local) ? SeriesClock.Local : SeriesClock.Utc, MinUsers = parse.GetValue(minUsers) },
                Origins = parse.GetValue(origins),
                Horizon = parse.GetValue(horizon),
            };
            using var store = AnalyticsStore.Open(parse.GetRequiredValue(db).FullName, readOnly: true);
            var result = ForecastBacktest.Run(store, options);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(ForecastJson.Of(result), new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            Render(result);
            return 0;
        });
        return command;
    }

    private static string F(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static void Render(ForecastComparison r)
    {
        int n = r.Series.Count;
        AnsiConsole.MarkupLine($"[bold]Forecast backtest[/]: {n} series, {r.Bin.ToString().ToLowerInvariant()} bins ({r.Clock}), seasonal period {r.Period}, {r.Origins} origins x horizon {r.Horizon}");
        var table = new Table().AddColumns("method", "mean MAE", "mean MASE", "beats seasonal naive", "ties", "MASE < 1");
        for (int k = 0; k < r.Methods.Count; k++)
        {
            var m = r.Methods[k];
            // Method 0 is seasonal naive itself: it ties with itself everywhere, which says nothing.
            table.AddRow(m.Method, F(m.MeanMae), $"{F(m.MeanMase)} ({m.MaseSeries} series)", k == 0 ? "(baseline)" : $"{m.BeatsSeasonalNaive}/{n}",
                k == 0 ? "" : m.TiesSeasonalNaive.ToString(CultureInfo.InvariantCulture), $"{m.MaseBelowOne}/{m.MaseSeries}");
        }
        AnsiConsole.Write(table);
        var per = new Table().AddColumns(["series", "posts", .. r.Methods.Select(m => $"{m.Method} MAE / MASE")]);
        foreach (var s in r.Series)
            per.AddRow([Markup.Escape($"{s.Series.Kind} {s.Series.Name}"), s.Series.Counts.Sum().ToString("0", CultureInfo.InvariantCulture),
                .. s.Backtest.Errors.Select(e => $"{F(e.Mae)} / {F(e.Mase)}")]);
        AnsiConsole.Write(per);
        foreach (var (series, reason) in r.Skipped) AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(series)}: {Markup.Escape(reason)}");
    }
}
