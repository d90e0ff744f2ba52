namespace SocialFusion.Data.Demo;

/// <summary>
/// The follow graph in compressed sparse rows: the users <c>u</c> follows are
/// <c>Followees[Start[u] .. Start[u + 1])</c>, sorted, without self-loops or repeats.
/// </summary>
internal sealed class FollowGraph
{
    public int[] Start { get; }
    public int[] Followees { get; }
    public int Users => Start.Length - 1;
    public int Edges => Followees.Length;

    /// <summary>Takes the rows as given and sorts each one (the arrays are owned from here on).</summary>
    public FollowGraph(int[] start, int[] followees)
    {
        Start = start; Followees = followees;
        for (int u = 0; u < Users; u++) Array.Sort(followees, start[u], start[u + 1] - start[u]);
    }

    /// <summary>From (follower, followee) pairs.</summary>
    public static FollowGraph FromEdges(int users, IReadOnlyList<(int From, int To)> edges)
    {
        var start = new int[users + 1];
        foreach (var (from, _) in edges) start[from + 1]++;
        for (int u = 0; u < users; u++) start[u + 1] += start[u];
        var next = start[..^1].ToArray();
        var followees = new int[edges.Count];
        foreach (var (from, to) in edges) followees[next[from]++] = to;
        return new FollowGraph(start, followees);
    }

    public ReadOnlySpan<int> FolloweesOf(int u) => Followees.AsSpan(Start[u], Start[u + 1] - Start[u]);

    public bool Follows(int follower, int followee) => FolloweesOf(follower).BinarySearch(followee) >= 0;

    /// <summary>How many users follow each user.</summary>
    public int[] FollowerCounts()
    {
        var counts = new int[Users];
        foreach (var v in Followees) counts[v]++;
        return counts;
    }
}
