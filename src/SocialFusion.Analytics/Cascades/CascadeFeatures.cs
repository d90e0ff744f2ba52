using SocialFusion.Analytics.Influence;
using SocialFusion.Analytics.Store;
using SocialFusion.Data.Text;

namespace SocialFusion.Analytics.Cascades;

/// <summary>The five feature groups of Cheng et al. (2014), Table 1 (the subset the store can give).</summary>
public enum FeatureGroup { Content, Root, Resharers, Structure, Timing }

/// <summary>One cascade observed up to its k-th reshare, with its label.</summary>
/// <param name="Root">Root post index.</param>
/// <param name="RootTime">Root creation (unix seconds): the split orders by it.</param>
/// <param name="Features">Values in the order of <see cref="CascadeFeatures.Names"/>.</param>
/// <param name="Reshares">Final number of reshares (members other than the root).</param>
/// <param name="Doubles">Label: the cascade reached 2k reshares.</param>
public sealed record CascadeExample(int Root, long RootTime, float[] Features, int Reshares, bool Doubles);

/// <summary>
/// Features of a cascade after its first k reshares (Cheng, Adamic, Dow, Kleinberg and Leskovec 2014, "Can cascades
/// be predicted?", WWW, section 4): content of the root post, the root author, the first k resharers, the structure of
/// the first k reshares and their timing. Only what was known by the k-th reshare is used; the root author's history
/// counts only posts and reshares before the root was posted (no look-ahead, tested).
/// </summary>
public static class CascadeFeatures
{
    /// <summary>Feature names with their group, in vector order.</summary>
    public static IReadOnlyList<(string Name, FeatureGroup Group)> Names { get; } =
    [
        ("text_length", FeatureGroup.Content), ("hashtags", FeatureGroup.Content), ("images", FeatureGroup.Content),
        ("sentiment_positive", FeatureGroup.Content), ("sentiment_negative", FeatureGroup.Content),
        ("root_log_followers", FeatureGroup.Root), ("root_log_following", FeatureGroup.Root),
        ("root_past_posts", FeatureGroup.Root), ("root_past_mean_reshares", FeatureGroup.Root),
        ("resharers_mean_log_followers", FeatureGroup.Resharers), ("resharers_max_log_followers", FeatureGroup.Resharers),
        ("resharers_following_root", FeatureGroup.Resharers), ("resharers_distinct", FeatureGroup.Resharers),
        ("depth", FeatureGroup.Structure), ("max_breadth", FeatureGroup.Structure), ("from_root", FeatureGroup.Structure),
        ("log_time_to_first", FeatureGroup.Timing), ("log_time_to_k", FeatureGroup.Timing),
        ("log_gap_first_half", FeatureGroup.Timing), ("log_gap_second_half", FeatureGroup.Timing),
    ];

