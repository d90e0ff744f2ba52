namespace SocialFusion.Analytics.Recommendation;

/// <summary>Baseline: the user's own most frequent items in their training posts; items the user never had follow by global popularity.</summary>
public sealed class UserFrequency : IRecommender
{
    /// <inheritdoc />
    public string Name => "user-frequency";

    /// <inheritdoc />
    public IReadOnlyList<string> Rank(RecommendationQuery query, RecommendationData data)
    {
        var own = data.ByUser.GetValueOrDefault(query.UserId);
        return Ranking.By(data, data.Global.Keys, item => own?.GetValueOrDefault(item) ?? 0);
    }
}
