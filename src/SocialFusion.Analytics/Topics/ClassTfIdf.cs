namespace SocialFusion.Analytics.Topics;

/// <summary>A word of a topic with its class-based TF-IDF weight.</summary>
public readonly record struct TopicWord(string Word, double Weight);

/// <summary>
/// Class-based TF-IDF, the topic representation of BERTopic: Grootendorst, "BERTopic: Neural topic modeling with a
/// class-based TF-IDF procedure", arXiv:2203.05794 (2022), eq. 1. All documents of a class (topic) are joined into one
/// document, and term t of class c weighs
/// <code>W_{t,c} = ||tf_{t,c}|| * log(1 + A / f_t)</code>
/// where tf_{t,c} is the frequency of t in class c, ||.|| the L1 normalisation over the class's terms (as BERTopic's
/// <c>ClassTfidfTransformer</c> does), f_t the frequency of t across all classes and A the average number of words
/// per class. A word frequent in one topic and rare elsewhere weighs most. Words over time (BERTopic's
/// <c>topics_over_time</c>) use the counts of one topic in one time bin with the idf of the whole fit, so the bins'
/// words are comparable and nothing is re-clustered.
/// </summary>
public sealed class ClassTfIdf
{
    private readonly double[] _idf;

    /// <summary>log(1 + A / f_t) for every term, from the term counts of each class (<paramref name="classCounts"/>[c][t]).</summary>
    public ClassTfIdf(IReadOnlyList<long[]> classCounts)
    {
        if (classCounts.Count == 0) throw new ArgumentException("c-TF-IDF needs at least one class.");
        int terms = classCounts[0].Length;
        var f = new double[terms];
        double words = 0;
        foreach (var counts in classCounts)
        {
            if (counts.Length != terms) throw new ArgumentException($"every class needs counts for all {terms} terms.");
            for (int t = 0; t < terms; t++) { f[t] += counts[t]; words += counts[t]; }
        }
        double a = words / classCounts.Count;
        _idf = f.Select(ft => ft > 0 ? Math.Log(1 + a / ft) : 0).ToArray();
    }

    /// <summary>log(1 + A / f_t) per term.</summary>
    public IReadOnlyList<double> Idf => _idf;

    /// <summary>W_{t,c} for the term counts of one class (or of one class in one time bin), sparse: term index to count.</summary>
    public Dictionary<int, double> Weights(IReadOnlyDictionary<int, long> counts)
    {
        double total = counts.Values.Sum();
        var w = new Dictionary<int, double>(counts.Count);
        if (total == 0) return w;
        foreach (var (t, c) in counts) w[t] = c / total * _idf[t];
        return w;
    }

    /// <summary>The <paramref name="n"/> heaviest words (ties by ordinal word order, so the choice is stable).</summary>
    public List<TopicWord> Top(IReadOnlyDictionary<int, long> counts, IReadOnlyList<string> terms, int n) =>
        Weights(counts).Where(p => p.Value > 0).OrderByDescending(p => p.Value).ThenBy(p => terms[p.Key], StringComparer.Ordinal)
            .Take(n).Select(p => new TopicWord(terms[p.Key], p.Value)).ToList();

    /// <summary>Dense per-class counts as the sparse form <see cref="Weights"/> takes.</summary>
    public static Dictionary<int, long> Sparse(long[] counts)
    {
        var d = new Dictionary<int, long>();
        for (int t = 0; t < counts.Length; t++) if (counts[t] != 0) d[t] = counts[t];
        return d;
    }
}
