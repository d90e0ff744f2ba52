namespace SocialFusion.Analytics.Evaluation;

/// <summary>
/// Agreement between two partitions of the same nodes (a clustering against planted classes), from their
/// contingency table n_ij (nodes in cluster i of A and class j of B), row sums a_i, column sums b_j and N nodes.
/// <list type="bullet">
/// <item>Adjusted Rand index (Hubert and Arabie, "Comparing partitions", J. Classification 2 (1985)):
/// ARI = (sum_ij C(n_ij,2) - E) / (((sum_i C(a_i,2) + sum_j C(b_j,2)) / 2) - E), E = sum_i C(a_i,2) sum_j C(b_j,2) / C(N,2).
/// 1 for identical partitions, about 0 for independent ones, negative below chance.</item>
/// <item>Normalised mutual information with the arithmetic-mean normaliser (Strehl and Ghosh, "Cluster ensembles",
/// JMLR 3 (2002); scikit-learn's default): NMI = I(A;B) / ((H(A) + H(B)) / 2), natural logarithms.</item>
/// </list>
/// Label names and order do not matter. Partitions over different node sets are refused: silently scoring the
/// intersection would hide nodes one side lost.
/// </summary>
public static class PartitionAgreement
{
    /// <summary>Adjusted Rand index of <paramref name="a"/> against <paramref name="b"/> (node id to label).</summary>
    public static double AdjustedRandIndex<TA, TB>(IReadOnlyDictionary<string, TA> a, IReadOnlyDictionary<string, TB> b)
        where TA : notnull where TB : notnull
    {
        var (table, rows, cols, n) = Contingency(a, b);
        static double C2(double x) => x * (x - 1) / 2;
        double index = 0, sumA = rows.Sum(C2), sumB = cols.Sum(C2);
        foreach (var v in table.Values) index += C2(v);
        double expected = sumA * sumB / C2(n), max = (sumA + sumB) / 2;
        // Both partitions all-in-one or both all-singletons: the index is undefined; they agree perfectly.
        if (max - expected == 0) return 1.0;
        return (index - expected) / (max - expected);
    }

    /// <summary>Normalised mutual information (arithmetic mean of the two entropies).</summary>
    public static double NormalizedMutualInformation<TA, TB>(IReadOnlyDictionary<string, TA> a, IReadOnlyDictionary<string, TB> b)
        where TA : notnull where TB : notnull
    {
        var (table, rows, cols, n) = Contingency(a, b);
        double ha = Entropy(rows, n), hb = Entropy(cols, n);
        // One cluster on both sides: nothing to explain and nothing missed.
        if (ha == 0 && hb == 0) return 1.0;
        double mi = 0;
        foreach (var ((i, j), v) in table) mi += v / n * Math.Log(v * n / (rows[i] * cols[j]));
        return Math.Max(0, mi) / ((ha + hb) / 2);
    }

    private static double Entropy(double[] counts, double n) =>
        -counts.Where(c => c > 0).Sum(c => c / n * Math.Log(c / n));

    private static (Dictionary<(int, int), double> Table, double[] Rows, double[] Cols, double N) Contingency<TA, TB>(
        IReadOnlyDictionary<string, TA> a, IReadOnlyDictionary<string, TB> b) where TA : notnull where TB : notnull
    {
        var onlyA = a.Keys.Where(k => !b.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var onlyB = b.Keys.Where(k => !a.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        if (onlyA.Count > 0 || onlyB.Count > 0)
            throw new ArgumentException(
                $"The partitions cover different nodes ({a.Count} vs {b.Count}): {onlyA.Count} only in the first" +
                (onlyA.Count > 0 ? $" (e.g. {string.Join(", ", onlyA.Take(3))})" : "") + $", {onlyB.Count} only in the second" +
                (onlyB.Count > 0 ? $" (e.g. {string.Join(", ", onlyB.Take(3))})" : "") + ". Restrict both to the same nodes first.");
        if (a.Count == 0) throw new ArgumentException("The partitions are empty.");
        var rowIndex = new Dictionary<TA, int>(); var colIndex = new Dictionary<TB, int>();
        var table = new Dictionary<(int, int), double>();
        var rows = new List<double>(); var cols = new List<double>();
        foreach (var (node, la) in a)
        {
            var lb = b[node];
            if (!rowIndex.TryGetValue(la, out int i)) { i = rowIndex[la] = rows.Count; rows.Add(0); }
            if (!colIndex.TryGetValue(lb, out int j)) { j = colIndex[lb] = cols.Count; cols.Add(0); }
            rows[i]++; cols[j]++;
            table[(i, j)] = table.GetValueOrDefault((i, j)) + 1;
        }
        return (table, [.. rows], [.. cols], a.Count);
    }
}
