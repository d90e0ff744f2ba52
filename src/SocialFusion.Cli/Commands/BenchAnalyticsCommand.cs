using System.CommandLine;
using System.Text.Json;
using SocialFusion.Analytics.Benchmarks;
using SocialFusion.Data.Demo;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion bench analytics</c>: ingest posts/s, time for all profiles, peak memory.</summary>
public static class BenchAnalyticsCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--input", "-i") { Description = "Posts file to ingest (default: generate text-only demo posts with --posts/--users)." };
        var follows = new Option<FileInfo?>("--follows") { Description = "Follow-edge CSV (default with generated data: its truth/follows.csv)." };
        var posts = new Option<int>("--posts") { Description = "Posts to generate when no --input is given.", DefaultValueFactory = _ => 1_000_000 };
        var users = new Option<int>("--users") { Description = "Users to generate when no --input is given.", DefaultValueFactory = _ => 50_000 };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for generated data and the benchmark database (default: a temporary folder, deleted afterwards)." };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON." };
        var command = new Command("analytics", "Analytics store benchmark: ingest posts/s, time to compute every user's profile, peak memory.")
        {
            input, follows, posts, users, work, json,
        };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(work)?.FullName;
            var dir = given ?? Path.Combine(Path.GetTempPath(), "sf-bench-analytics-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(dir);
            try
            {
                var postsPath = parse.GetValue(input)?.FullName;
                var followsPath = parse.GetValue(follows)?.FullName;
                double generate = 0;
                if (postsPath is null)
                {
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var n = parse.GetValue(users);
                    var options = new ScaleDemoOptions(new DemoDataOptions { Posts = parse.GetValue(posts), Users = n, Communities = Math.Min(50, n) });
                    Console.Error.WriteLine($"generating {options.Demo.Posts} text-only posts by {n} users in {dir} ...");
                    postsPath = ScaleDemoGenerator.Generate(options, dir).PostsPath;
                    followsPath ??= Path.Combine(dir, "truth", "follows.csv");
                    generate = clock.Elapsed.TotalSeconds;
                }
                var r = AnalyticsBenchmark.Run(postsPath, followsPath, Path.Combine(dir, "bench.duckdb"), profiles: SocialFusion.Analytics.Users.UserAnalysis.ProfilesAndSegments, progress: new Training.SyncProgress<string>(s => Console.Error.WriteLine(s + " ...")));
                var cascades = CascadeBenchmark.Run(Path.Combine(dir, "bench.duckdb"));
                Console.Error.WriteLine("trends ...");
                SocialFusion.Analytics.Trends.TrendsBenchmarkResult trends;
                using (var bench = SocialFusion.Analytics.Store.AnalyticsStore.Open(Path.Combine(dir, "bench.duckdb"), readOnly: true)) trends = SocialFusion.Analytics.Trends.TrendsBenchmark.Run(bench);
                if (parse.GetValue(json))
                {
                    Console.WriteLine(JsonSerializer.Serialize(new { r.Posts, r.Follows, r.IngestSeconds, r.PostsPerSecond, r.ProfileSeconds, r.ProfileRows, r.ProfileSource, r.PeakMemoryBytes, r.Cores, GenerateSeconds = generate, TrendsSeconds = trends.TotalSeconds, TrendsSeriesSeconds = trends.SeriesSeconds, TrendsDetectSeconds = trends.DetectSeconds, TrendsSeries = trends.Series, TrendsBins = trends.Bins, Cascades = cascades },
                        new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
                    return 0;
                }
                if (generate > 0) Console.WriteLine($"generated demo data:  {generate,8:F1} s");
                Console.WriteLine($"ingest:               {r.IngestSeconds,8:F1} s  {r.PostsPerSecond,10:N0} posts/s  ({r.Posts:N0} posts, {r.Follows:N0} follow edges)");
                Console.WriteLine($"all profiles:         {r.ProfileSeconds,8:F1} s  ({r.ProfileRows:N0} feature rows; {r.ProfileSource})");
                Console.WriteLine($"cascade metrics:      {cascades.TotalSeconds,8:F1} s  ({cascades.Cascades:N0} cascades with reshares, largest {cascades.LargestCascade:N0} posts; read {cascades.LoadSeconds:F1} s, metrics {cascades.MetricSeconds:F1} s; peak so far {cascades.PeakMemoryBytes / 1048576.0:N0} MiB)");
                Console.WriteLine($"full trends:          {trends.TotalSeconds,8:F1} s  (series {trends.SeriesSeconds:F1} s + detection {trends.DetectSeconds:F1} s; {trends.Series:N0} series x {trends.Bins:N0} hourly bins, {string.Join(", ", trends.Bursts.Select(b => $"{b.Key} {b.Value}"))} bursts)");
                Console.WriteLine($"peak memory:          {r.PeakMemoryBytes / 1048576.0,8:N0} MiB (resident, managed + DuckDB)");
                Console.WriteLine($"cores: {r.Cores}. Targets (2 cores): ingest >= 250,000 posts/s, all profiles for 1M posts < 10 s, full trends < 10 s, peak < 2 GB.");
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
