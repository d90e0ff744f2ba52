using SocialFusion.Models.Features;
using SocialFusion.Training.Features;
using Xunit;

namespace SocialFusion.Training.Tests.Features;

public class FeatureCollatorTests
{
    private static readonly FeatureSpec Spec = new(1, 1, 1, 1, true);

    private static PostFeatures Text(params float[] tokens) => new()
    {
        PostId = $"p{tokens.Length}", TextTokens = tokens, TextLength = tokens.Length, Images = [], TextPooled = [0f], ImagePooled = [0f],
    };

    [Fact]
    public void LongText_KeepsItsFirstTokensAndItsLastEndOfTextToken()
    {
        // Token "features" are their positions; 9 stands for CLIP's EOT.
        using var batch = FeatureCollator.Collate([Text(1, 2, 3, 4, 5, 9), Text(1, 9)], Spec, maxImages: 1, maxTextTokens: 4);
        Assert.Equal(new long[] { 2, 4, 1 }, batch.TextTokens.shape);
        Assert.Equal(new float[] { 1, 2, 3, 9, 1, 9, 0, 0 }, batch.TextTokens.data<float>().ToArray());
        Assert.Equal(new[] { true, true, true, true, true, true, false, false }, batch.TextMask.data<bool>().ToArray());
    }
}
