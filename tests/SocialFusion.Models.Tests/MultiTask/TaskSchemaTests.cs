using SocialFusion.Models.MultiTask;
using Xunit;

namespace SocialFusion.Models.Tests.MultiTask;

public class TaskSchemaTests
{
    private static IReadOnlyDictionary<string, string> L(params (string K, string V)[] kv) => kv.ToDictionary(x => x.K, x => x.V);

    [Fact]
    public void Infer_NumericIsRegression_TextIsClassification_SingleClassSkipped()
    {
        var rows = new[]
        {
            L(("location", "gym"), ("score", "1.5"), ("constant", "x")),
            L(("location", "home"), ("score", "3.5"), ("constant", "x")),
            L(("location", "cafe")),
        };
        var schema = TaskSchema.Infer(rows);
        Assert.Equal(["location", "score"], schema.Tasks.Select(t => t.Name));
        var loc = schema.Tasks[0];
        Assert.Equal(TaskKind.Classification, loc.Kind);
        Assert.Equal(["cafe", "gym", "home"], loc.Classes);
        var score = schema.Tasks[1];
        Assert.Equal(TaskKind.Regression, score.Kind);
        Assert.Equal(2.5, score.Mean, 9);
        Assert.Equal(1.0, score.Std, 9);
        Assert.Equal(1, score.Outputs);

        var forced = TaskSchema.Infer(rows, forceClassification: ["score"]);
        Assert.Equal(TaskKind.Classification, forced.Tasks[1].Kind);
    }

    [Fact]
    public void Encode_MarksMissingAndUnknownLabels()
    {
        var schema = TaskSchema.Infer([L(("a", "x"), ("n", "0")), L(("a", "y"), ("n", "2"))]);
        var t = schema.Encode([L(("a", "y"), ("n", "2")), L(("n", "zzz")), L(("a", "never-seen"))]);
        Assert.Equal(2, t.Tasks);
        Assert.Equal(3, t.Count);
        Assert.Equal([true, true, false, false, false, false], t.Present);
        Assert.Equal(1f, t.Values[0]);           // class "y"
        Assert.Equal(1f, t.Values[1]);           // (2 - 1) / 1
        var sub = t.Select([2, 0]);
        Assert.Equal([false, false, true, true], sub.Present);
    }

    [Fact]
    public void Json_RoundTrips()
    {
        var schema = TaskSchema.Infer([L(("a", "x"), ("n", "0")), L(("a", "y"), ("n", "2"))]);
        var back = TaskSchema.FromJson(schema.ToJson());
        Assert.Equal(schema.Tasks.Select(t => (t.Name, t.Kind, string.Join(",", t.Classes), t.Mean, t.Std)),
                     back.Tasks.Select(t => (t.Name, t.Kind, string.Join(",", t.Classes), t.Mean, t.Std)));
    }

    [Fact]
    public void Infer_NoUsableColumn_Throws() =>
        Assert.Throws<ArgumentException>(() => TaskSchema.Infer([L(("a", "x")), L(("a", "x"))]));

    [Fact]
    public void BalancedClassWeights_CountOnlyRowsWithTheLabel()
    {
        var schema = new TaskSchema([
            new TaskHead("loc", TaskKind.Classification, ["a", "b", "c", "d"]),
            new TaskHead("r", TaskKind.Regression, []),
        ]);
        // loc: a a a b, then two rows without a loc label whose stored value (class 1 = b) must not be counted;
        // class c is present nowhere, d once.
        var values = new float[] { 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 3, 0 };
        var present = new[] { true, true, true, true, true, false, true, true, false, true, false, false, true, true };
        var targets = new TaskTargets(values, present, 2);
        Assert.Equal([3, 1, 0, 1], targets.ClassCounts(0, 4));
        var w = schema.BalancedClassWeights(targets);
        Assert.Null(w[1]);
        // n = 5 labelled rows, C = 4: n / (C n_c); an absent class weighs 0.
        Assert.Equal([5f / 12, 5f / 4, 0f, 5f / 4], w[0]!);
        // Weighted counts are equal for every class that occurs: each contributes n / C in total.
        Assert.Equal(5f / 4, 3 * w[0]![0], 5);
        Assert.Throws<ArgumentException>(() => new TaskTargets([7, 0], [true, true], 2).ClassCounts(0, 4));
    }
}
