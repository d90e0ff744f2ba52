using SocialFusion.Models.Features;
using static TorchSharp.torch;

namespace SocialFusion.Training.Features;

/// <summary>Stacks per-post features into a padded <see cref="FeatureBatch"/>.</summary>
public static class FeatureCollator
{
    /// <summary>
    /// Collates <paramref name="posts"/>: text padded to the longest text in the batch (at most
    /// <paramref name="maxTextTokens"/>, at least 1; a longer text keeps its first tokens and its last, end-of-text, token), images to the most images of any post in the batch (at most
    /// <paramref name="maxImages"/> slots, at least 1)
    /// (extra images beyond the limit are ignored, as the model configuration says). Every model (training, evaluation,
    /// prediction) reads its input through here, so features holding NaN or Infinity are refused here, naming the post
    /// (<see cref="PostFeatures.EnsureFinite"/>), whatever produced them.
    /// </summary>
    public static FeatureBatch Collate(IReadOnlyList<PostFeatures> posts, FeatureSpec spec, int maxImages, int maxTextTokens)
    {
        int b = posts.Count, dt = spec.TextDim, dv = spec.ImageDim, lv = spec.ImageTokens, dg = spec.PooledDim;
        int lt = Math.Max(1, Math.Min(maxTextTokens, posts.Max(p => p.TextLength)));
        // Image slots, like text, only as many as the batch needs: most posts have one image, and every padded
        // slot would cost a full set of image tokens in SIM and SFM attention.
        maxImages = Math.Max(1, Math.Min(maxImages, posts.Max(p => p.Images.Length)));
        var text = new float[b * lt * dt];
        var textMask = new bool[b * lt];
        var images = new float[(long)b * maxImages * lv * dv];
        var imageMask = new bool[b * maxImages];
        var textPooled = new float[b * dg];
        var imagePooled = new float[b * dg];
        for (int i = 0; i < b; i++)
        {
            var p = posts[i].EnsureFinite("model input");
            int n = Math.Min(p.TextLength, lt);
            Array.Copy(p.TextTokens, 0, text, i * lt * dt, n * dt);
            // A text longer than the kept count keeps its first lt - 1 tokens and its last one: CLIP's end-of-text
            // token, whose state summarises the whole text under the causal mask (HF truncation likewise keeps the
            // last slot for EOT). For the built-in encoder it is the last real token.
            if (p.TextLength > lt && lt > 1)
                Array.Copy(p.TextTokens, (p.TextLength - 1) * dt, text, (i * lt + lt - 1) * dt, dt);
            for (int t = 0; t < n; t++) textMask[i * lt + t] = true;
            int m = Math.Min(p.Images.Length, maxImages);
            for (int k = 0; k < m; k++)
            {
                Array.Copy(p.Images[k], 0, images, ((long)i * maxImages + k) * lv * dv, lv * dv);
                imageMask[i * maxImages + k] = true;
            }
            Array.Copy(p.TextPooled, 0, textPooled, i * dg, dg);
            Array.Copy(p.ImagePooled, 0, imagePooled, i * dg, dg);
        }
        return new FeatureBatch
        {
            TextTokens = tensor(text, new long[] { b, lt, dt }),
            TextMask = tensor(textMask, new long[] { b, lt }),
            ImageTokens = tensor(images, new long[] { b, maxImages, lv, dv }),
            ImageMask = tensor(imageMask, new long[] { b, maxImages }),
            TextPooled = tensor(textPooled, new long[] { b, dg }),
            ImagePooled = tensor(imagePooled, new long[] { b, dg }),
            PooledAligned = spec.PooledAligned,
        };
    }
}
