using SocialFusion.Analytics.Evaluation;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Influence;

/// <summary>What <see cref="InfluenceAnalysis.Run(AnalyticsStore, InfluenceOptions)"/> computes.</summary>
/// <param name="PageRank">Power-iteration settings for both graphs.</param>
/// <param name="Top">How many users each ranking lists, and the k of the top-k overlaps.</param>
public sealed record InfluenceOptions(PageRankConfig PageRank, int Top)
{
    /// <summary>Reference PageRank, top 10.</summary>
    public static InfluenceOptions Reference { get; } = new(PageRankConfig.Reference, 10);
}

/// <summary>One user of a ranking (real id: the caller pseudonymises for display).</summary>
/// <param name="UserId">User id as stored.</param>
/// <param name="FollowRank">PageRank on the follow graph.</param>
/// <param name="ReshareRank">PageRank on the reshare graph.</param>
/// <param name="Followers">Follower count.</param>
/// <param name="ReshareWeightReceived">Replies and reposts received from other users.</param>
public sealed record InfluentialUser(string UserId, double FollowRank, double ReshareRank, long Followers, double ReshareWeightReceived);

/// <summary>How two rankings of all users agree.</summary>
/// <param name="A">First ranking.</param>
/// <param name="B">Second ranking.</param>
/// <param name="Spearman">Spearman's rho over every user (ties averaged).</param>
/// <param name="TopOverlap">Share of the top k of A that is in the top k of B.</param>
public sealed record RankingAgreement(string A, string B, double Spearman, double TopOverlap);

/// <summary>The influence analysis of a store.</summary>
/// <param name="Users">Users ranked (every user of the store).</param>
/// <param name="FollowEdges">Edges of the follow graph.</param>
/// <param name="ReshareEdges">Distinct resharer -> author pairs.</param>
/// <param name="Follow">PageRank on the follow graph.</param>
/// <param name="Reshare">PageRank on the reshare graph.</param>
/// <param name="Agreement">Rank agreement of the rankings with each other and with follower counts.</param>
/// <param name="TopByFollowRank">Top users by follow-graph PageRank.</param>
/// <param name="TopByReshareRank">Top users by reshare-graph PageRank.</param>
/// <param name="TopByFollowers">Top users by follower count.</param>
/// <param name="Top">Length of the top lists and k of the overlaps.</param>
/// <param name="Damping">PageRank damping used.</param>
public sealed record InfluenceResult(int Users, int FollowEdges, int ReshareEdges, PageRankResult Follow, PageRankResult Reshare,
    IReadOnlyList<RankingAgreement> Agreement, IReadOnlyList<InfluentialUser> TopByFollowRank, IReadOnlyList<InfluentialUser> TopByReshareRank,
    IReadOnlyList<InfluentialUser> TopByFollowers, int Top, double Damping);

/// <summary>
/// Who is influential: PageRank (<see cref="PageRank"/>) on the follow graph (follower -> followee: attention flows to
/// the followed) and on the reshare graph (resharer -> author reshared, weighted by count: attention actually paid),
/// each compared with the plain follower count by Spearman's rho and top-k overlap. The entry point behind
/// <c>socialfusion analyze influence</c>.
/// </summary>
public static class InfluenceAnalysis
{
    /// <summary>Loads the graphs and ranks every user of the store.</summary>
    public static InfluenceResult Run(AnalyticsStore store, InfluenceOptions options) => Run(UserGraph.Load(store), options);

    /// <summary>Ranks every user of <paramref name="g"/>.</summary>
    public static InfluenceResult Run(UserGraph g, InfluenceOptions options)
    {
        var follow = PageRank.Compute(g.Follow, options.PageRank);
        var reshare = PageRank.Compute(g.Reshare, options.PageRank);
        var followers = g.Followers.Select(f => (double)f).ToArray();
        var received = new double[g.UserIds.Length];
        for (int e = 0; e < g.Reshare.Edges; e++) received[g.Reshare.Targets[e]] += g.Reshare.Weights![e];
        int k = options.Top;
        var agreement = new List<RankingAgreement>
        {
            new("follow PageRank", "followers", RankCorrelation.Spearman(follow.Scores, followers), RankCorrelation.TopKOverlap(follow.Scores, followers, k)),
            new("reshare PageRank", "followers", RankCorrelation.Spearman(reshare.Scores, followers), RankCorrelation.TopKOverlap(reshare.Scores, followers, k)),
            new("reshare PageRank", "follow PageRank", RankCorrelation.Spearman(reshare.Scores, follow.Scores), RankCorrelation.TopKOverlap(reshare.Scores, follow.Scores, k)),
            new("reshare PageRank", "reshares received", RankCorrelation.Spearman(reshare.Scores, received), RankCorrelation.TopKOverlap(reshare.Scores, received, k)),
        };
        InfluentialUser U(int i) => new(g.UserIds[i], follow.Scores[i], reshare.Scores[i], g.Followers[i], received[i]);
        return new InfluenceResult(g.UserIds.Length, g.Follow.Edges, g.Reshare.Edges, follow, reshare, agreement,
            RankCorrelation.Top(follow.Scores, k).Select(U).ToList(), RankCorrelation.Top(reshare.Scores, k).Select(U).ToList(),
            RankCorrelation.Top(followers, k).Select(U).ToList(), k, options.PageRank.Damping);
    }
}
