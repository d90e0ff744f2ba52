using System.Globalization;
using DuckDB.NET.Data;
using SocialFusion.Analytics.Clustering;
using SocialFusion.Data.Demo;

namespace SocialFusion.Analytics.Users;

/// <summary>
/// How users are segmented. Reference setting (<see cref="Routine"/>): the routine features (location share per
/// time context, activity per 4-hour bin, weekend share), k chosen by mean silhouette over 2..8, k-means++ with
/// 10 restarts; k is chosen on at most 2,000 users (silhouette is quadratic), the final k-means runs on all.
/// </summary>
/// <param name="FeaturePrefixes">Profile features (by name prefix, see <see cref="UserProfiles"/>) that make up the vector.</param>
/// <param name="K">A fixed number of segments, or null to choose it by silhouette over <see cref="MinK"/>..<see cref="MaxK"/>.</param>
/// <param name="MinK">Smallest k tried.</param>
/// <param name="MaxK">Largest k tried.</param>
/// <param name="SilhouetteSample">Users the k choice sees at most (a seeded sample).</param>
/// <param name="KMeans">The clustering's restarts, iterations and seed.</param>
/// <param name="DescribeTop">Distinguishing features listed per segment.</param>
public sealed record SegmentationConfig(
    IReadOnlyList<string> FeaturePrefixes, int? K = null, int MinK = 2, int MaxK = 8, int SilhouetteSample = 2000,
    KMeansConfig? KMeans = null, int DescribeTop = 5)
{
    /// <summary>The reference setting: where and when people post.</summary>
    public static SegmentationConfig Routine { get; } = new(["ctx.", "hour4.", "weekend"]);

    /// <summary>Every behavioural share: routine plus sentiment, engagement percentiles and reply/repost shares.</summary>
    public static SegmentationConfig Full { get; } = new(["ctx.", "hour4.", "weekend", "sent.", "engp.", "reply.share", "repost.share", "reply.to_followee"]);

    /// <summary>Named presets.</summary>
    public static IReadOnlyDictionary<string, SegmentationConfig> Presets { get; } =
        new Dictionary<string, SegmentationConfig> { ["routine"] = Routine, ["full"] = Full };
}

/// <summary>One feature that sets a segment apart: its mean in the segment and in the population, and the difference in population standard deviations.</summary>
public sealed record DistinguishingFeature(string Feature, double SegmentMean, double PopulationMean, double StandardizedDifference);

/// <summary>One segment: its index, size and the features that set it apart (largest |standardised difference| first).</summary>
public sealed record Segment(int Index, int Size, IReadOnlyList<DistinguishingFeature> Distinguishing);

/// <summary>A segmentation: the chosen k, the silhouette per k tried, the segments and each user's segment.</summary>
public sealed record SegmentationResult(
    int K, IReadOnlyDictionary<int, double> SilhouetteByK, double Silhouette, IReadOnlyList<string> Features,
    IReadOnlyList<Segment> Segments, IReadOnlyDictionary<string, int> Assignments)
{
    /// <summary>The feature groups used (name prefixes before the first dot).</summary>
    public IReadOnlyList<string> FeaturePrefixes() => Features.Select(f => f.Split('.')[0]).Distinct().ToList();
}

/// <summary>
/// User segments: k-means++ (<see cref="KMeansPlusPlus"/>) over profile vectors read from <c>user_features</c>, k by
/// mean silhouette (<see cref="Silhouette"/>) or given. Every selected feature is a share in [0, 1], so vectors are
/// compared as they are. Segments are numbered by size (0 = largest) so runs are comparable.
/// </summary>
public static class UserSegmentation
{
    /// <summary>Segments the users profiled under <paramref name="runId"/> and writes <c>user_segments</c> for that run.</summary>
    public static SegmentationResult Run(DuckDBConnection db, string runId, SegmentationConfig? config = null)
    {
        config ??= SegmentationConfig.Routine;
        var (users, features, vectors) = ReadVectors(db, runId, config.FeaturePrefixes);
        if (users.Count < 2) throw new InvalidOperationException($"Segmentation needs at least 2 profiled users, run {runId} has {users.Count}.");
        var kmeans = config.KMeans ?? KMeansConfig.Reference;
        var silhouettes = new SortedDictionary<int, double>();
        int k;
        if (config.K is int fixedK)
        {
            if (fixedK < 1 || fixedK > users.Count) throw new ArgumentException($"k = {fixedK} is outside 1..{users.Count} (the users profiled).");
            k = fixedK;
        }
        else
        {
            var sample = Sample(vectors, config.SilhouetteSample, kmeans.Seed);
            int maxK = Math.Min(config.MaxK, sample.Count - 1);
            if (maxK < config.MinK) throw new InvalidOperationException($"Too few users ({sample.Count}) to choose k in {config.MinK}..{config.MaxK}.");
            for (int kk = config.MinK; kk <= maxK; kk++)
                silhouettes[kk] = Clustering.Silhouette.Mean(sample, KMeansPlusPlus.Fit(sample, kk, kmeans).Assignments);
            k = silhouettes.MaxBy(p => p.Value).Key;
        }
        var fit = KMeansPlusPlus.Fit(vectors, k, kmeans);
        // Renumber by size (then by first member) so segment 0 is the largest whatever the seeding did.
        var order = Enumerable.Range(0, k).OrderByDescending(c => fit.Assignments.Count(a => a == c))
            .ThenBy(c => Array.IndexOf(fit.Assignments, c)).ToArray();
        var rename = new int[k];
        for (int i = 0; i < k; i++) rename[order[i]] = i;
        var assign = fit.Assignments.Select(a => rename[a]).ToArray();
        double silhouette = k >= 2 && assign.Distinct().Count() >= 2
            ? Clustering.Silhouette.Mean(Sample(vectors, config.SilhouetteSample, kmeans.Seed, assign, out var sampledAssign), sampledAssign)
            : 0;
        var segments = Describe(vectors, assign, k, features, config.DescribeTop);
        var assignments = users.Select((u, i) => (u, assign[i])).ToDictionary(t => t.u, t => t.Item2, StringComparer.Ordinal);
        Write(db, runId, assignments);
        return new SegmentationResult(k, silhouettes, silhouette, features, segments, assignments);
    }

