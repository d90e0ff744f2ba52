namespace SocialFusion.Analytics.Recommendation;

/// <summary>Baseline: the same list for everyone, items by how often they occur in all training posts.</summary>
public sealed class GlobalPopularity : IRecommender
{
    /// <inheritdoc />
    public string Name => "global-popularity";

    /// <inheritdoc />
    public IReadOnlyList<string> Rank(RecommendationQuery query, RecommendationData data) =>
        Ranking.By(data, data.Global.Keys, item => data.Global[item]);
}
