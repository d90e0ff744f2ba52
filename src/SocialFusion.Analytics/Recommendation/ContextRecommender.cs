namespace SocialFusion.Analytics.Recommendation;

/// <summary>
/// Settings of <see cref="ContextRecommender"/>. Reference: Dirichlet pseudo-counts of 5 (user towards segment,
/// segment towards population) and 2 for the topic window, a 3-day window, followees' posts counted twice.
/// </summary>
/// <param name="UserPseudoCount">beta_u: a user's item distribution is shrunk towards their segment's with this many pseudo-items.</param>
/// <param name="SegmentPseudoCount">beta_s: a segment's (and segment x context) distribution is shrunk towards the population's.</param>
/// <param name="WindowPseudoCount">beta_w: the recent-window topic distribution is shrunk towards the population's.</param>
/// <param name="TopicWindowDays">Days before the held-out post whose visible posts form the topic window.</param>
/// <param name="FolloweeWeight">Extra weight of a post by someone the user follows in the window (1 = counted twice).</param>
public sealed record ContextConfig(double UserPseudoCount = 5, double SegmentPseudoCount = 5, double WindowPseudoCount = 2,
    int TopicWindowDays = 3, double FolloweeWeight = 1)
{
    /// <summary>The reference setting.</summary>
    public static ContextConfig Reference { get; } = new();
}

/// <summary>
/// Context-aware recommender: the user's own preference, re-weighted by what the context says, as a product of
/// experts under the assumption that the user and the context are independent given the item and segment:
/// <code>
/// places: score(l) = P(l | user) * P(l | segment, time context) / P(l | segment)
/// topics: score(g) = P(g | user) * P(g | window before t, followees weighted) / P(g)
/// </code>
/// Every distribution is a Dirichlet-smoothed estimate (n_x + beta P_parent(x)) / (n + beta) with the hierarchy
/// population -> segment -> user (MacKay and Peto, "A hierarchical Dirichlet language model", NLE 1 (1995)), so a
/// user with few posts falls back to their segment and a rare context to the population. Time context is the
/// local time bucket of the held-out post (night, weekday morning/afternoon/evening, weekend day); the segment comes
/// from a segmentation of the training posts only.
/// </summary>
public sealed class ContextRecommender(ContextConfig? config = null) : IRecommender
{
    private readonly ContextConfig _config = config ?? ContextConfig.Reference;

    /// <inheritdoc />
    public string Name => "context";

    /// <inheritdoc />
    public IReadOnlyList<string> Rank(RecommendationQuery query, RecommendationData data)
    {
        var candidates = Ranking.Candidates(data, query).Distinct(StringComparer.Ordinal).ToList();
        var population = Smoothed(data.Global, null, 1, candidates);
        var segment = Smoothed(data.BySegment.GetValueOrDefault(query.Segment), population, _config.SegmentPseudoCount, candidates);
        var user = Smoothed(data.ByUser.GetValueOrDefault(query.UserId), segment, _config.UserPseudoCount, candidates);
        Dictionary<string, double> lift;
        if (data.Kind == ItemKind.Place)
        {
            var segmentContext = Smoothed(data.BySegmentContext.GetValueOrDefault((query.Segment, query.Context)), segment,
                _config.SegmentPseudoCount, candidates);
            lift = candidates.ToDictionary(i => i, i => segmentContext[i] / segment[i], StringComparer.Ordinal);
        }
        else
        {
            var window = new Dictionary<string, double>(StringComparer.Ordinal);
            if (data.Window.TryGetValue(query.PostId, out var w))
                foreach (var (item, n) in w.All) window[item] = n + _config.FolloweeWeight * w.Followees.GetValueOrDefault(item);
            var recent = Smoothed(window, population, _config.WindowPseudoCount, candidates);
            lift = candidates.ToDictionary(i => i, i => recent[i] / population[i], StringComparer.Ordinal);
        }
        return Ranking.By(data, candidates, i => user[i] * lift[i]);
    }

    /// <summary>(n_x + beta P_parent(x)) / (n + beta) over <paramref name="items"/>; a null parent is add-one over the items.</summary>
    internal static Dictionary<string, double> Smoothed(Dictionary<string, double>? counts, Dictionary<string, double>? parent,
        double beta, IReadOnlyList<string> items)
    {
        double n = items.Sum(i => counts?.GetValueOrDefault(i) ?? 0);
        return items.ToDictionary(i => i, i =>
            parent == null
                ? ((counts?.GetValueOrDefault(i) ?? 0) + beta) / (n + beta * items.Count)
                : ((counts?.GetValueOrDefault(i) ?? 0) + beta * parent[i]) / (n + beta), StringComparer.Ordinal);
    }
}
