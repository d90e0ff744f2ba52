using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using SocialFusion.Analytics.Evaluation;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Recommendation;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Users;

/// <summary>What <see cref="UserAnalysis.Run"/> does. Reference: profiles and routine segments, k = 5 suppression, no truth, no recommendation.</summary>
/// <param name="Profiles">Profile settings.</param>
/// <param name="Segmentation">Segmentation settings.</param>
/// <param name="Privacy">k-anonymity for the aggregates.</param>
/// <param name="TruthUsersPath">A demo <c>truth/users.jsonl</c>: score the segments against its planted types (ARI, NMI).</param>
/// <param name="Recommendation">Also run the recommendation evaluation with these settings (null: skip it).</param>
public sealed record UserAnalysisOptions(
    ProfileConfig? Profiles = null, SegmentationConfig? Segmentation = null, KAnonymity? Privacy = null,
    string? TruthUsersPath = null, ContextConfig? Recommendation = null);

/// <summary>Agreement of the segments with planted types: ARI and NMI over the users both cover.</summary>
/// <param name="Ari">Adjusted Rand index.</param>
/// <param name="Nmi">Normalised mutual information (arithmetic mean).</param>
/// <param name="Users">Users scored (profiled users that the truth file lists).</param>
/// <param name="TruthOnly">Users in the truth file without posts in the store (not scored).</param>
/// <param name="StoreOnly">Profiled users the truth file does not list (not scored).</param>
public sealed record TruthAgreement(double Ari, double Nmi, int Users, int TruthOnly, int StoreOnly);

/// <summary>Everything one user analysis produced.</summary>
public sealed record UserAnalysisResult(
    string RunId, string DataFingerprint, string? PredictionModel, long UsersProfiled, SegmentationResult Segments,
    SegmentAggregates Aggregates, TruthAgreement? Truth, RecommendationResult? Recommendation);

/// <summary>
/// The user-behaviour analysis as one library call: profiles (<see cref="UserProfiles"/>), segments
/// (<see cref="UserSegmentation"/>), k-anonymous aggregates (<see cref="SegmentAggregates"/>), optionally the score
/// against planted types and the recommendation evaluation (<see cref="RecommendationEvaluation"/>). The run is
/// recorded in <c>analysis_runs</c> with the store's data fingerprint; its rows are keyed by the run id.
/// </summary>
public static class UserAnalysis
{
    /// <summary>Runs the analysis on <paramref name="store"/> (opened writable: results are stored).</summary>
    public static UserAnalysisResult Run(AnalyticsStore store, UserAnalysisOptions? options = null)
    {
        options ??= new UserAnalysisOptions();
        if (store.ReadOnly) throw new InvalidOperationException($"{store.Path}: the user analysis stores its results; open the store writable.");
        var db = store.Connection;
        if (store.Count("posts") == 0) throw new InvalidOperationException($"{store.Path} has no posts; run `socialfusion ingest` first.");
        var profiles = options.Profiles ?? ProfileConfig.Reference;
        var segmentation = options.Segmentation ?? SegmentationConfig.Routine;
        var fingerprint = store.DataFingerprint();
        string runId = "users-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fffffff", CultureInfo.InvariantCulture);
        var parameters = JsonSerializer.Serialize(new
        {
            prediction_model = profiles.PredictionModel, context_pseudo_count = profiles.ContextPseudoCount, top_hashtags = profiles.TopHashtags,
            features = segmentation.FeaturePrefixes, k = segmentation.K, min_k = segmentation.MinK, max_k = segmentation.MaxK,
            seed = (segmentation.KMeans ?? Clustering.KMeansConfig.Reference).Seed, min_users = (options.Privacy ?? KAnonymity.Default).MinUsers,
        });
        AnalysisRuns.Record(db, runId, "users", parameters, fingerprint);
        long users = UserProfiles.Compute(db, runId, profiles);
        var segments = UserSegmentation.Run(db, runId, segmentation);
        var aggregates = SegmentAggregates.Compute(db, runId, segments.K, options.Privacy ?? KAnonymity.Default);
        TruthAgreement? truth = options.TruthUsersPath is { } path ? Score(segments.Assignments, DemoUserTruth.ReadTypes(path)) : null;
        if (truth != null)
            AnalysisRuns.Metrics(db, runId, [("segments.ari", truth.Ari), ("segments.nmi", truth.Nmi), ("segments.scored_users", truth.Users)]);
        AnalysisRuns.Metrics(db, runId, [("segments.k", segments.K), ("segments.silhouette", segments.Silhouette), ("users", users)]);
        // Last: the evaluation recomputes profiles on its training split, which replaces this connection's profile views.
        var recommendation = options.Recommendation is { } rc ? RecommendationEvaluation.Run(db, runId + ":rec", segmentation, rc, profiles) : null;
        return new UserAnalysisResult(runId, fingerprint, UserProfiles.ResolveModel(db, profiles), users, segments, aggregates, truth, recommendation);
    }

    /// <summary>
    /// The timed step of <c>bench analytics</c>: every user's profile (<see cref="UserProfiles"/>) and the reference
    /// segmentation (<see cref="UserSegmentation"/>, k by silhouette on a sample); returns the profile rows written.
    /// </summary>
    public static (long Rows, string Source) ProfilesAndSegments(AnalyticsStore store)
    {
        const string run = "bench";
        UserProfiles.Compute(store.Connection, run);
        var segments = UserSegmentation.Run(store.Connection, run);
        long rows = Convert.ToInt64(store.Scalar("SELECT count(*) FROM user_features WHERE run_id = 'bench'"), CultureInfo.InvariantCulture);
        return (rows, $"UserProfiles + UserSegmentation (routine features, k = {segments.K} by silhouette on <= 2,000 users)");
    }

    /// <summary>ARI and NMI of <paramref name="segments"/> against <paramref name="types"/>, over the users both list.</summary>
    public static TruthAgreement Score(IReadOnlyDictionary<string, int> segments, IReadOnlyDictionary<string, string> types)
    {
        // Explicit restriction (and counts of what was left out): the metrics themselves refuse unequal node sets.
        var scored = segments.Where(p => types.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var truth = scored.Keys.ToDictionary(u => u, u => types[u], StringComparer.Ordinal);
        return new TruthAgreement(PartitionAgreement.AdjustedRandIndex(scored, truth), PartitionAgreement.NormalizedMutualInformation(scored, truth),
            scored.Count, types.Keys.Count(u => !segments.ContainsKey(u)), segments.Count - scored.Count);
    }
}