    /// <summary>Reads the selected features of every user of a run as dense vectors (a missing feature is 0).</summary>
    public static (List<string> Users, List<string> Features, List<double[]> Vectors) ReadVectors(
        DuckDBConnection db, string runId, IReadOnlyList<string> prefixes)
    {
        string where = string.Join(" OR ", prefixes.Select((_, i) => $"starts_with(feature, $p{i})"));
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"SELECT user_id, feature, value FROM user_features WHERE run_id = $run AND ({where}) ORDER BY user_id, feature";
        cmd.Parameters.Add(new DuckDBParameter("run", runId));
        for (int i = 0; i < prefixes.Count; i++) cmd.Parameters.Add(new DuckDBParameter($"p{i}", prefixes[i]));
        var rows = new List<(string User, string Feature, double Value)>();
        using (var r = cmd.ExecuteReader())
            while (r.Read()) rows.Add((r.GetString(0), r.GetString(1), r.GetDouble(2)));
        var features = rows.Select(t => t.Feature).Distinct().Order(StringComparer.Ordinal).ToList();
        var index = features.Select((f, i) => (f, i)).ToDictionary(t => t.f, t => t.i, StringComparer.Ordinal);
        var users = new List<string>(); var vectors = new List<double[]>();
        foreach (var g in rows.GroupBy(t => t.User))
        {
            var v = new double[features.Count];
            foreach (var t in g) v[index[t.Feature]] = t.Value;
            users.Add(g.Key); vectors.Add(v);
        }
        return (users, features, vectors);
    }

    private static List<double[]> Sample(List<double[]> vectors, int max, ulong seed) => Sample(vectors, max, seed, null, out _);

    /// <summary>A seeded sample of at most <paramref name="max"/> rows (all rows when there are fewer), in row order.</summary>
    private static List<double[]> Sample(List<double[]> vectors, int max, ulong seed, int[]? assign, out int[] sampledAssign)
    {
        var idx = Enumerable.Range(0, vectors.Count).ToList();
        if (idx.Count > max)
        {
            var rng = DemoRandom.Stream(seed, "silhouette-sample");
            for (int i = idx.Count - 1; i > 0; i--) { int j = rng.Next(i + 1); (idx[i], idx[j]) = (idx[j], idx[i]); }
            idx = [.. idx.Take(max).Order()];
        }
        sampledAssign = assign == null ? [] : idx.Select(i => assign[i]).ToArray();
        return idx.Select(i => vectors[i]).ToList();
    }

    /// <summary>Per segment, the features whose segment mean differs most from the population mean, in population standard deviations.</summary>
    private static List<Segment> Describe(List<double[]> vectors, int[] assign, int k, List<string> features, int top)
    {
        int n = vectors.Count, d = features.Count;
        var mean = new double[d]; var sd = new double[d];
        foreach (var v in vectors) for (int j = 0; j < d; j++) mean[j] += v[j] / n;
        foreach (var v in vectors) for (int j = 0; j < d; j++) sd[j] += (v[j] - mean[j]) * (v[j] - mean[j]) / n;
        for (int j = 0; j < d; j++) sd[j] = Math.Sqrt(sd[j]);
        var segments = new List<Segment>();
        for (int c = 0; c < k; c++)
        {
            var members = Enumerable.Range(0, n).Where(i => assign[i] == c).ToList();
            var sm = new double[d];
            foreach (var i in members) for (int j = 0; j < d; j++) sm[j] += vectors[i][j] / members.Count;
            var distinguishing = Enumerable.Range(0, d).Where(j => sd[j] > 1e-12)
                .Select(j => new DistinguishingFeature(features[j], sm[j], mean[j], (sm[j] - mean[j]) / sd[j]))
                .OrderByDescending(f => Math.Abs(f.StandardizedDifference)).ThenBy(f => f.Feature, StringComparer.Ordinal)
                .Take(top).ToList();
            segments.Add(new Segment(c, members.Count, distinguishing));
        }
        return segments;
    }

    private static void Write(DuckDBConnection db, string runId, IReadOnlyDictionary<string, int> assignments)
    {
        using (var del = db.CreateCommand())
        {
            del.CommandText = "DELETE FROM user_segments WHERE run_id = $run";
            del.Parameters.Add(new DuckDBParameter("run", runId));
            del.ExecuteNonQuery();
        }
        using var appender = db.CreateAppender("user_segments");
        foreach (var (user, segment) in assignments.OrderBy(p => p.Key, StringComparer.Ordinal))
            appender.CreateRow().AppendValue(runId).AppendValue(user).AppendValue(segment).EndRow();
    }

    internal static string Format(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
