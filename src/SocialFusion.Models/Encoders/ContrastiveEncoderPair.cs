using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Encoders;

/// <summary>Configuration of <see cref="ContrastiveEncoderPair"/>.</summary>
/// <param name="Image">Image encoder configuration.</param>
/// <param name="Text">Text encoder configuration.</param>
/// <param name="PooledDim">Dg, width of the shared (aligned) embedding space.</param>
/// <param name="InitialTemperature">Initial softmax temperature of the InfoNCE logits (CLIP uses 0.07).</param>
public sealed record ContrastiveConfig(ImageCnnConfig Image, TextRnnConfig Text, int PooledDim = 128, double InitialTemperature = 0.07);

/// <summary>
/// The built-in image and text encoders with projections into one Dg space and a learnable temperature, trained
/// label-free with the symmetric InfoNCE of CLIP on each post's own (text, image) pair.
/// </summary>
public sealed class ContrastiveEncoderPair : nn.Module
{
    private readonly ImageCnnEncoder image;
    private readonly TextRnnEncoder text;
    private readonly Linear image_proj;
    private readonly Linear text_proj;
    private readonly Parameter logit_scale;

    /// <summary>The configuration.</summary>
    public ContrastiveConfig Config { get; }
    /// <summary>The image encoder.</summary>
    public ImageCnnEncoder Image => image;
    /// <summary>The text encoder.</summary>
    public TextRnnEncoder Text => text;

    public ContrastiveEncoderPair(ContrastiveConfig config) : base(nameof(ContrastiveEncoderPair))
    {
        Config = config;
        image = new ImageCnnEncoder(config.Image);
        text = new TextRnnEncoder(config.Text);
        image_proj = nn.Linear(config.Image.Width, config.PooledDim);
        text_proj = nn.Linear(config.Text.Width, config.PooledDim);
        logit_scale = nn.Parameter(tensor(MathF.Log(1f / (float)config.InitialTemperature)));
        RegisterComponents();
    }

    /// <summary>Images [B, 3, S, S] to (tokens [B, Lv, Dv], unit-norm pooled [B, Dg] from the CLS token).</summary>
    public (Tensor Tokens, Tensor Pooled) EncodeImages(Tensor images)
    {
        using var scope = NewDisposeScope();
        var tokens = image.forward(images);                                            // [B, Lv, Dv]
        var pooled = nn.functional.normalize(image_proj.forward(tokens[.., 0]), dim: 1); // [B, Dg]
        return (tokens.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }

    /// <summary>Ids/mask [B, L] to (text encoding, unit-norm pooled [B, Dg]).</summary>
    public (TextEncoding Encoding, Tensor Pooled) EncodeTexts(Tensor ids, Tensor mask)
    {
        using var scope = NewDisposeScope();
        var enc = text.Encode(ids, mask);
        var pooled = nn.functional.normalize(text_proj.forward(enc.Pooled), dim: 1); // [B, Dg]
        enc.Tokens.MoveToOuterDisposeScope(); enc.Pooled.MoveToOuterDisposeScope(); enc.Weights.MoveToOuterDisposeScope();
        return (enc, pooled.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Symmetric InfoNCE over a batch where row i of images and texts belong to the same post. With
    /// <paramref name="targets"/> [B, B] (rows summing to 1) the cross-entropy is taken against these soft targets instead
    /// of the identity (row i: how much image/text i should match text/image j), in both directions.
    /// </summary>
    public Tensor Loss(Tensor images, Tensor ids, Tensor mask, Tensor? targets = null)
    {
        using var scope = NewDisposeScope();
        var (_, vi) = EncodeImages(images);                              // [B, Dg]
        var (_, vt) = EncodeTexts(ids, mask);                            // [B, Dg]
        // Clamp as CLIP does so the temperature cannot collapse below 1/100.
        var scale = logit_scale.clamp(max: MathF.Log(100f)).exp();
        var logits = matmul(vi, vt.t()) * scale;                         // [B, Dg] x [Dg, B] -> [B, B]
        Tensor loss;
        if (targets is null)
        {
            var target = arange(logits.shape[0], dtype: ScalarType.Int64, device: logits.device);
            loss = (nn.functional.cross_entropy(logits, target) + nn.functional.cross_entropy(logits.t(), target)) / 2;
        }
        else
        {
            var a = -(targets * nn.functional.log_softmax(logits, 1)).sum(1).mean();       // image i -> texts
            var b = -(targets * nn.functional.log_softmax(logits.t(), 1)).sum(1).mean();   // text i -> images
            loss = (a + b) / 2;
        }
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>Current temperature (1 / logit scale).</summary>
    public double Temperature => 1.0 / Math.Exp(logit_scale.item<float>());
}
