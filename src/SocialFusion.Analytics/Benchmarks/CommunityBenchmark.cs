using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SocialFusion.Analytics.Communities;
using SocialFusion.Analytics.Evaluation;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Benchmarks;

/// <summary>One algorithm run of the benchmark.</summary>
/// <param name="Implementation">"SocialFusion" or "igraph X.Y".</param>
/// <param name="Method">"louvain" or "leiden".</param>
/// <param name="Seconds">Wall time of the algorithm alone (graph loading excluded).</param>
/// <param name="Modularity">Modularity of the result (gamma = 1).</param>
/// <param name="Communities">Communities found.</param>
/// <param name="Nmi">NMI against the planted communities, when known.</param>
public sealed record CommunityBenchmarkRow(string Implementation, string Method, double Seconds, double Modularity, int Communities, double? Nmi);

/// <summary>The figures of one <c>bench communities</c> run.</summary>
/// <param name="Graph">What graph was measured.</param>
/// <param name="Nodes">Nodes.</param>
/// <param name="Pairs">Distinct undirected pairs with an edge.</param>
/// <param name="Planted">Planted communities (0 when unknown).</param>
/// <param name="PrepareSeconds">Generating or loading the graph (for the store: SQL and CSR).</param>
/// <param name="Rows">Our Louvain and Leiden, then igraph's when it ran.</param>
/// <param name="PeakMemoryBytes">Peak resident memory of this process (VmHWM).</param>
public sealed record CommunityBenchmarkResult(string Graph, int Nodes, long Pairs, int Planted, double PrepareSeconds, IReadOnlyList<CommunityBenchmarkRow> Rows, long PeakMemoryBytes);

/// <summary>
/// <c>socialfusion bench communities</c>: Louvain and Leiden on a large graph (the LFR-style
/// <see cref="PlantedCommunityGraph"/> or the store's follow graph), timed after a warm-up on a small graph so that
/// JIT compilation is not counted; optionally the same edge list goes to igraph (build/bench/communities_igraph.py
/// under Debian's python3-igraph) in the same run. A benchmark, not a test.
/// </summary>
public static class CommunityBenchmark
{
    /// <summary>Measures on a generated planted-partition graph; exports it to <paramref name="exportDir"/> when given.</summary>
    public static (CommunityGraph Graph, int[] Truth, CommunityBenchmarkResult Result) OnPlanted(PlantedCommunityOptions o, string? exportDir, IProgress<string>? progress = null)
    {
        progress?.Report("generating the planted-partition graph");
        var clock = Stopwatch.StartNew();
        var (src, dst, truth) = PlantedCommunityGraph.Generate(o);
        var graph = CommunityGraph.FromEdges(o.Nodes, src, dst, Enumerable.Repeat(1.0, src.Length).ToArray(), EdgeDirection.Undirected);
        double prepare = clock.Elapsed.TotalSeconds;
        string name = FormattableString.Invariant($"planted partition (LFR-style): {o.Nodes:N0} nodes, {o.Edges:N0} edges, mu = {o.Mixing}, communities {o.MinCommunity}-{o.MaxCommunity}, seed {o.Seed}");
        return (graph, truth, Measure(name, graph, truth, prepare, exportDir, progress));
    }

    /// <summary>Measures on the store's undirected follow graph, scored against <paramref name="truthUsersPath"/> when given.</summary>
    public static CommunityBenchmarkResult OnStore(AnalyticsStore store, string? truthUsersPath, string? exportDir, IProgress<string>? progress = null)
    {
        progress?.Report("loading the follow graph");
        var clock = Stopwatch.StartNew();
        var (graph, users) = StoreGraph.Load(store, CommunityGraphSpec.Reference);
        double prepare = clock.Elapsed.TotalSeconds;
        int[]? truth = null;
        if (truthUsersPath != null)
        {
            var planted = PlantedCommunities.Read(truthUsersPath);
            int next = planted.Values.DefaultIfEmpty(-1).Max() + 1;
            // Users the truth does not list each get a label of their own, so the scores cover every node.
            truth = users.Select(u => planted.TryGetValue(u, out int c) ? c : next++).ToArray();
        }
        return Measure($"follow graph of {store.Path}", graph, truth, prepare, exportDir, progress);
    }

