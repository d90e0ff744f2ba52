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
    /// </summary>
    public static Tensor Masked(TaskHead head, Tensor output, Tensor target, Tensor present)
    {
        using var scope = NewDisposeScope();
        var p = present.to_type(output.dtype);                                            // [B]
        // Missing targets may hold anything; replace them so cross-entropy never sees an invalid class.
        var t = where(present, target, zeros_like(target));
        var perRow = head.Kind == TaskKind.Classification
            ? nn.functional.cross_entropy(output, t.to_type(ScalarType.Int64), reduction: nn.Reduction.None) // [B]
            : (output - t.to_type(output.dtype)).pow(2);                                  // [B]
        var loss = (perRow * p).sum() / p.sum().clamp_min(1);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Per-head masked losses of a whole output: targets and presence are [B, T].</summary>
    public static IReadOnlyList<Tensor> All(TaskSchema schema, IReadOnlyList<Tensor> outputs, Tensor targets, Tensor present)
    {
        var losses = new Tensor[schema.Tasks.Count];
        for (int i = 0; i < losses.Length; i++) losses[i] = Masked(schema.Tasks[i], outputs[i], targets[.., i], present[.., i]);
        return losses;
    }
}
