using System.Diagnostics;
using System.Text.Json;
using SocialFusion.Analytics.Evaluation;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Communities;

/// <summary>Which algorithm finds the communities.</summary>
public enum CommunityMethod
{
    /// <summary><see cref="Communities.Louvain"/>.</summary>
    Louvain,
    /// <summary><see cref="Communities.Leiden"/> (connected communities guaranteed).</summary>
    Leiden,
}

/// <summary>What <see cref="CommunityAnalysis.Run"/> computes.</summary>
/// <param name="Graph">Edges and direction (<see cref="CommunityGraphSpec.Presets"/>).</param>
/// <param name="Method">Louvain or Leiden.</param>
/// <param name="Resolution">gamma of modularity.</param>
/// <param name="Seed">Seed of the algorithm (same seed, same partition).</param>
/// <param name="TruthUsersPath">Demo <c>truth/users.jsonl</c>: score against its planted <c>community</c> (NMI, ARI).</param>
public sealed record CommunityOptions(CommunityGraphSpec Graph, CommunityMethod Method, double Resolution = 1.0, ulong Seed = 42, string? TruthUsersPath = null)
{
    /// <summary>Leiden on the undirected follow graph, gamma = 1, seed 42.</summary>
    public static CommunityOptions Reference { get; } = new(CommunityGraphSpec.Reference, CommunityMethod.Leiden);
}

/// <summary>Agreement with the planted communities over the users both sides know.</summary>
/// <param name="Nmi">Normalised mutual information (arithmetic mean).</param>
/// <param name="Ari">Adjusted Rand index.</param>
/// <param name="Scored">Users scored.</param>
/// <param name="OnlyInStore">Store users the truth file does not list (left out).</param>
/// <param name="OnlyInTruth">Truth users with no node in the store (left out).</param>
/// <param name="Planted">Planted communities among the scored users.</param>
public sealed record CommunityAgreement(double Nmi, double Ari, int Scored, int OnlyInStore, int OnlyInTruth, int Planted);

/// <summary>The result of one community detection on the store.</summary>
/// <param name="Options">What was run.</param>
/// <param name="UserIds">User id of each node (the store's ids; pseudonymise before showing).</param>
/// <param name="Partition">Community per node, modularity, levels.</param>
/// <param name="Pairs">Distinct user pairs with an edge.</param>
/// <param name="Isolated">Users with no edge (singleton communities).</param>
/// <param name="GraphSeconds">Time to build the graph from the store (SQL and CSR).</param>
/// <param name="Seconds">Time of the algorithm alone.</param>
/// <param name="Truth">Scores against the planted communities, when a truth file was given.</param>
/// <param name="Mixing">Edge weight between the largest communities (last row and column: all others).</param>
public sealed record CommunityAnalysisResult(CommunityOptions Options, string[] UserIds, CommunityPartition Partition, long Pairs, int Isolated,
    double GraphSeconds, double Seconds, CommunityAgreement? Truth, CommunityMixing Mixing);

/// <summary>
/// The library call behind <c>analyze communities</c>, the report section and the demo: loads the graph from the
/// store (<see cref="StoreGraph"/>), runs Louvain or Leiden and scores the result against planted communities.
/// </summary>
public static class CommunityAnalysis
{
    /// <summary>Runs <paramref name="options"/> on <paramref name="store"/>.</summary>
    public static CommunityAnalysisResult Run(AnalyticsStore store, CommunityOptions options)
    {
        var clock = Stopwatch.StartNew();
        var (graph, users) = StoreGraph.Load(store, options.Graph);
        double load = clock.Elapsed.TotalSeconds;
        if (graph.NodeCount == 0) throw new InvalidOperationException($"{store.Path}: the store has no users; ingest posts or follows first.");
        clock.Restart();
        var partition = Detect(graph, options);
        double seconds = clock.Elapsed.TotalSeconds;
        int isolated = 0;
        for (int u = 0; u < graph.NodeCount; u++) if (graph.Offsets[u + 1] == graph.Offsets[u] && graph.SelfWeight[u] == 0) isolated++;
        var truth = options.TruthUsersPath is null ? null : Score(users, partition.Membership, PlantedCommunities.Read(options.TruthUsersPath));
        return new CommunityAnalysisResult(options, users, partition, graph.PairCount, isolated, load, seconds, truth, CommunityMixing.Of(graph, partition));
    }

    /// <summary>The chosen algorithm on an already built graph.</summary>
    public static CommunityPartition Detect(CommunityGraph graph, CommunityOptions options) => options.Method switch
    {
        CommunityMethod.Louvain => Louvain.Run(graph, new LouvainConfig(options.Resolution, options.Seed)),
        _ => Leiden.Run(graph, LeidenConfig.Reference with { Resolution = options.Resolution, Seed = options.Seed }),
    };

    /// <summary>NMI and ARI over the users both sides know; how many each side left out is reported.</summary>
    public static CommunityAgreement Score(string[] users, int[] membership, IReadOnlyDictionary<string, int> planted)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        var truth = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int u = 0; u < users.Length; u++)
            if (planted.TryGetValue(users[u], out int c)) { found[users[u]] = membership[u]; truth[users[u]] = c; }
        if (found.Count == 0) throw new InvalidDataException("No user of the store is in the truth file: is it the truth of this data?");
        return new CommunityAgreement(PartitionAgreement.NormalizedMutualInformation(found, truth), PartitionAgreement.AdjustedRandIndex(found, truth),
            found.Count, users.Length - found.Count, planted.Count - found.Count, truth.Values.Distinct().Count());
    }
}

/// <summary>The planted communities of a demo collection (<c>truth/users.jsonl</c>, field <c>community</c>).</summary>
public static class PlantedCommunities
{
    /// <summary>user_id to planted community; a malformed line is an error naming the file and line.</summary>
    public static Dictionary<string, int> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: truth file not found.", path);
        var planted = new Dictionary<string, int>(StringComparer.Ordinal);
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var id = doc.RootElement.GetProperty("user_id").GetString() ?? throw new InvalidDataException("user_id is null");
                if (!planted.TryAdd(id, doc.RootElement.GetProperty("community").GetInt32())) throw new InvalidDataException($"duplicate user_id {id}");
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
            {
                throw new InvalidDataException($"{path}:{line}: {e.Message}", e);
            }
        }
        return planted;
    }
}
