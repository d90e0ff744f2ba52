namespace SocialFusion.Analytics.Evaluation;

/// <summary>
/// Top-K ranking metrics for one query with binary relevance (a held-out post's place, or its hashtags).
/// hit@K = 1 when any relevant item is among the first K recommendations.
/// NDCG@K (Järvelin and Kekäläinen, "Cumulated gain-based evaluation of IR techniques", ACM TOIS 20 (2002)):
/// DCG@K = sum over ranks r = 1..K of rel_r / log2(r + 1), divided by the DCG of the ideal ranking, which puts
/// min(|relevant|, K) relevant items first.
/// </summary>
public static class RankingMetrics
{
    /// <summary>1 if one of the first <paramref name="k"/> items of <paramref name="ranked"/> is relevant, else 0.</summary>
    public static double HitAt(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        if (k < 1) throw new ArgumentException($"k must be at least 1, got {k}.");
        for (int r = 0; r < Math.Min(k, ranked.Count); r++)
            if (relevant.Contains(ranked[r])) return 1;
        return 0;
    }

    /// <summary>NDCG@k with binary relevance; a query without relevant items is an error (it cannot be scored).</summary>
    public static double NdcgAt(IReadOnlyList<string> ranked, IReadOnlySet<string> relevant, int k)
    {
        if (k < 1) throw new ArgumentException($"k must be at least 1, got {k}.");
        if (relevant.Count == 0) throw new ArgumentException("NDCG is undefined for a query with no relevant item.");
        double dcg = 0, ideal = 0;
        var seen = new HashSet<string>();
        for (int r = 0; r < Math.Min(k, ranked.Count); r++)
            // A repeated item earns nothing the second time, so a ranking cannot score above 1 by repetition.
            if (relevant.Contains(ranked[r]) && seen.Add(ranked[r])) dcg += 1 / Math.Log2(r + 2);
        for (int r = 0; r < Math.Min(k, relevant.Count); r++) ideal += 1 / Math.Log2(r + 2);
        return dcg / ideal;
    }
}
