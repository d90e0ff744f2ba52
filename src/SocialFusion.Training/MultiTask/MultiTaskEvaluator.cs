using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Features;
using static TorchSharp.torch;

namespace SocialFusion.Training.MultiTask;

/// <summary>Regression metrics in the label's own units.</summary>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="R2">Coefficient of determination (1 - SSE/SST; 0 when the gold values are constant).</param>
public sealed record RegressionMetrics(double Mae, double Rmse, double R2)
{
    /// <summary>Metrics of <paramref name="predicted"/> against <paramref name="gold"/>.</summary>
    public static RegressionMetrics Compute(IReadOnlyList<double> predicted, IReadOnlyList<double> gold)
    {
        int n = gold.Count;
        if (n == 0) return new RegressionMetrics(0, 0, 0);
        double mean = gold.Average(), sse = 0, sst = 0, sae = 0;
        for (int i = 0; i < n; i++)
        {
            double e = predicted[i] - gold[i];
            sae += Math.Abs(e); sse += e * e; sst += (gold[i] - mean) * (gold[i] - mean);
        }
        return new RegressionMetrics(sae / n, Math.Sqrt(sse / n), sst == 0 ? 0 : 1 - sse / sst);
    }
}

/// <summary>One head's test result: classification metrics or regression metrics, over the posts that carry its label.</summary>
public sealed record HeadEvaluation(string Task, TaskKind Kind, int Count, MetricSet? Classification, RegressionMetrics? Regression)
{
    /// <summary>The score model selection uses: macro-F1, or minus RMSE (in standard deviations) for regression.</summary>
    public double Score(TaskHead head) => Classification?.MacroF1 ?? -(Regression!.Rmse / head.Std);
}

/// <summary>Every head's result.</summary>
public sealed record MultiTaskEvaluation(IReadOnlyList<HeadEvaluation> Heads)
{
    /// <summary>Mean macro-F1 over classification heads (NaN when there are none).</summary>
    public double MeanMacroF1 => Heads.Where(h => h.Classification is not null).Select(h => h.Classification!.MacroF1).DefaultIfEmpty(double.NaN).Average();

    /// <summary>The head named <paramref name="task"/>.</summary>
    public HeadEvaluation this[string task] => Heads.First(h => h.Task == task);
}

/// <summary>Per-post outputs of every head: probabilities [N][C] or values [N] in label units (null for the other kind).</summary>
public sealed record MultiTaskInference(IReadOnlyList<float[][]?> Probabilities, IReadOnlyList<double[]?> Values);

/// <summary>Batched no_grad inference and per-head evaluation of a <see cref="MultiTaskModel"/>.</summary>
public static class MultiTaskEvaluator
{
    /// <summary>Runs the model in eval mode over <paramref name="features"/>.</summary>
    public static MultiTaskInference Infer(MultiTaskModel model, IReadOnlyList<PostFeatures> features, FeatureSpec spec, int batchSize = 256)
    {
        var schema = model.Schema;
        int t = schema.Tasks.Count;
        var probs = Enumerable.Range(0, t).Select(i => schema.Tasks[i].Kind == TaskKind.Classification ? new List<float[]>() : null).ToArray();
        var values = Enumerable.Range(0, t).Select(i => schema.Tasks[i].Kind == TaskKind.Regression ? new List<double>() : null).ToArray();
        bool wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            for (int start = 0; start < features.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var chunk = features.Skip(start).Take(batchSize).ToList();
                using var batch = FeatureCollator.Collate(chunk, spec, model.Config.MaxImages, model.Config.MaxTextTokens);
                var o = model.forward(batch);
                for (int i = 0; i < t; i++)
                {
                    var head = schema.Tasks[i];
                    if (head.Kind == TaskKind.Classification)
                    {
                        var p = nn.functional.softmax(o.Heads[i], 1).contiguous();           // [B, C]
                        var flat = p.data<float>().ToArray();
                        int c = head.Outputs;
                        for (int r = 0; r < chunk.Count; r++) probs[i]!.Add(flat.AsSpan(r * c, c).ToArray());
                    }
                    else values[i]!.AddRange(o.Heads[i].contiguous().data<float>().ToArray().Select(v => v * head.Std + head.Mean));
                }
            }
        }
        finally { if (wasTraining) model.train(); }
        return new MultiTaskInference(probs.Select(p => p?.ToArray()).ToArray(), values.Select(v => v?.ToArray()).ToArray());
    }

    /// <summary>Evaluates every head on the posts of <paramref name="set"/> that carry its label.</summary>
    public static MultiTaskEvaluation Evaluate(MultiTaskModel model, MultiTaskSet set, FeatureSpec spec, int batchSize = 256)
        => Score(model.Schema, Infer(model, set.Features, spec, batchSize), set.Targets);

    /// <summary>Scores an inference against targets (rows without a head's label are skipped for that head).</summary>
    public static MultiTaskEvaluation Score(TaskSchema schema, MultiTaskInference inference, TaskTargets targets)
    {
        var heads = new List<HeadEvaluation>();
        for (int i = 0; i < schema.Tasks.Count; i++)
        {
            var head = schema.Tasks[i];
            var rows = Enumerable.Range(0, targets.Count).Where(r => targets.Present[r * targets.Tasks + i]).ToArray();
            if (head.Kind == TaskKind.Classification)
            {
                var m = Metrics.Compute(rows.Select(r => inference.Probabilities[i]![r]).ToList(),
                    rows.Select(r => (int)targets.Values[r * targets.Tasks + i]).ToList(), head.Classes);
                heads.Add(new HeadEvaluation(head.Name, head.Kind, rows.Length, m, null));
            }
            else
            {
                var gold = rows.Select(r => targets.Values[r * targets.Tasks + i] * head.Std + head.Mean).ToList();
                heads.Add(new HeadEvaluation(head.Name, head.Kind, rows.Length, null,
                    RegressionMetrics.Compute(rows.Select(r => inference.Values[i]![r]).ToList(), gold)));
            }
        }
        return new MultiTaskEvaluation(heads);
    }
}
