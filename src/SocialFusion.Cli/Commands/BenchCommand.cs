using System.CommandLine;
using System.Text.Json;
using SocialFusion.Training.Benchmarks;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion bench</c>: throughput figures relative to the same run's matmul ceiling.</summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (for scripts)." };
        var quick = new Option<bool>("--quick") { Description = "Fewer timed runs (3 instead of 7)." };
        var only = new Option<string?>("--only") { Description = "Run one group only: sgmft or clip (matmul always runs)." };
        only.AcceptOnlyFromAmong([.. BenchmarkSuite.Groups]);
        var command = new Command("bench", "Measure matmul GFLOP/s, SG-MFT training/inference and CLIP ViT-B/32 throughput (median after warm-up).") { json, quick, only };
        command.Subcommands.Add(BenchAnalyticsCommand.Create());
        command.Subcommands.Add(BenchCommunitiesCommand.Create());
        command.SetAction(parse =>
        {
            // Before libtorch loads: idle OpenMP workers sleep instead of spinning (see TorchThreading).
            bool asJson = parse.GetValue(json);
            var report = BenchmarkSuite.Run(name => { if (!asJson) Console.Error.WriteLine($"measuring {name} ..."); }, parse.GetValue(quick), parse.GetValue(only));
            if (asJson)
            {
                Console.WriteLine(JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                return 0;
            }
            var table = new Table().AddColumns("benchmark", "median", "unit", "GFLOP/item", "GFLOP/s", "of matmul", "PyTorch", "ratio vs PyTorch*");
            table.AddRow(Markup.Escape(report.Matmul.Name), $"{report.Matmul.Value:F1}", "GFLOP/s", "", "", "100%", "140.0", "");
            foreach (var line in report.Lines)
            {
                var f = line.Figure;
                table.AddRow(Markup.Escape(f.Name), $"{f.Value:F1}", f.Unit, $"{f.FlopsPerItem / 1e9:F3}", $"{f.Gflops:F1}",
                    $"{f.MatmulFraction:P0}", line.PyTorch is null ? "" : $"{line.PyTorch.Value:F1}",
                    line.RatioToPyTorch is null ? "" : $"{line.RatioToPyTorch:F2}x");
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"threads: {report.Threads}, OMP_WAIT_POLICY: {report.OmpWaitPolicy ?? "default"}. *ratio = (ours / our matmul) / (PyTorch / PyTorch's matmul), so machine load cancels out.");
            return 0;
        });
        return command;
    }
}
