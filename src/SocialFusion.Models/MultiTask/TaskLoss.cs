using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.MultiTask;

/// <summary>Per-head losses with missing labels masked out.</summary>
public static class TaskLoss
{
    /// <summary>
    /// Mean loss of one head over the posts that have its label. <paramref name="output"/> is [B, C] logits or [B]
    /// standardised values, <paramref name="target"/> [B] (class index or standardised value), <paramref name="present"/>
    /// [B] bool. Missing rows contribute exactly zero loss and zero gradient; a batch without any label for the head
    /// gives a zero loss whose gradient into the head is zero.
    /// <paramref name="classWeights"/> ([C], classification only; null: every class weighs 1) makes it the weighted mean
    /// sum_i w_{y_i} CE_i / sum_i w_{y_i} over the present rows, the same normalisation as torch's weighted
    /// cross-entropy with mean reduction, so a batch of one class has the same loss whatever that class's weight.
    /// </summary>
    public static Tensor Masked(TaskHead head, Tensor output, Tensor target, Tensor present, Tensor? classWeights = null)
    {
        using var scope = NewDisposeScope();
        var p = present.to_type(output.dtype);                                            // [B]
        // Missing targets may hold anything; replace them so cross-entropy never sees an invalid class.
        var t = where(present, target, zeros_like(target));
        if (classWeights is not null && head.Kind != TaskKind.Classification)
            throw new ArgumentException($"Head '{head.Name}' is a regression head: class weights do not apply.");
        Tensor perRow;
        if (head.Kind == TaskKind.Classification)
        {
            var cls = t.to_type(ScalarType.Int64);
            perRow = nn.functional.cross_entropy(output, cls, reduction: nn.Reduction.None);   // [B]
            if (classWeights is not null) p = p * classWeights.to_type(output.dtype).index_select(0, cls); // [B] w_y, 0 when missing
        }
        else perRow = (output - t.to_type(output.dtype)).pow(2);                            // [B]
        // Weighted rows: a batch whose present rows all weigh 0 (a class absent from training) gives 0, not NaN.
        var denominator = classWeights is null ? p.sum().clamp_min(1) : p.sum().clamp_min(1e-12);
        var loss = (perRow * p).sum() / denominator;
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Per-head masked losses of a whole output: targets and presence are [B, T]; <paramref name="classWeights"/> holds
    /// one [C] tensor or null per head (schema order), or is null for unweighted losses everywhere.
    /// </summary>
    public static IReadOnlyList<Tensor> All(TaskSchema schema, IReadOnlyList<Tensor> outputs, Tensor targets, Tensor present,
        IReadOnlyList<Tensor?>? classWeights = null)
    {
        if (classWeights is not null && classWeights.Count != schema.Tasks.Count)
            throw new ArgumentException($"{classWeights.Count} class weight entries for {schema.Tasks.Count} heads.");
        var losses = new Tensor[schema.Tasks.Count];
        for (int i = 0; i < losses.Length; i++) losses[i] = Masked(schema.Tasks[i], outputs[i], targets[.., i], present[.., i], classWeights?[i]);
        return losses;
    }
}
