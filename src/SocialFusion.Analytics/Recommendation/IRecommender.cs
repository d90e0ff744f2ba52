namespace SocialFusion.Analytics.Recommendation;

/// <summary>A method that ranks every candidate item for one held-out post.</summary>
public interface IRecommender
{
    /// <summary>Method name in reports ("global-popularity", "user-frequency", "context").</summary>
    string Name { get; }

    /// <summary>Every candidate item, best first.</summary>
    IReadOnlyList<string> Rank(RecommendationQuery query, RecommendationData data);
}

/// <summary>Shared ranking helper: score descending, then global popularity, then name, so rankings are total and reproducible.</summary>
internal static class Ranking
{
    public static IReadOnlyList<string> By(RecommendationData data, IEnumerable<string> candidates, Func<string, double> score) =>
        candidates.Distinct(StringComparer.Ordinal)
            .Select(item => (item, s: score(item), g: data.Global.GetValueOrDefault(item)))
            .OrderByDescending(t => t.s).ThenByDescending(t => t.g).ThenBy(t => t.item, StringComparer.Ordinal)
            .Select(t => t.item).ToList();

    public static IEnumerable<string> Candidates(RecommendationData data, RecommendationQuery q) =>
        data.Window.TryGetValue(q.PostId, out var w) ? data.Global.Keys.Concat(w.All.Keys) : data.Global.Keys;
}
