using SocialFusion.Analytics.Evaluation;
using SocialFusion.Analytics.Topics;
using SocialFusion.Data.Demo;
using Xunit;

namespace SocialFusion.Analytics.Tests.Topics;

/// <summary>c-TF-IDF by hand, the canonical matrix, spherical k-means on two obvious topics, order invariance.</summary>
public class TopicModelTests
{
    [Fact]
    public void Class_tf_idf_matches_the_hand_computation_on_three_documents()
    {
        // Terms: apple, banana, cherry, date. Class 0 = "apple apple banana", 1 = "banana cherry", 2 = "cherry cherry cherry date".
        long[][] counts = [[2, 1, 0, 0], [0, 1, 1, 0], [0, 0, 3, 1]];
        var c = new ClassTfIdf(counts);
        // f = (2, 2, 4, 1), 9 words over 3 classes: A = 3; idf_t = ln(1 + 3 / f_t).
        Assert.Equal([Math.Log(2.5), Math.Log(2.5), Math.Log(1.75), Math.Log(4)], c.Idf.ToArray(), new Tolerance(1e-12));
        string[] terms = ["apple", "banana", "cherry", "date"];
        var w0 = c.Weights(ClassTfIdf.Sparse(counts[0]));
        Assert.Equal(2 / 3.0 * 0.916290731874155, w0[0], 12);   // apple
        Assert.Equal(1 / 3.0 * 0.916290731874155, w0[1], 12);   // banana
        var w1 = c.Weights(ClassTfIdf.Sparse(counts[1]));
        Assert.Equal(0.5 * 0.916290731874155, w1[1], 12);       // banana
        Assert.Equal(0.5 * 0.559615787935423, w1[2], 12);       // cherry
        var top2 = c.Top(ClassTfIdf.Sparse(counts[2]), terms, 2);
        Assert.Equal(["cherry", "date"], top2.Select(t => t.Word));
        Assert.Equal(0.75 * 0.559615787935423, top2[0].Weight, 12); // 0.41971
        Assert.Equal(0.25 * 1.386294361119891, top2[1].Weight, 12); // 0.34657
        Assert.Equal(["banana", "cherry"], c.Top(ClassTfIdf.Sparse(counts[1]), terms, 5).Select(t => t.Word));
    }

