namespace SocialFusion.Analytics.Topics;

/// <summary>Topics fitted on a <see cref="TermDocumentMatrix"/>.</summary>
/// <param name="Assignments">Topic of each row of the matrix (0 = the largest topic), -1 for a post without vocabulary words.</param>
/// <param name="Similarity">Cosine of each row to its topic's concept vector.</param>
/// <param name="Sizes">Posts per topic.</param>
/// <param name="Words">The topics' top c-TF-IDF words.</param>
/// <param name="ClassCounts">Term counts per topic [topic][term], what the words were weighed from.</param>
/// <param name="Weighting">The c-TF-IDF of this fit (its idf is reused for words over time).</param>
/// <param name="Objective">Spherical k-means objective (sum of cosines).</param>
/// <param name="Iterations">Iterations of the winning restart.</param>
public sealed record TopicFit(int[] Assignments, float[] Similarity, int[] Sizes, IReadOnlyList<List<TopicWord>> Words,
    long[][] ClassCounts, ClassTfIdf Weighting, double Objective, int Iterations);

/// <summary>
/// Topics as BERTopic builds them (Grootendorst 2022) with its embedding and clustering steps replaced by TF-IDF
/// (<see cref="TfIdf"/>) and spherical k-means (<see cref="SphericalKMeans"/>), then c-TF-IDF words per topic
/// (<see cref="ClassTfIdf"/>). Topics are numbered by size (largest first; ties by their first post in id order),
/// so a seed gives the same numbered topics whatever the input order.
/// </summary>
public static class TopicModel
{
    /// <summary>Fits <paramref name="k"/> topics with the top <paramref name="words"/> words each.</summary>
    public static TopicFit Fit(TermDocumentMatrix m, int k, int words = 10, SphericalKMeansConfig? clustering = null)
    {
        var values = TfIdf.Values(m);
        var km = SphericalKMeans.Fit(m.RowStart, m.Columns, values, m.Terms.Length, k, clustering);
        int n = m.Documents;
        var size = new int[k];
        var first = Enumerable.Repeat(int.MaxValue, k).ToArray();
        for (int i = 0; i < n; i++)
            if (km.Assignments[i] is var c and >= 0) { size[c]++; first[c] = Math.Min(first[c], i); }
        var order = Enumerable.Range(0, k).OrderByDescending(c => size[c]).ThenBy(c => first[c]).ToArray();
        var rank = new int[k];
        for (int r = 0; r < k; r++) rank[order[r]] = r;
        var assign = km.Assignments.Select(c => c < 0 ? -1 : rank[c]).ToArray();
        var counts = new long[k][];
        for (int c = 0; c < k; c++) counts[c] = new long[m.Terms.Length];
        for (int i = 0; i < n; i++)
            if (assign[i] >= 0)
                for (int e = m.RowStart[i]; e < m.RowStart[i + 1]; e++) counts[assign[i]][m.Columns[e]] += m.Counts[e];
        var weighting = new ClassTfIdf(counts);
        var top = counts.Select(cc => weighting.Top(ClassTfIdf.Sparse(cc), m.Terms, words)).ToList();
        return new TopicFit(assign, km.Similarity, order.Select(c => size[c]).ToArray(), top, counts, weighting, km.Objective, km.Iterations);
    }
}
