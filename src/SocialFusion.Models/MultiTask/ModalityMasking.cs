using SocialFusion.Models.Features;
using static TorchSharp.torch;

namespace SocialFusion.Models.MultiTask;

/// <summary>Hides a modality of some posts of a batch, as if those posts never had it.</summary>
public static class ModalityMasking
{
    /// <summary>
    /// A new batch in which rows with <paramref name="dropText"/> [B] bool have no text (mask false, pooled 0)
    /// and rows with <paramref name="dropImage"/> [B] bool have no image. Token tensors are shared, not copied:
    /// masks decide what the model may look at. The caller disposes the new batch's tensors through a scope.
    /// </summary>
    public static FeatureBatch Drop(FeatureBatch batch, Tensor? dropText, Tensor? dropImage)
    {
        long b = batch.Size;
        var textMask = dropText is null ? batch.TextMask.alias() : batch.TextMask.logical_and(dropText.logical_not().view(b, 1));     // [B, Lt]
        var imageMask = dropImage is null ? batch.ImageMask.alias() : batch.ImageMask.logical_and(dropImage.logical_not().view(b, 1)); // [B, M]
        var keepText = textMask.any(1).view(b, 1).to_type(batch.TextPooled.dtype);                                                   // [B, 1]
        var keepImage = imageMask.any(1).view(b, 1).to_type(batch.ImagePooled.dtype);
        return new FeatureBatch
        {
            TextTokens = batch.TextTokens.alias(),
            TextMask = textMask,
            ImageTokens = batch.ImageTokens.alias(),
            ImageMask = imageMask,
            TextPooled = batch.TextPooled * keepText,
            ImagePooled = batch.ImagePooled * keepImage,
            PooledAligned = batch.PooledAligned,
        };
    }

    /// <summary>
    /// Training-time modality dropout: each post that has both modalities loses one of them with probability
    /// <paramref name="p"/> (text or image with equal chance). Uses torch's RNG, so it follows torch.manual_seed.
    /// </summary>
    public static FeatureBatch Random(FeatureBatch batch, double p)
    {
        long b = batch.Size;
        var both = batch.HasText.logical_and(batch.HasImage);        // [B]
        var drop = rand(b).lt(p).logical_and(both);                    // [B]
        var textSide = rand(b).lt(0.5);                                // [B]
        return Drop(batch, drop.logical_and(textSide), drop.logical_and(textSide.logical_not()));
    }
}
