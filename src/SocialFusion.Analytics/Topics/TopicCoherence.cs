namespace SocialFusion.Analytics.Topics;

/// <summary>
/// NPMI topic coherence: the mean over pairs of a topic's top words of the normalised pointwise mutual information
/// (Bouma, "Normalized (pointwise) mutual information in collocation extraction", GSCL 2009),
/// <code>NPMI(a, b) = ln(P(a, b) / (P(a) P(b))) / -ln P(a, b)</code>
/// with probabilities from document co-occurrence in the clustered corpus itself (the C_NPMI measure of Röder, Both
/// and Hinneburg, "Exploring the space of topic coherence measures", WSDM 2015, with a whole post as the window;
/// Lau, Newman and Baldwin, EACL 2014, found NPMI closest to human ratings). 1: the words always occur together,
/// 0: independent, -1: never together (a pair that never co-occurs counts -1).
/// </summary>
public static class TopicCoherence
{
    /// <summary>NPMI coherence of each topic's word list over the documents of <paramref name="m"/>.</summary>
    public static double[] Npmi(TermDocumentMatrix m, IReadOnlyList<IReadOnlyList<string>> topics)
    {
        var column = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < m.Terms.Length; j++) column[m.Terms[j]] = j;
        // The union of the topics' words, numbered locally: co-occurrence is counted for those only.
        var local = new Dictionary<int, int>();
        foreach (var words in topics)
            foreach (var w in words)
                if (column.TryGetValue(w, out int c) && !local.ContainsKey(c)) local[c] = local.Count;
        int u = local.Count;
        var single = new long[u];
        var pair = new long[u, u];
        var present = new List<int>();
        for (int i = 0; i < m.Documents; i++)
        {
            present.Clear();
            for (int e = m.RowStart[i]; e < m.RowStart[i + 1]; e++)
                if (local.TryGetValue(m.Columns[e], out int l)) present.Add(l);
            foreach (var a in present) single[a]++;
            for (int x = 0; x < present.Count; x++)
                for (int y = x + 1; y < present.Count; y++) { pair[present[x], present[y]]++; pair[present[y], present[x]]++; }
        }
        double n = m.Documents;
        return topics.Select(words =>
        {
            var ids = words.Where(column.ContainsKey).Select(w => local[column[w]]).ToList();
            if (ids.Count < 2) return double.NaN;
            double sum = 0; int pairs = 0;
            for (int x = 0; x < ids.Count; x++)
                for (int y = x + 1; y < ids.Count; y++, pairs++)
                {
                    double pab = pair[ids[x], ids[y]] / n, pa = single[ids[x]] / n, pb = single[ids[y]] / n;
                    sum += pab == 0 ? -1 : pab >= 1 ? 1 : Math.Log(pab / (pa * pb)) / -Math.Log(pab);
                }
            return sum / pairs;
        }).ToArray();
    }
}
