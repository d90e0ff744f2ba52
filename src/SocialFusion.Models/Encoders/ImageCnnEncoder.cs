using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SocialFusion.Models.Encoders;

/// <summary>Configuration of <see cref="ImageCnnEncoder"/>.</summary>
/// <param name="ImageSize">Side of the square RGB input.</param>
/// <param name="Grid">G: the output has G x G grid tokens plus CLS, so Lv = G*G + 1.</param>
/// <param name="Width">Dv, width of every image token.</param>
/// <param name="Channels">Channels of the stride-2 conv blocks before the last one (which has <paramref name="Width"/>).</param>
/// <param name="LayoutCls">
/// When true the CLS token is a linear map of the whole G x G grid (so it knows where things are: sky above sea above
/// sand); when false, of the globally averaged map (a bag of local features).
/// </param>
public sealed record ImageCnnConfig(int ImageSize = 64, int Grid = 4, int Width = 128, int[]? Channels = null, bool LayoutCls = false)
{
    /// <summary>Channels of the stride-2 blocks; the last block always outputs <see cref="Width"/>.</summary>
    public int[] BlockChannels => [.. Channels ?? [32, 64], Width];
    /// <summary>Lv, tokens per image including CLS.</summary>
    public int Tokens => Grid * Grid + 1;
}

/// <summary>
/// Small CNN from scratch: stride-2 conv / BatchNorm / ReLU blocks (each halves the side), a 3x3 refinement conv,
/// adaptive average pooling to a G x G grid of tokens with learned positions, and a CLS token that is a
/// projection of the globally pooled map. Input [B, 3, S, S] with values in [0, 1].
/// </summary>
public sealed class ImageCnnEncoder : nn.Module<Tensor, Tensor>
{
    private readonly Sequential blocks;
    private readonly AdaptiveAvgPool2d grid_pool;
    private readonly Linear cls_proj;
    private readonly Parameter grid_pos;
    private readonly LayerNorm norm;

    /// <summary>The configuration.</summary>
    public ImageCnnConfig Config { get; }

    // BatchNorm rather than GroupNorm: per-sample group statistics erase absolute colour and brightness,
    // which are exactly what tells scenes apart at 64x64.
    public ImageCnnEncoder(ImageCnnConfig config) : base(nameof(ImageCnnEncoder))
    {
        Config = config;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        int inC = 3, i = 0;
        foreach (var c in config.BlockChannels)
        {
            layers.Add(($"conv{i}", nn.Conv2d(inC, c, 3, stride: 2, padding: 1, bias: false)));
            layers.Add(($"norm{i}", nn.BatchNorm2d(c)));
            layers.Add(($"relu{i}", nn.ReLU()));
            inC = c;
            i++;
        }
        // One stride-1 block so every grid cell sees its neighbours before pooling.
        layers.Add(("refine", nn.Conv2d(inC, config.Width, 3, stride: 1, padding: 1, bias: false)));
        layers.Add(("refine_norm", nn.BatchNorm2d(config.Width)));
        layers.Add(("refine_relu", nn.ReLU()));
        blocks = nn.Sequential(layers);
        grid_pool = nn.AdaptiveAvgPool2d(new long[] { config.Grid, config.Grid });
        cls_proj = nn.Linear(config.LayoutCls ? config.Grid * config.Grid * config.Width : config.Width, config.Width);
        grid_pos = nn.Parameter(randn(config.Grid * config.Grid, config.Width) * 0.02f);
        norm = nn.LayerNorm(config.Width);
        RegisterComponents();
    }

    /// <summary>[B, 3, S, S] in [0, 1] to [B, Lv, Dv] tokens, CLS first.</summary>
    public override Tensor forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var x = blocks.forward((images - 0.5f) / 0.25f);                 // [B, Dv, S', S']
        var pooled = grid_pool.forward(x);                                // [B, Dv, G, G]
        var cls = cls_proj.forward(Config.LayoutCls ? pooled.flatten(1) : x.mean(new long[] { 2, 3 })).unsqueeze(1); // [B, 1, Dv]
        var g = pooled.flatten(2).transpose(1, 2);                       // [B, G*G, Dv]
        var tokens = cat(new[] { cls, g + grid_pos }, 1);                // [B, Lv, Dv]
        return norm.forward(tokens).MoveToOuterDisposeScope();
    }
}
