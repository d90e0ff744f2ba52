using SocialFusion.Models.Features;
using SocialFusion.Models.MultiTask;

namespace SocialFusion.Training.MultiTask;

/// <summary>One head's accuracy when it sees a given modality view of a group of posts.</summary>
/// <param name="Task">The head.</param>
/// <param name="Posts">Which posts: "both" (posts with text and image), "text-only" or "image-only" (posts that lack the other modality).</param>
/// <param name="View">What the model was shown: the posts as given, or with one modality hidden.</param>
/// <param name="Count">Posts with the head's label in the group.</param>
/// <param name="Accuracy">Top-1 accuracy.</param>
/// <param name="MacroF1">Macro-F1 over the head's classes.</param>
public sealed record TransferResult(string Task, string Posts, ModalityView View, int Count, double Accuracy, double MacroF1);

/// <summary>
/// Cross-modal transfer: a head trained on posts with both modalities answers for posts that show only one of them,
/// e.g. image sentiment predicted from the text alone. Posts with both modalities are evaluated as given and with
/// each modality hidden (so the drop is measured on the same posts); naturally unimodal posts are evaluated as given.
/// Classification heads only (regression heads are reported by the ordinary evaluation).
/// </summary>
public static class CrossModalTransfer
{
    /// <summary>Transfer results for every classification head of <paramref name="model"/> on <paramref name="test"/>.</summary>
    public static IReadOnlyList<TransferResult> Evaluate(MultiTaskModel model, MultiTaskSet test, FeatureSpec spec, int batchSize = 256)
    {
        var both = Rows(test, f => f.TextLength > 0 && f.Images.Length > 0);
        var textOnly = Rows(test, f => f.TextLength > 0 && f.Images.Length == 0);
        var imageOnly = Rows(test, f => f.TextLength == 0 && f.Images.Length > 0);
        var runs = new List<(string Posts, ModalityView View, MultiTaskSet Set)>
        {
            ("both", ModalityView.AsGiven, test.Select(both)),
            ("both", ModalityView.TextOnly, test.Select(both).WithView(ModalityView.TextOnly)),
            ("both", ModalityView.ImageOnly, test.Select(both).WithView(ModalityView.ImageOnly)),
            ("text-only", ModalityView.AsGiven, test.Select(textOnly)),
            ("image-only", ModalityView.AsGiven, test.Select(imageOnly)),
        };
        var results = new List<TransferResult>();
        foreach (var (posts, view, set) in runs)
        {
            if (set.Count == 0) continue;
            var eval = MultiTaskEvaluator.Evaluate(model, set, spec, batchSize);
            foreach (var h in eval.Heads)
                if (h.Classification is not null && h.Count > 0)
                    results.Add(new TransferResult(h.Task, posts, view, h.Count, h.Classification.Accuracy, h.Classification.MacroF1));
        }
        return results;
    }

    private static int[] Rows(MultiTaskSet set, Func<SocialFusion.Training.Features.PostFeatures, bool> keep) =>
        Enumerable.Range(0, set.Count).Where(i => keep(set.Features[i])).ToArray();
}
