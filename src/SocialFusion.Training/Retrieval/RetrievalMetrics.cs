using static TorchSharp.torch;

namespace SocialFusion.Training.Retrieval;

/// <summary>Retrieval quality of one direction.</summary>
/// <param name="Queries">Number of queries (each has exactly one right answer).</param>
/// <param name="RecallAt1">Share of queries whose right answer is ranked first.</param>
/// <param name="RecallAt5">... within the first 5.</param>
/// <param name="RecallAt10">... within the first 10.</param>
/// <param name="Mrr">Mean reciprocal rank of the right answer.</param>
/// <param name="MedianRank">Median rank of the right answer (1 = first).</param>
public sealed record RetrievalMetrics(int Queries, double RecallAt1, double RecallAt5, double RecallAt10, double Mrr, double MedianRank)
{
    /// <summary>Metrics from the 1-based rank of the right answer of every query.</summary>
    public static RetrievalMetrics FromRanks(IReadOnlyList<int> ranks)
    {
        if (ranks.Count == 0) return new RetrievalMetrics(0, 0, 0, 0, 0, 0);
        if (ranks.Any(r => r < 1)) throw new ArgumentException("Ranks are 1-based.");
        double At(int k) => ranks.Count(r => r <= k) / (double)ranks.Count;
        var sorted = ranks.Order().ToArray();
        double median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2.0;
        return new RetrievalMetrics(ranks.Count, At(1), At(5), At(10), ranks.Average(r => 1.0 / r), median);
    }

    /// <summary>What a random ranking of <paramref name="candidates"/> candidates scores in expectation (R@k = k/N, MRR = H_N/N).</summary>
    public static RetrievalMetrics Random(int candidates)
    {
        double n = candidates, harmonic = Enumerable.Range(1, candidates).Sum(i => 1.0 / i);
        return new RetrievalMetrics(candidates, Math.Min(1, 1 / n), Math.Min(1, 5 / n), Math.Min(1, 10 / n), harmonic / n, (n + 1) / 2);
    }
}

/// <summary>Both directions of a paired evaluation.</summary>
/// <param name="TextToImage">Query: a post's text; candidates: every evaluated post's image.</param>
/// <param name="ImageToText">Query: a post's image; candidates: every evaluated post's text.</param>
/// <param name="Random">Expected metrics of a random ranking over the same candidates.</param>
/// <param name="LabelPrecision">
/// When labels were given: precision@10 of the label (share of the top 10 candidates whose post has the query post's
/// label) for text→image, image→text, and a random ranking (expected share). Category-level agreement: on collections
/// where many posts look alike (the demo data) it shows whether the space is aligned even when the exact pair is not first.
/// </param>
public sealed record RetrievalEvaluation(RetrievalMetrics TextToImage, RetrievalMetrics ImageToText, RetrievalMetrics Random,
    (double TextToImage, double ImageToText, double Random)? LabelPrecision = null);

/// <summary>Paired cross-modal retrieval evaluation: post i's text should find post i's image and vice versa.</summary>
public static class RetrievalEvaluator
{
    /// <summary>
    /// 1-based rank of the right answer for each query: 1 + the number of candidates scoring strictly higher
    /// (ties count in the right answer's favour). <paramref name="queries"/> and <paramref name="candidates"/> are
    /// [N, D] unit-norm rows where row i of each belongs to the same post.
    /// </summary>
    public static int[] Ranks(Tensor queries, Tensor candidates, int blockRows = 1024)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = queries.shape[0];
        var ranks = new int[n];
        for (long start = 0; start < n; start += blockRows)
        {
            long len = Math.Min(blockRows, n - start);
            var q = queries.narrow(0, start, len);                                  // [b, D]
            var s = mm(q, candidates.t());                                           // [b, D] x [D, N] -> [b, N]
            var right = s.gather(1, arange(start, start + len, dtype: ScalarType.Int64).view(-1, 1)); // [b, 1]
            var r = s.gt(right).sum(1) + 1;                                          // [b]
            var arr = r.data<long>().ToArray();
            for (int i = 0; i < len; i++) ranks[start + i] = (int)arr[i];
        }
        return ranks;
    }

    /// <summary>Mean over queries of the share of the top-<paramref name="k"/> candidates that carry the query's label.</summary>
    public static double LabelPrecision(Tensor queries, Tensor candidates, IReadOnlyList<string> labels, int k = 10)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long n = queries.shape[0];
        int kk = (int)Math.Min(k, candidates.shape[0]);
        var top = mm(queries, candidates.t()).topk(kk, dim: 1).indexes.contiguous().data<long>().ToArray(); // [N, k]
        double sum = 0;
        for (int q = 0; q < n; q++)
        {
            int same = 0;
            for (int j = 0; j < kk; j++) if (labels[(int)top[q * kk + j]] == labels[q]) same++;
            sum += same / (double)kk;
        }
        return sum / n;
    }

    /// <summary>Evaluates paired embeddings [N][D] (rows are normalised here); <paramref name="labels"/> [N] adds label precision@10.</summary>
    public static RetrievalEvaluation Evaluate(IReadOnlyList<float[]> textEmbeddings, IReadOnlyList<float[]> imageEmbeddings, IReadOnlyList<string>? labels = null)
    {
        if (textEmbeddings.Count != imageEmbeddings.Count || textEmbeddings.Count == 0)
            throw new ArgumentException($"Need the same positive number of text and image embeddings, got {textEmbeddings.Count} and {imageEmbeddings.Count}.");
        using var scope = NewDisposeScope();
        int n = textEmbeddings.Count, d = textEmbeddings[0].Length;
        var t = nn.functional.normalize(tensor(textEmbeddings.SelectMany(x => x).ToArray(), new long[] { n, d }), dim: 1);  // [N, D]
        var v = nn.functional.normalize(tensor(imageEmbeddings.SelectMany(x => x).ToArray(), new long[] { n, d }), dim: 1); // [N, D]
        (double, double, double)? byLabel = null;
        if (labels is not null)
        {
            if (labels.Count != n) throw new ArgumentException($"{labels.Count} labels for {n} pairs.");
            // A random top-k holds label c with probability n_c / N.
            double random = labels.GroupBy(l => l).Sum(g => g.Count() * (g.Count() / (double)n)) / n;
            byLabel = (LabelPrecision(t, v, labels), LabelPrecision(v, t, labels), random);
        }
        return new RetrievalEvaluation(RetrievalMetrics.FromRanks(Ranks(t, v)), RetrievalMetrics.FromRanks(Ranks(v, t)), RetrievalMetrics.Random(n), byLabel);
    }

    /// <summary>
    /// Evaluates the posts of <paramref name="features"/> that have both text and an image; <paramref name="labelOf"/>
    /// (post id to label, e.g. location) adds label precision@10.
    /// </summary>
    public static RetrievalEvaluation Evaluate(IReadOnlyList<Features.PostFeatures> features, Func<string, string?>? labelOf = null)
    {
        var both = features.Where(f => f.TextLength > 0 && f.Images.Length > 0 && (labelOf is null || labelOf(f.PostId) is not null)).ToList();
        return Evaluate(both.Select(f => f.TextPooled).ToList(), both.Select(f => f.ImagePooled).ToList(),
            labelOf is null ? null : both.Select(f => labelOf(f.PostId)!).ToList());
    }
}
