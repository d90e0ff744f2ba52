using SocialFusion.Data.Posts;

namespace SocialFusion.Training.Data;

/// <summary>Split fractions and options.</summary>
/// <param name="Train">Fraction for training.</param>
/// <param name="Dev">Fraction for development (model selection).</param>
/// <param name="Test">Fraction for the held-out test.</param>
/// <param name="GroupByUser">When true no user appears in two splits (avoids author leakage).</param>
/// <param name="Seed">Seed of the shuffle; same seed, same split.</param>
public sealed record SplitOptions(double Train = 0.70, double Dev = 0.15, double Test = 0.15, bool GroupByUser = false, int Seed = 42);

/// <summary>Result of a split.</summary>
/// <param name="Train">Training posts.</param>
/// <param name="Dev">Development posts.</param>
/// <param name="Test">Test posts.</param>
/// <param name="Unlabelled">Posts left out because they lack the label.</param>
public sealed record DataSplit(IReadOnlyList<Post> Train, IReadOnlyList<Post> Dev, IReadOnlyList<Post> Test, int Unlabelled);

/// <summary>Deterministic stratified train/dev/test split, optionally grouped by user.</summary>
public static class DataSplitter
{
    /// <summary>Splits the posts that carry <paramref name="labelName"/>; the others are counted, not split.</summary>
    public static DataSplit Split(IReadOnlyList<Post> posts, string labelName, SplitOptions? options = null)
    {
        var o = options ?? new SplitOptions();
        if (o.Train < 0 || o.Dev < 0 || o.Test < 0 || Math.Abs(o.Train + o.Dev + o.Test - 1) > 1e-6)
            throw new ArgumentException($"Split fractions must be >= 0 and sum to 1, got {o.Train}/{o.Dev}/{o.Test}.");
        var labelled = posts.Where(p => p.Label(labelName) is not null).ToList();
        int unlabelled = posts.Count - labelled.Count;
        double[] fractions = { o.Train, o.Dev, o.Test };
        var parts = new[] { new List<Post>(), new List<Post>(), new List<Post>() };
        var rng = new Random(o.Seed);
        if (!o.GroupByUser)
        {
            // Per label: shuffle, then cut at the rounded cumulative fractions so every split keeps the label's share.
            foreach (var group in labelled.GroupBy(p => p.Label(labelName)!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var items = group.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();
                rng.Shuffle(items);
                int a = (int)Math.Round(items.Length * fractions[0]), b = (int)Math.Round(items.Length * (fractions[0] + fractions[1]));
                parts[0].AddRange(items[..a]); parts[1].AddRange(items[a..b]); parts[2].AddRange(items[b..]);
            }
        }
        else
        {
            // Greedy stratified group assignment: biggest users first, each to the split whose per-label counts
            // fall furthest below their targets (weighted by the user's label mix).
            var labels = labelled.Select(p => p.Label(labelName)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
            var totals = new double[labels.Length];
            foreach (var p in labelled) totals[labelIndex[p.Label(labelName)!]]++;
            var counts = new double[3, labels.Length];
            var users = labelled.GroupBy(p => p.UserId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToArray();
            rng.Shuffle(users);
            foreach (var user in users.OrderByDescending(u => u.Count()))
            {
                var mix = new double[labels.Length];
                foreach (var p in user) mix[labelIndex[p.Label(labelName)!]]++;
                int best = 0; double bestDeficit = double.NegativeInfinity;
                for (int s = 0; s < 3; s++)
                {
                    if (fractions[s] == 0) continue;
                    double deficit = 0;
                    for (int c = 0; c < labels.Length; c++)
                        if (mix[c] > 0) deficit += mix[c] * (fractions[s] * totals[c] - counts[s, c]) / (fractions[s] * totals[c]);
                    if (deficit > bestDeficit) { bestDeficit = deficit; best = s; }
                }
                for (int c = 0; c < labels.Length; c++) counts[best, c] += mix[c];
                parts[best].AddRange(user);
            }
        }
        foreach (var part in parts) part.Sort((x, y) => string.CompareOrdinal(x.Id, y.Id));
        return new DataSplit(parts[0], parts[1], parts[2], unlabelled);
    }
}
