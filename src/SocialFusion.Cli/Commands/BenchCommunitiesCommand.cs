using System.CommandLine;
using System.Text.Json;
using SocialFusion.Analytics.Benchmarks;
using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Store;
using SocialFusion.Data.Demo;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion bench communities</c>: Louvain and Leiden time, modularity and NMI on a large graph, igraph beside them.</summary>
public static class BenchCommunitiesCommand
{
    private static string Percent(double d) => (d >= 0 ? "+" : "") + (d * 100).ToString("F3", System.Globalization.CultureInfo.InvariantCulture) + "%";

    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "planted: an LFR-style graph (--nodes, --edges, --mixing); scale-demo: the follow graph of demo-data --scale (--posts, --users), ingested into a store.", DefaultValueFactory = _ => "planted" };
        source.AcceptOnlyFromAmong("planted", "scale-demo");
        var nodes = new Option<int>("--nodes") { Description = "planted: nodes.", DefaultValueFactory = _ => PlantedCommunityOptions.Benchmark.Nodes };
        var edges = new Option<int>("--edges") { Description = "planted: edges.", DefaultValueFactory = _ => PlantedCommunityOptions.Benchmark.Edges };
        var mixing = new Option<double>("--mixing") { Description = "planted: share of edges drawn across communities (mu).", DefaultValueFactory = _ => PlantedCommunityOptions.Benchmark.Mixing };
        var posts = new Option<int>("--posts") { Description = "scale-demo: posts to generate.", DefaultValueFactory = _ => 1_000_000 };
        var users = new Option<int>("--users") { Description = "scale-demo: users to generate.", DefaultValueFactory = _ => 100_000 };
        var igraph = new Option<bool>("--igraph") { Description = "Also run igraph's community_multilevel and community_leiden on the same edge list in this run (needs Debian's python3-igraph)." };
        var script = new Option<FileInfo>("--igraph-script") { Description = "The comparison script.", DefaultValueFactory = _ => new FileInfo(Path.Combine("build", "bench", "communities_igraph.py")) };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for generated data, the store and the exported edge list (default: a temporary folder, deleted afterwards)." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("communities", "Community detection benchmark: Louvain and Leiden time, modularity and NMI on a 1M-edge graph, optionally against igraph in the same run.")
        {
            source, nodes, edges, mixing, posts, users, igraph, script, work, json,
        };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(work)?.FullName;
            var dir = given ?? Path.Combine(Path.GetTempPath(), "sf-bench-communities-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            var progress = new Training.SyncProgress<string>(s => Console.Error.WriteLine(s + " ..."));
            try
            {
                bool compare = parse.GetValue(igraph);
                string? export = compare ? Path.Combine(dir, "igraph") : null;
                CommunityBenchmarkResult r;
                if (parse.GetRequiredValue(source) == "planted")
                {
                    var o = PlantedCommunityOptions.Benchmark with { Nodes = parse.GetValue(nodes), Edges = parse.GetValue(edges), Mixing = parse.GetValue(mixing) };
                    r = CommunityBenchmark.OnPlanted(o, export, progress).Result;
                }
                else
                {
                    int n = parse.GetValue(users);
                    var options = new ScaleDemoOptions(new DemoDataOptions { Posts = parse.GetValue(posts), Users = n, Communities = Math.Min(50, n) });
                    progress.Report($"generating {options.Demo.Posts:N0} text-only posts by {n:N0} users");
                    var data = ScaleDemoGenerator.Generate(options, dir).PostsPath;
                    var db = Path.Combine(dir, "bench.duckdb");
                    foreach (var f in new[] { db, db + ".wal" }) if (File.Exists(f)) File.Delete(f);
                    using var store = AnalyticsStore.Open(db);
                    progress.Report("ingesting");
                    StoreIngest.Run(store, new IngestRequest(data, Path.Combine(dir, "truth", "follows.csv")));
                    r = CommunityBenchmark.OnStore(store, Path.Combine(dir, "truth", "users.jsonl"), export, progress);
                }
                var rows = r.Rows.ToList();
                if (compare)
                {
                    progress.Report("igraph");
                    rows.AddRange(CommunityBenchmark.Igraph(parse.GetRequiredValue(script).FullName, export!));
                }
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(r with { Rows = rows }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                    return 0;
                }
                Console.WriteLine($"{r.Graph}: {r.Nodes:N0} nodes, {r.Pairs:N0} linked pairs, {r.Planted:N0} planted communities; prepared in {r.PrepareSeconds:F1} s");
                var table = new Table().AddColumns("implementation", "method", "seconds", "modularity", "communities", "NMI", "vs igraph: time", "vs igraph: modularity");
                foreach (var row in rows)
                {
                    var other = rows.FirstOrDefault(o => o.Method == row.Method && o.Implementation != row.Implementation && o.Implementation.StartsWith("igraph", StringComparison.Ordinal));
                    bool ours = row.Implementation == "SocialFusion";
                    table.AddRow(Markup.Escape(row.Implementation), row.Method, $"{row.Seconds:F2}", $"{row.Modularity:F5}", $"{row.Communities:N0}", row.Nmi is { } v ? $"{v:F4}" : "",
                        ours && other != null ? $"{row.Seconds / other.Seconds:F2}x" : "", ours && other != null ? Percent((row.Modularity - other.Modularity) / other.Modularity) : "");
                }
                AnsiConsole.Write(table);
                Console.WriteLine($"peak memory: {r.PeakMemoryBytes / 1048576.0:N0} MiB (this process, resident). Targets: < 60 s, NMI >= 0.9 at low mixing, < 4 GB; vs igraph: modularity within 1%, time within 2x.");
                return 0;
            }
            finally
            {
                if (given is null) Directory.Delete(dir, recursive: true);
            }
        });
        return command;
    }
}
