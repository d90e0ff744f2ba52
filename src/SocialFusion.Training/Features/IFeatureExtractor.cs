using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;

namespace SocialFusion.Training.Features;

/// <summary>An image an extractor could not use; the post keeps its other images and its text.</summary>
/// <param name="PostId">The post the image belongs to.</param>
/// <param name="Path">The image file.</param>
/// <param name="Reason">Why it was skipped (from the decoder).</param>
public sealed record SkippedImage(string PostId, string Path, string Reason);

/// <summary>Turns posts into frozen <see cref="PostFeatures"/> (CLIP, or the built-in encoders).</summary>
public interface IFeatureExtractor
{
    /// <summary>Stable hash of everything that changes the features (model, weights' provenance, preprocessing).</summary>
    string Fingerprint { get; }

    /// <summary>Shapes of the produced features.</summary>
    FeatureSpec Spec { get; }

    /// <summary>Called for every image that cannot be decoded (the image is skipped, never the post).</summary>
    Action<SkippedImage>? ImageSkipped { get; set; }

    /// <summary>
    /// One <see cref="PostFeatures"/> per post, in order. Posts without text get empty text parts, posts
    /// without (decodable) images empty image parts. <paramref name="progress"/> receives the number of posts done.
    /// </summary>
    IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Post> posts, IProgress<int>? progress = null);
}
