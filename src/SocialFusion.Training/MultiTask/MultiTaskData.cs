using SocialFusion.Data.Posts;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Features;

namespace SocialFusion.Training.MultiTask;

/// <summary>Features of N posts with their [N, T] targets (missing labels flagged, not dropped).</summary>
/// <param name="Features">Per-post frozen features.</param>
/// <param name="Targets">Encoded targets in the same order.</param>
public sealed record MultiTaskSet(IReadOnlyList<PostFeatures> Features, TaskTargets Targets)
{
    /// <summary>Number of posts.</summary>
    public int Count => Features.Count;

    /// <summary>Builds the set for <paramref name="posts"/> from features looked up by post id.</summary>
    public static MultiTaskSet From(IReadOnlyList<Post> posts, IReadOnlyDictionary<string, PostFeatures> features, TaskSchema schema)
    {
        var f = posts.Select(p => features.TryGetValue(p.Id, out var x) ? x
            : throw new KeyNotFoundException($"No features for post '{p.Id}'.")).ToList();
        return new MultiTaskSet(f, schema.Encode(posts.Select(p => p.Labels).ToList()));
    }

    /// <summary>The same posts with one modality hidden (for cross-modal transfer and unimodal evaluation).</summary>
    public MultiTaskSet WithView(ModalityView view) => view == ModalityView.AsGiven ? this
        : new MultiTaskSet(Features.Select(x => ModalityViews.Apply(x, view)).ToList(), Targets);

    /// <summary>Rows <paramref name="rows"/> of the set.</summary>
    public MultiTaskSet Select(IReadOnlyList<int> rows) => new(rows.Select(r => Features[r]).ToList(), Targets.Select(rows));
}

/// <summary>Which modalities a model is shown at evaluation.</summary>
public enum ModalityView
{
    /// <summary>The post as it is.</summary>
    AsGiven,
    /// <summary>Images hidden: the post is shown as text only.</summary>
    TextOnly,
    /// <summary>Text hidden: the post is shown as images only.</summary>
    ImageOnly,
}

/// <summary>Applies a <see cref="ModalityView"/> to per-post features.</summary>
public static class ModalityViews
{
    /// <summary>
    /// The features with the hidden modality removed exactly as a post without it is extracted (no tokens, zero
    /// pooled vector), so a masked post is indistinguishable from a naturally unimodal one.
    /// </summary>
    public static PostFeatures Apply(PostFeatures f, ModalityView view) => view switch
    {
        ModalityView.TextOnly => new PostFeatures { PostId = f.PostId, TextTokens = f.TextTokens, TextLength = f.TextLength, Images = [], TextPooled = f.TextPooled, ImagePooled = new float[f.ImagePooled.Length] },
        ModalityView.ImageOnly => new PostFeatures { PostId = f.PostId, TextTokens = [], TextLength = 0, Images = f.Images, TextPooled = new float[f.TextPooled.Length], ImagePooled = f.ImagePooled },
        _ => f,
    };
}
