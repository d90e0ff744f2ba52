using DuckDB.NET.Data;
using SocialFusion.Analytics.Evaluation;
using SocialFusion.Analytics.Users;

namespace SocialFusion.Analytics.Recommendation;

/// <summary>Scores of one method on one item kind, averaged over the held-out posts that have such an item.</summary>
public sealed record RecommendationScore(string Method, ItemKind Kind, int Queries, double HitAt1, double HitAt5, double HitAt10, double NdcgAt10);

/// <summary>All scores of one evaluation, with the split sizes and the training segmentation's k.</summary>
public sealed record RecommendationResult(long TrainPosts, long TestPosts, int Segments, IReadOnlyList<RecommendationScore> Scores);

/// <summary>
/// Personalised recommendation of places and topics, evaluated on a per-user temporal hold-out
/// (<see cref="HoldOutSplit"/>): profiles and segments are recomputed on the training posts only, every method ranks
/// every candidate item for each held-out post, and hit@1/5/10 and NDCG@10 (<see cref="RankingMetrics"/>) are
/// averaged over held-out posts (places: those with a location label; topics: those with at least one hashtag).
/// </summary>
public static class RecommendationEvaluation
{
    /// <summary>The methods compared: two baselines and the context method.</summary>
    public static IReadOnlyList<IRecommender> Methods(ContextConfig? context = null) =>
        [new GlobalPopularity(), new UserFrequency(), new ContextRecommender(context)];

    /// <summary>Runs the evaluation; results are written to <c>analysis_metrics</c> under <paramref name="runId"/>.</summary>
    public static RecommendationResult Run(DuckDBConnection db, string runId, SegmentationConfig? segmentation = null,
        ContextConfig? context = null, ProfileConfig? profiles = null)
    {
        context ??= ContextConfig.Reference;
        var (train, test) = HoldOutSplit.Create(db);
        string trainRun = runId + ":train";
        UserProfiles.Compute(db, trainRun, profiles, "rec_train");
        var segments = UserSegmentation.Run(db, trainRun, segmentation);
        var scores = new List<RecommendationScore>();
        foreach (var kind in new[] { ItemKind.Place, ItemKind.Topic })
        {
            var data = RecommendationData.Load(db, kind, trainRun, context);
            foreach (var method in Methods(context)) scores.Add(Score(method, data));
        }
        using (var del = db.CreateCommand())
        {
            del.CommandText = $"DELETE FROM analysis_metrics WHERE run_id = {UserProfiles.Literal(runId)}";
            del.ExecuteNonQuery();
        }
        using (var appender = db.CreateAppender("analysis_metrics"))
            foreach (var s in scores)
                foreach (var (name, value) in new[] { ("hit@1", s.HitAt1), ("hit@5", s.HitAt5), ("hit@10", s.HitAt10), ("ndcg@10", s.NdcgAt10), ("queries", (double)s.Queries) })
                    appender.CreateRow().AppendValue(runId).AppendValue($"{s.Kind.ToString().ToLowerInvariant()}.{s.Method}.{name}").AppendValue(value).EndRow();
        return new RecommendationResult(train, test, segments.K, scores);
    }

    /// <summary>Mean hit@1/5/10 and NDCG@10 of <paramref name="method"/> over the data's queries.</summary>
    public static RecommendationScore Score(IRecommender method, RecommendationData data)
    {
        double h1 = 0, h5 = 0, h10 = 0, ndcg = 0;
        foreach (var q in data.Queries)
        {
            var ranked = method.Rank(q, data);
            h1 += RankingMetrics.HitAt(ranked, q.Relevant, 1);
            h5 += RankingMetrics.HitAt(ranked, q.Relevant, 5);
            h10 += RankingMetrics.HitAt(ranked, q.Relevant, 10);
            ndcg += RankingMetrics.NdcgAt(ranked, q.Relevant, 10);
        }
        int n = Math.Max(1, data.Queries.Count);
        return new RecommendationScore(method.Name, data.Kind, data.Queries.Count, h1 / n, h5 / n, h10 / n, ndcg / n);
    }
}