    private static CommunityBenchmarkResult Measure(string name, CommunityGraph graph, int[]? truth, double prepare, string? exportDir, IProgress<string>? progress)
    {
        if (exportDir != null) Export(graph, truth, exportDir);
        progress?.Report("warming up");
        var (ws, wd, _) = PlantedCommunityGraph.Generate(new PlantedCommunityOptions(Nodes: 5_000, Edges: 40_000, MinCommunity: 20, MaxCommunity: 500));
        var warm = CommunityGraph.FromEdges(5_000, ws, wd, Enumerable.Repeat(1.0, ws.Length).ToArray(), EdgeDirection.Undirected);
        Louvain.Run(warm); Leiden.Run(warm);
        var rows = new List<CommunityBenchmarkRow>();
        foreach (var (method, run) in new (string, Func<CommunityPartition>)[] { ("louvain", () => Louvain.Run(graph)), ("leiden", () => Leiden.Run(graph)) })
        {
            progress?.Report(method);
            var clock = Stopwatch.StartNew();
            var p = run();
            double seconds = clock.Elapsed.TotalSeconds;
            rows.Add(new CommunityBenchmarkRow("SocialFusion", method, seconds, p.Modularity, p.Count, truth is null ? null : Nmi(p.Membership, truth)));
        }
        int planted = truth?.Distinct().Count() ?? 0;
        return new CommunityBenchmarkResult(name, graph.NodeCount, graph.PairCount, planted, prepare, rows, AnalyticsBenchmark.PeakResidentBytes());
    }

    /// <summary>NMI of two label arrays over the same nodes.</summary>
    public static double Nmi(int[] found, int[] truth) =>
        PartitionAgreement.NormalizedMutualInformation(Keyed(found), Keyed(truth));

    private static Dictionary<string, int> Keyed(int[] labels)
    {
        var d = new Dictionary<string, int>(labels.Length);
        for (int u = 0; u < labels.Length; u++) d[u.ToString(CultureInfo.InvariantCulture)] = labels[u];
        return d;
    }

    /// <summary>
    /// Writes <c>edges.tsv</c> (<c># nodes N</c>, then <c>u, v, S_uv</c> once per pair with u &lt; v, and a loop as
    /// <c>u, u, S_uu / 2</c>) and <c>truth.txt</c> (one label per node), the input of communities_igraph.py.
    /// </summary>
    public static void Export(CommunityGraph graph, int[]? truth, string dir)
    {
        Directory.CreateDirectory(dir);
        using (var w = new StreamWriter(Path.Combine(dir, "edges.tsv")))
        {
            w.WriteLine($"# nodes {graph.NodeCount}");
            for (int u = 0; u < graph.NodeCount; u++)
            {
                if (graph.SelfWeight[u] > 0) w.WriteLine(FormattableString.Invariant($"{u}\t{u}\t{graph.SelfWeight[u] / 2:R}"));
                for (int e = graph.Offsets[u]; e < graph.Offsets[u + 1]; e++)
                    if (graph.Neighbours[e] > u) w.WriteLine(FormattableString.Invariant($"{u}\t{graph.Neighbours[e]}\t{graph.Weights[e]:R}"));
            }
        }
        if (truth != null) File.WriteAllLines(Path.Combine(dir, "truth.txt"), truth.Select(t => t.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Runs <paramref name="script"/> (communities_igraph.py) with <paramref name="python"/> on an exported folder
    /// and returns its rows; a missing interpreter or igraph is an error saying how to install it.
    /// </summary>
    public static IReadOnlyList<CommunityBenchmarkRow> Igraph(string script, string exportDir, string python = "/usr/bin/python3")
    {
        if (!File.Exists(script)) throw new FileNotFoundException($"{script}: the igraph comparison script is not there (it lives in build/bench/ of the repository).", script);
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script); start.ArgumentList.Add(exportDir);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new InvalidOperationException($"{python}: cannot start ({e.Message}); install Debian's python3-igraph (apt-get install -y python3-igraph).", e); }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}; is python3-igraph installed? apt-get install -y python3-igraph): {stderr.Result.Trim()}");
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            string impl = "igraph " + root.GetProperty("igraph").GetString();
            return [.. new[] { "louvain", "leiden" }.Select(m =>
            {
                var r = root.GetProperty(m);
                return new CommunityBenchmarkRow(impl, m, r.GetProperty("seconds").GetDouble(), r.GetProperty("modularity").GetDouble(),
                    r.GetProperty("communities").GetInt32(), r.TryGetProperty("nmi", out var nmi) ? nmi.GetDouble() : null);
            })];
        }
    }
}
