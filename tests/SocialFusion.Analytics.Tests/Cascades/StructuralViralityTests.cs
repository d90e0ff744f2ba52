using SocialFusion.Analytics.Cascades;
using Xunit;

namespace SocialFusion.Analytics.Tests.Cascades;

public class StructuralViralityTests
{
    /// <summary>The O(n^2) definition: breadth-first search from every node, summing distances over unordered pairs.</summary>
    internal static long WienerByAllPairs(int[] parentPosition)
    {
        int n = parentPosition.Length;
        var adj = Enumerable.Range(0, n).Select(_ => new List<int>()).ToArray();
        for (int j = 1; j < n; j++) { adj[j].Add(parentPosition[j]); adj[parentPosition[j]].Add(j); }
        long total = 0;
        var dist = new int[n];
        for (int s = 0; s < n; s++)
        {
            Array.Fill(dist, -1);
            dist[s] = 0;
            var queue = new Queue<int>([s]);
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                foreach (var w in adj[v]) if (dist[w] < 0) { dist[w] = dist[v] + 1; queue.Enqueue(w); }
            }
            total += dist.Sum();
        }
        return total / 2;
    }

    [Fact]
    public void Hand_drawn_tree_has_the_Wiener_index_counted_by_hand()
    {
        //        0
        //       / \
        //      1   2
        //     / \
        //    3   4
        //    |
        //    5
        // Pairs by hand: from 0: 1+1+2+2+3 = 9; from 1 (to 2..5): 2+1+1+2 = 6; from 2: 3+3+4 = 10; 3-4: 2, 3-5: 1; 4-5: 3.
        // W = 9 + 6 + 10 + 3 + 3 = 31 over 15 pairs. By subtree sizes: 4*2 + 1*5 + 2*4 + 1*5 + 1*5 = 31.
        int[] parent = [-1, 0, 0, 1, 1, 3];
        Assert.Equal(31, StructuralVirality.WienerIndex(parent));
        Assert.Equal(31, WienerByAllPairs(parent));
        Assert.Equal(31 / 15.0, StructuralVirality.FromWiener(31, 6), 12);
    }

    [Fact]
    public void Star_and_chain_have_their_closed_forms()
    {
        // Star of n nodes: nu = 2 (n - 1) / n (broadcast); chain of n: nu = (n + 1) / 3 (person to person).
        int n = 50;
        var star = Enumerable.Range(0, n).Select(i => i == 0 ? -1 : 0).ToArray();
        var chain = Enumerable.Range(0, n).Select(i => i - 1).ToArray();
        Assert.Equal(2.0 * (n - 1) / n, StructuralVirality.FromWiener(StructuralVirality.WienerIndex(star), n), 12);
        Assert.Equal((n + 1) / 3.0, StructuralVirality.FromWiener(StructuralVirality.WienerIndex(chain), n), 12);
        Assert.Equal(0, StructuralVirality.FromWiener(StructuralVirality.WienerIndex([-1]), 1));
    }

    [Fact]
    public void Linear_time_Wiener_index_equals_the_all_pairs_definition_on_random_trees()
    {
        var random = new Random(7);
        for (int t = 0; t < 200; t++)
        {
            int n = random.Next(1, 120);
            // Parents-first order: node j's parent is any earlier node; bias toward recent nodes for deeper trees.
            var parent = Enumerable.Range(0, n).Select(j => j == 0 ? -1 : (random.Next(2) == 0 ? random.Next(j) : Math.Max(0, j - 1 - random.Next(3)))).ToArray();
            Assert.Equal(WienerByAllPairs(parent), StructuralVirality.WienerIndex(parent));
        }
    }
}
