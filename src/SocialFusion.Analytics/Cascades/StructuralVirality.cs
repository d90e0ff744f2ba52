namespace SocialFusion.Analytics.Cascades;

/// <summary>
/// Structural virality (Goel, Anderson, Hofman and Watts 2016, "The Structural Virality of Online Diffusion",
/// Management Science 62(1)): the mean shortest-path distance over all pairs of distinct nodes of a cascade tree,
/// nu(T) = (1 / (n (n - 1))) * sum_i sum_j d_ij. Near 2 for a broadcast (a star), large for a chain of person-to-person
/// spread.
/// </summary>
/// <remarks>
/// The sum of distances over unordered pairs is the Wiener index W. In a tree, the edge above node v lies on the path
/// of exactly s_v (n - s_v) pairs, where s_v is the size of v's subtree, so W = sum over non-root v of s_v (n - s_v)
/// and nu = W / (n (n - 1) / 2): O(n) instead of the O(n^2) all-pairs breadth-first search of the definition (which
/// the tests compute to check this). A lone post has no pair: nu = 0 by convention.
/// </remarks>
public static class StructuralVirality
{
    /// <summary>
    /// The Wiener index of a tree whose nodes are listed in breadth-first (or any parents-first) order, root first:
    /// <paramref name="parentPosition"/>[j] is the position in that order of node j's parent (-1 for the root).
    /// </summary>
    public static long WienerIndex(ReadOnlySpan<int> parentPosition)
    {
        int n = parentPosition.Length;
        Span<long> size = n <= 1024 ? stackalloc long[n] : new long[n];
        size.Fill(1);
        long wiener = 0;
        // Children come after their parents, so walking backwards finishes every subtree before its parent reads it.
        for (int j = n - 1; j > 0; j--)
        {
            wiener += size[j] * (n - size[j]);
            size[parentPosition[j]] += size[j];
        }
        return wiener;
    }

    /// <summary>nu = W / (n (n - 1) / 2); 0 for n &lt; 2.</summary>
    public static double FromWiener(long wiener, int n) => n < 2 ? 0 : wiener / ((double)n * (n - 1) / 2);
}
