using SocialFusion.Analytics.Evaluation;
using Xunit;

namespace SocialFusion.Analytics.Tests.Evaluation;

public class PartitionAgreementTests
{
    private static Dictionary<string, T> P<T>(params T[] labels) => labels.Select((l, i) => ($"n{i}", l)).ToDictionary(t => t.Item1, t => t.l);

    [Fact]
    public void Ari_by_hand()
    {
        // Contingency [[2,1,0],[0,1,2]]: sum C(n_ij,2) = 2, rows 3,3 -> 6, columns 2,2,2 -> 3, C(6,2) = 15,
        // E = 6 * 3 / 15 = 1.2, max = 4.5: ARI = 0.8 / 3.3.
        Assert.Equal(0.8 / 3.3, PartitionAgreement.AdjustedRandIndex(P(0, 0, 0, 1, 1, 1), P("x", "x", "y", "y", "z", "z")), 12);
        // sum C(n_ij,2) = 1 = E: exactly chance.
        Assert.Equal(0.0, PartitionAgreement.AdjustedRandIndex(P(0, 0, 1, 1), P("x", "x", "x", "y")), 12);
    }

    [Fact]
    public void Nmi_by_hand()
    {
        // A = {n0,n1}{n2,n3}, B = {n0,n1,n2}{n3}: H(A) = ln 2, H(B) = -(0.75 ln 0.75 + 0.25 ln 0.25),
        // I = 0.5 ln(4/3) + 0.25 ln(2/3) + 0.25 ln 2.
        double ha = Math.Log(2), hb = -(0.75 * Math.Log(0.75) + 0.25 * Math.Log(0.25));
        double mi = 0.5 * Math.Log(4.0 / 3) + 0.25 * Math.Log(2.0 / 3) + 0.25 * Math.Log(2);
        Assert.Equal(mi / ((ha + hb) / 2), PartitionAgreement.NormalizedMutualInformation(P(0, 0, 1, 1), P("x", "x", "x", "y")), 12);
    }

    [Fact]
    public void Relabelled_identical_partitions_score_one_and_independent_ones_zero()
    {
        Assert.Equal(1.0, PartitionAgreement.AdjustedRandIndex(P(0, 0, 1, 2, 2), P("c", "c", "a", "b", "b")), 12);
        Assert.Equal(1.0, PartitionAgreement.NormalizedMutualInformation(P(0, 0, 1, 2, 2), P("c", "c", "a", "b", "b")), 12);
        // Every A cluster holds one of each B class: no information.
        Assert.Equal(0.0, PartitionAgreement.NormalizedMutualInformation(P(0, 0, 1, 1), P("x", "y", "x", "y")), 12);
    }

    [Fact]
    public void Different_node_sets_are_refused_naming_the_difference()
    {
        var a = P(0, 0, 1);
        var b = new Dictionary<string, string> { ["n0"] = "x", ["n1"] = "x", ["other"] = "y" };
        var e = Assert.Throws<ArgumentException>(() => PartitionAgreement.AdjustedRandIndex(a, b));
        Assert.Contains("different nodes", e.Message);
        Assert.Contains("n2", e.Message);
        Assert.Contains("other", e.Message);
        Assert.Throws<ArgumentException>(() => PartitionAgreement.NormalizedMutualInformation(a, b));
    }
}