    /// <summary>
    /// One example per cascade with at least <paramref name="k"/> reshares whose root is known (orphan-rooted parts
    /// are left out: their root and author are not the real ones). <paramref name="graph"/> gives follower counts
    /// and follow edges by the forest's user indices.
    /// </summary>
    public static List<CascadeExample> Extract(AnalyticsStore store, CascadeForest f, UserGraph graph, IReadOnlyList<CascadeMetric> cascades, int k)
    {
        if (k < 2) throw new ArgumentException($"k = {k}: the timing features split the first k reshares in two halves, so k >= 2.");
        var chosen = cascades.Where(c => c.Size - 1 >= k && !c.Orphan).ToList();
        var content = RootContent(store, chosen.Select(c => c.Root));
        var history = new AuthorHistory(f);
        var order = new List<int>(); var parentPos = new List<int>();
        var examples = new List<CascadeExample>(chosen.Count);
        foreach (var c in chosen)
        {
            int root = c.Root, author = f.User[root];
            CascadeMetrics.BreadthFirst(f, root, order, parentPos);
            var first = order.Skip(1).OrderBy(v => f.Time[v]).ThenBy(v => v).Take(k).ToArray();
            var x = new float[Names.Count];
            int i = 0;
            var (length, tags, images, sentiment) = content[root];
            x[i++] = length; x[i++] = tags; x[i++] = images; x[i++] = sentiment == "positive" ? 1 : 0; x[i++] = sentiment == "negative" ? 1 : 0;

            x[i++] = Log(graph.Followers[author]); x[i++] = Log(graph.Following(author));
            var (posts, reshares) = history.Before(author, root);
            x[i++] = posts; x[i++] = posts == 0 ? 0 : (float)reshares / posts;

            var logs = first.Select(v => Log(graph.Followers[f.User[v]])).ToArray();
            x[i++] = logs.Average(); x[i++] = logs.Max();
            x[i++] = first.Count(v => graph.Follows(f.User[v], author)) / (float)k;
            x[i++] = first.Select(v => f.User[v]).Distinct().Count() / (float)k;

            x[i++] = first.Max(v => f.Depth[v]);
            x[i++] = first.GroupBy(v => f.Depth[v]).Max(g => g.Count());
            x[i++] = first.Count(v => f.Parent[v] == root) / (float)k;

            var t = first.Select(v => Math.Max(0, f.Time[v] - f.Time[root])).ToArray();
            int half = k / 2;
            x[i++] = Log(t[0]); x[i++] = Log(t[k - 1]);
            x[i++] = Log((t[half - 1] - 0.0) / half); x[i++] = Log((t[k - 1] - t[half - 1]) / (double)(k - half));
            examples.Add(new CascadeExample(root, f.Time[root], x, c.Size - 1, c.Size - 1 >= 2 * k));
        }
        return examples;
    }

    private static float Log(double v) => (float)Math.Log(1 + Math.Max(0, v));

    /// <summary>Text length, hashtag count, image count and text sentiment label of the given root posts (one query).</summary>
    private static Dictionary<int, (int Length, int Tags, int Images, string? Sentiment)> RootContent(AnalyticsStore store, IEnumerable<int> roots)
    {
        var result = new Dictionary<int, (int, int, int, string?)>();
        var ids = roots.ToList();
        if (ids.Count == 0) return result;
        using var c = store.Connection.CreateCommand();
        c.CommandText = $"""
            WITH n AS (SELECT text, image_count, text_sentiment, row_number() OVER (ORDER BY created_at, post_id) - 1 AS i FROM posts)
            SELECT i, text, image_count, text_sentiment FROM n WHERE i IN (SELECT unnest([{string.Join(',', ids)}]))
            """;
        using var r = c.ExecuteReader();
        while (r.Read())
        {
            var text = r.IsDBNull(1) ? null : r.GetString(1);
            result[Convert.ToInt32(r.GetValue(0))] = (text?.Length ?? 0, Hashtags.Extract(text).Count, Convert.ToInt32(r.GetValue(2)),
                r.IsDBNull(3) ? null : r.GetString(3));
        }
        return result;
    }

    /// <summary>Per author, their posts without a parent and the reshares those received, both in time (= index) order.</summary>
    private sealed class AuthorHistory
    {
        private readonly Dictionary<int, List<int>> _roots = [], _reshares = [];

        public AuthorHistory(CascadeForest f)
        {
            for (int v = 0; v < f.Count; v++)
            {
                if (f.Parent[v] < 0) Add(_roots, f.User[v], v);
                else Add(_reshares, f.User[f.Root[v]], v);
            }
        }

        /// <summary>The author's root posts and the reshares they had received strictly before post <paramref name="at"/>.</summary>
        public (int Posts, int Reshares) Before(int author, int at) => (CountBelow(_roots, author, at), CountBelow(_reshares, author, at));

        private static void Add(Dictionary<int, List<int>> d, int key, int v)
        {
            if (!d.TryGetValue(key, out var l)) d[key] = l = [];
            l.Add(v);
        }

        private static int CountBelow(Dictionary<int, List<int>> d, int key, int at)
        {
            if (!d.TryGetValue(key, out var l)) return 0;
            int i = l.BinarySearch(at);
            return i >= 0 ? i : ~i;
        }
    }
}