    private sealed class Tolerance(double eps) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= eps;
        public int GetHashCode(double x) => 0;
    }

    private static readonly string[] Gym = ["squat", "deadlift", "treadmill", "workout", "gym", "protein", "cardio", "sweat"];
    private static readonly string[] Cafe = ["latte", "espresso", "barista", "croissant", "coffee", "cappuccino", "pastry", "mug"];

    /// <summary>60 posts, half drawing 3 words from the gym list, half from the cafe list, ids p00..p59.</summary>
    private static List<(string Id, string User, string[] Words)> TwoTopics()
    {
        var rng = new DemoRandom(7);
        return Enumerable.Range(0, 60).Select(i =>
        {
            var pool = i % 2 == 0 ? Gym : Cafe;
            return ($"p{i:00}", $"u{i % 9}", Enumerable.Range(0, 3).Select(_ => rng.Pick(pool)).ToArray());
        }).ToList();
    }

    private static TermDocumentMatrix Matrix(IEnumerable<(string Id, string User, string[] Words)> docs)
    {
        var b = new TermDocumentBuilder();
        foreach (var (id, user, words) in docs) b.Add(id, 0, user, words);
        return b.Build(new VocabularyConfig(MinDocumentFrequency: 1, MaxDocumentShare: 1.0));
    }

    [Fact]
    public void Two_obvious_topics_are_found_and_labelled_by_their_own_words()
    {
        var m = Matrix(TwoTopics());
        var fit = TopicModel.Fit(m, 2, words: 4);
        var truth = m.Ids.ToDictionary(id => id, id => int.Parse(id[1..]) % 2);
        var mine = m.Ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => fit.Assignments[p.i]);
        Assert.Equal(1.0, PartitionAgreement.NormalizedMutualInformation(mine, truth), 9);
        Assert.Equal([30, 30], fit.Sizes);
        foreach (var words in fit.Words)
        {
            Assert.Equal(4, words.Count);
            Assert.True(words.All(w => Gym.Contains(w.Word)) || words.All(w => Cafe.Contains(w.Word)), string.Join(",", words.Select(w => w.Word)));
        }
    }

    [Fact]
    public void The_matrix_is_canonical_whatever_order_documents_arrive_in()
    {
        var docs = TwoTopics();
        var a = Matrix(docs);
        var shuffled = docs.OrderBy(d => d.Id.GetHashCode()).ToList();
        shuffled.Reverse();
        var b = Matrix(shuffled);
        Assert.Equal(a.Terms, b.Terms);
        Assert.Equal(a.Ids, b.Ids);
        Assert.Equal(a.Users, b.Users);
        Assert.Equal(a.RowStart, b.RowStart);
        Assert.Equal(a.Columns, b.Columns);
        Assert.Equal(a.Counts, b.Counts);
        Assert.Equal(a.Terms.Order(StringComparer.Ordinal), a.Terms);
    }

    [Fact]
    public void The_same_seed_gives_the_same_topics_for_shuffled_input_on_noisy_data()
    {
        // Overlapping vocabularies and k = 4 > true topics: many local optima, so only a canonical order makes it stable.
        var rng = new DemoRandom(3);
        var all = Gym.Concat(Cafe).ToArray();
        var docs = Enumerable.Range(0, 300).Select(i => ($"d{i:000}", $"u{i % 17}",
            Enumerable.Range(0, 4).Select(_ => rng.Chance(0.6) ? rng.Pick(i % 3 == 0 ? Gym : Cafe) : rng.Pick(all)).ToArray())).ToList();
        var config = new SphericalKMeansConfig(Restarts: 2, Seed: 11);
        var reference = TopicModel.Fit(Matrix(docs), 4, 5, config);
        for (int s = 0; s < 3; s++)
        {
            var order = new DemoRandom((ulong)(100 + s));
            var shuffled = docs.OrderBy(_ => order.NextULong()).ToList();
            var fit = TopicModel.Fit(Matrix(shuffled), 4, 5, config);
            Assert.Equal(reference.Assignments, fit.Assignments);
            Assert.Equal(reference.Words.Select(w => string.Join(",", w.Select(x => x.Word))), fit.Words.Select(w => string.Join(",", w.Select(x => x.Word))));
        }
        // Another seed is allowed to differ; it must still be a partition into 4 non-empty topics.
        var other = TopicModel.Fit(Matrix(docs), 4, 5, config with { Seed = 12 });
        Assert.All(other.Sizes, size => Assert.True(size > 0));
    }

    [Fact]
    public void Vocabulary_pruning_keeps_words_by_document_frequency_and_empty_posts_get_no_topic()
    {
        var b = new TermDocumentBuilder();
        b.Add("a", 0, "u", ["gym", "gym", "rare"]);
        b.Add("b", 0, "u", ["gym", "latte"]);
        b.Add("c", 0, "v", ["latte", "everywhere"]);
        b.Add("d", 0, "v", ["everywhere", "only"]);
        b.Add("e", 0, "v", ["everywhere"]);
        var m = b.Build(new VocabularyConfig(MinDocumentFrequency: 2, MaxDocumentShare: 0.5));
        // rare, only: df 1 < 2; everywhere: df 3 > 2.5.
        Assert.Equal(["gym", "latte"], m.Terms);
        Assert.Equal([0, 1, 3, 4, 4, 4], m.RowStart);
        Assert.Equal([2, 1, 1, 1], m.Counts);
        Assert.Throws<ArgumentException>(() => b.Add("a", 0, "u", ["x"]));
        var fit = TopicModel.Fit(m, 2, 2);
        Assert.Equal(-1, fit.Assignments[3]);
        Assert.Equal(-1, fit.Assignments[4]);
        Assert.Equal(3, fit.Sizes.Sum());
    }

    [Fact]
    public void Npmi_coherence_by_hand()
    {
        var b = new TermDocumentBuilder();
        b.Add("1", 0, "u", ["x", "y"]);
        b.Add("2", 0, "u", ["x", "y"]);
        b.Add("3", 0, "u", ["x", "z"]);
        b.Add("4", 0, "u", ["w"]);
        var m = b.Build(new VocabularyConfig(MinDocumentFrequency: 1, MaxDocumentShare: 1.0));
        // P(x) = 3/4, P(y) = 1/2, P(x,y) = 1/2: ln((1/2) / (3/8)) / -ln(1/2) = ln(4/3) / ln 2.
        var npmi = TopicCoherence.Npmi(m, [["x", "y"], ["y", "z"], ["x", "y", "w"]]);
        Assert.Equal(Math.Log(4 / 3.0) / Math.Log(2), npmi[0], 12);
        Assert.Equal(-1, npmi[1], 12);
        Assert.Equal((Math.Log(4 / 3.0) / Math.Log(2) - 1 - 1) / 3, npmi[2], 12);
    }
}
