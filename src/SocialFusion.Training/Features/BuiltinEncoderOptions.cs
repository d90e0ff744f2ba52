using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocialFusion.Training.Features;

/// <summary>Options of the built-in encoders and their contrastive pretraining. Every field changes the features.</summary>
/// <param name="ImageSize">Side of the square image input.</param>
/// <param name="Grid">G: images give G*G grid tokens plus CLS.</param>
/// <param name="ImageWidth">Dv.</param>
/// <param name="TextWidth">Dt (even: two GRU directions).</param>
/// <param name="EmbeddingDim">Width of text token embeddings.</param>
/// <param name="PooledDim">Dg, the aligned pooled space.</param>
/// <param name="VocabSize">Tokenizer vocabulary size.</param>
/// <param name="MinFrequency">Tokenizer minimum frequency.</param>
/// <param name="MaxTextTokens">Texts are truncated to this many tokens.</param>
/// <param name="Epochs">Contrastive epochs over the train posts with text and image.</param>
/// <param name="BatchSize">Contrastive batch size (also the number of negatives + 1).</param>
/// <param name="LearningRate">AdamW learning rate (cosine decay to 10%).</param>
/// <param name="WeightDecay">AdamW weight decay.</param>
/// <param name="Seed">Seed of initialisation, shuffling and augmentation.</param>
/// <param name="ExtractBatchSize">Posts per extraction batch.</param>
/// <param name="WarmupSteps">Optimizer steps of linear learning-rate warm-up before the cosine decay.</param>
/// <param name="TrainImageSize">Side of the random crops the CNN sees in training (0 = <paramref name="ImageSize"/>); features are always extracted from the whole image at <paramref name="ImageSize"/>.</param>
/// <param name="CropMinScale">Smallest area share of a random resized crop (1 = no cropping).</param>
/// <param name="ColourJitter">Strength of the per-image brightness/contrast/saturation/channel-gain jitter (0 = none).</param>
/// <param name="TextTokenDropout">Probability of deleting each text token in training (at least one token is kept).</param>
/// <param name="TextMeanPooling">Share of the uniform mean in the text pooling weights (0 = pure attention pooling).</param>
/// <param name="SoftTargetShare">Share of each InfoNCE target row given to other posts of the batch with similar text (TF-IDF; 0 = plain CLIP targets).</param>
/// <param name="SoftTargetTemperature">Softmax temperature over the TF-IDF cosine similarities of those soft targets.</param>
/// <param name="ImageLayoutCls">CLS token from the whole G x G grid (layout-aware) instead of the global mean.</param>
public sealed record BuiltinEncoderOptions(
    int ImageSize = 64, int Grid = 4, int ImageWidth = 128, int TextWidth = 128, int EmbeddingDim = 96, int PooledDim = 128,
    int VocabSize = 8000, int MinFrequency = 2, int MaxTextTokens = 48,
    int Epochs = 20, int BatchSize = 64, double LearningRate = 2e-3, double WeightDecay = 0.01, int Seed = 1,
    int ExtractBatchSize = 128,
    int WarmupSteps = 30, int TrainImageSize = 0, double CropMinScale = 1.0, double ColourJitter = 0.0, double TextTokenDropout = 0.1,
    double TextMeanPooling = 0.5, bool ImageLayoutCls = true, double SoftTargetShare = 0.5, double SoftTargetTemperature = 0.05)
{
    /// <summary>Bumped when the encoders' code changes their features.</summary>
    public const string Version = "builtin-3";

    /// <summary>Throws with the field name when a value is out of range or not finite.</summary>
    public void Validate()
    {
        void Check(bool ok, string field, object value, string why) { if (!ok) throw new ArgumentException($"BuiltinEncoderOptions.{field} = {value}: {why}"); }
        if (SocialFusion.Models.Config.FiniteNumbers.FirstNonFinite(this) is var (name, v))
            Check(false, name, SocialFusion.Models.Config.FiniteNumbers.Describe(v), "must be a finite number");
        Check(ImageSize >= 16, nameof(ImageSize), ImageSize, "must be >= 16");
        Check(Grid >= 1 && Grid <= ImageSize / 8, nameof(Grid), Grid, $"must be 1..{ImageSize / 8} (the CNN downsamples by 8)");
        Check(TextWidth > 0 && TextWidth % 2 == 0, nameof(TextWidth), TextWidth, "must be positive and even");
        Check(ImageWidth > 0 && PooledDim > 0 && EmbeddingDim > 0, nameof(ImageWidth), ImageWidth, "widths must be positive");
        Check(VocabSize >= 16, nameof(VocabSize), VocabSize, "must be >= 16");
        Check(MaxTextTokens >= 1, nameof(MaxTextTokens), MaxTextTokens, "must be >= 1");
        Check(Epochs >= 0, nameof(Epochs), Epochs, "must be >= 0");
        Check(BatchSize >= 2, nameof(BatchSize), BatchSize, "must be >= 2 (InfoNCE needs negatives)");
        Check(LearningRate > 0, nameof(LearningRate), LearningRate, "must be positive");
        Check(WarmupSteps >= 0, nameof(WarmupSteps), WarmupSteps, "must be >= 0");
        Check(TrainImageSize == 0 || TrainImageSize >= 16, nameof(TrainImageSize), TrainImageSize, "must be 0 (= ImageSize) or >= 16");
        Check(CropMinScale > 0 && CropMinScale <= 1, nameof(CropMinScale), CropMinScale, "must be in (0, 1]");
        Check(ColourJitter >= 0 && ColourJitter <= 1, nameof(ColourJitter), ColourJitter, "must be in [0, 1]");
        Check(TextTokenDropout >= 0 && TextTokenDropout < 1, nameof(TextTokenDropout), TextTokenDropout, "must be in [0, 1)");
        Check(TextMeanPooling >= 0 && TextMeanPooling <= 1, nameof(TextMeanPooling), TextMeanPooling, "must be in [0, 1]");
        Check(SoftTargetShare >= 0 && SoftTargetShare < 1, nameof(SoftTargetShare), SoftTargetShare, "must be in [0, 1)");
        Check(SoftTargetTemperature > 0, nameof(SoftTargetTemperature), SoftTargetTemperature, "must be positive");
        Check(ExtractBatchSize >= 1, nameof(ExtractBatchSize), ExtractBatchSize, "must be >= 1");
    }

    /// <summary>
    /// Stable hash of the options, the code version and the training posts: their ids and content hashes
    /// (<see cref="PostContent"/>; order-independent), so editing a training text or image retrains the encoders.
    /// </summary>
    public string Fingerprint(IEnumerable<SocialFusion.Data.Posts.Post> trainingPosts)
    {
        var sb = new StringBuilder(Version).Append('\n').Append(JsonSerializer.Serialize(this)).Append('\n');
        foreach (var key in trainingPosts.Select(PostContent.Key).Order(StringComparer.Ordinal)) sb.Append(key).Append('\n');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }
}
