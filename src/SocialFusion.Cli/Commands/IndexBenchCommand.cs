using System.CommandLine;
using System.Globalization;
using SocialFusion.Training.Retrieval;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion index-bench</c>: memory and latency of exact search over synthetic vectors (e.g. 1M posts).</summary>
public static class IndexBenchCommand
{
    public static Command Create()
    {
        var posts = new Option<int>("--posts") { Description = "Number of synthetic posts.", DefaultValueFactory = _ => 1_000_000 };
        var dims = new Option<string>("--dims") { Description = "Comma-separated embedding widths (128 = built-in, 512 = CLIP ViT-B/32).", DefaultValueFactory = _ => "128,512" };
        var command = new Command("index-bench", "Measure index memory, build/save/load time and query latency on synthetic unit vectors.") { posts, dims };
        command.SetAction(parse =>
        {
            var table = new Table().AddColumns("posts", "D", "threads", "matrix MB", "working set +MB", "build s", "1 query ms", "batched ms/query", "save s", "load s", "file MB");
            foreach (var d in parse.GetValue(dims)!.Split(',').Select(int.Parse))
            {
                Console.Error.WriteLine($"measuring {parse.GetValue(posts)} x {d} ...");
                var r = IndexBenchmark.Run(parse.GetValue(posts), d);
                Console.Error.WriteLine(r); // full record: the table columns get narrow on small terminals
                string F(double v, string f = "F1") => v.ToString(f, CultureInfo.InvariantCulture);
                table.AddRow(r.Posts.ToString(), r.Dim.ToString(), r.Threads.ToString(), F(r.MatrixBytes / 1e6, "F0"), F(r.WorkingSetDeltaBytes / 1e6, "F0"),
                    F(r.BuildSeconds, "F2"), F(r.SingleQueryMs), F(r.BatchedQueryMs, "F2") + $" (x{r.BatchSize})", F(r.SaveSeconds, "F2"), F(r.LoadSeconds, "F2"), F(r.FileBytes / 1e6, "F0"));
            }
            AnsiConsole.Write(table);
            Console.WriteLine("One modality matrix; a post index holds two (text and image), so double the memory and file size.");
            return 0;
        });
        return command;
    }
}
