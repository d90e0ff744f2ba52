using SkiaSharp;

namespace SocialFusion.Data.Demo;

/// <summary>
/// Procedural images: a location scene (layout of typical objects with random palette, scale, lighting, tilt),
/// or an unrelated image (selfie, meme, food, pet, screenshot). Sentiment shows as brightness, saturation and smiles.
/// Palettes are shared across locations so no single colour statistic separates classes.
/// </summary>
public static class SceneRenderer
{
    /// <summary>Kinds of unrelated image.</summary>
    public static IReadOnlyList<string> UnrelatedKinds { get; } = ["selfie", "meme", "food", "pet", "screenshot"];

    private static readonly SKColor[][] Palettes =
    [
        [new(200, 180, 150), new(120, 90, 60), new(60, 60, 70), new(230, 230, 220), new(170, 60, 50)],
        [new(90, 140, 200), new(60, 130, 70), new(220, 210, 160), new(80, 80, 80), new(240, 240, 240)],
        [new(180, 180, 190), new(40, 40, 50), new(200, 90, 40), new(100, 160, 170), new(250, 220, 120)],
        [new(140, 110, 160), new(230, 200, 200), new(50, 90, 60), new(210, 160, 90), new(30, 30, 30)],
        [new(110, 120, 110), new(190, 200, 210), new(150, 70, 70), new(90, 110, 160), new(220, 190, 160)],
    ];

    /// <summary>Renders one JPEG and returns its bytes.</summary>
    public static byte[] Render(string location, string? unrelatedKind, string sentiment, DemoRandom rng, DemoDataOptions o)
    {
        int side = rng.Next(o.MinImageSide, o.MaxImageSide + 1);
        // Both sides stay within the configured range: the long side is drawn, the short one follows the aspect.
        int other = Math.Max(o.MinImageSide, (int)(side * rng.Pick([1.0, 1.0, 0.75, 0.8, 0.5625])));
        bool portrait = rng.Chance(0.5);
        int w = portrait ? other : side, h = portrait ? side : other;
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var c = surface.Canvas;
        var pal = Palettes[rng.Next(Palettes.Length)];
        SKColor P() => Jitter(pal[rng.Next(pal.Length)], rng);
        c.Clear(P());
        c.Save();
        // Perspective-ish jitter: small rotation and skew around the centre.
        c.Translate(w / 2f, h / 2f);
        c.RotateDegrees(rng.Range(-6, 6));
        c.Skew(rng.Range(-0.08f, 0.08f), rng.Range(-0.05f, 0.05f));
        float s = rng.Range(0.8f, 1.3f);
        c.Scale(s);
        c.Translate(-w / 2f, -h / 2f);
        using var paint = new SKPaint { IsAntialias = true };
        if (unrelatedKind != null) SceneLibrary.Unrelated(c, unrelatedKind, w, h, paint, P, rng, sentiment);
        else SceneLibrary.Location(c, location, w, h, paint, P, rng);
        c.Restore();
        Lighting(c, w, h, sentiment, rng);
        Noise(c, w, h, rng);
        using var image = surface.Snapshot();
        using var final = rng.Chance(0.3) ? Blur(image, rng) : image;
        using var data = final.Encode(SKEncodedImageFormat.Jpeg, rng.Next(o.MinJpegQuality, o.MaxJpegQuality + 1));
        return data.ToArray();
    }

    internal static SKColor Jitter(SKColor c, DemoRandom rng)
    {
        byte J(byte v) => (byte)Math.Clamp(v + rng.Next(-35, 36), 0, 255);
        return new SKColor(J(c.Red), J(c.Green), J(c.Blue));
    }

    // Positive images are brighter and warmer, negative ones darker and greyer; overlap is deliberate.
    private static void Lighting(SKCanvas c, int w, int h, string sentiment, DemoRandom rng)
    {
        var (alpha, color) = sentiment switch
        {
            "positive" => (rng.Next(30, 90), new SKColor(255, 230, 170)),
            "negative" => (rng.Next(60, 130), new SKColor(20, 25, 40)),
            _ => (rng.Next(0, 50), rng.Chance(0.5) ? new SKColor(255, 255, 255) : new SKColor(0, 0, 0)),
        };
        using var p = new SKPaint { Color = color.WithAlpha((byte)alpha) };
        c.DrawRect(0, 0, w, h, p);
    }

    private static void Noise(SKCanvas c, int w, int h, DemoRandom rng)
    {
        int n = w * h / rng.Next(20, 60);
        using var p = new SKPaint();
        for (int i = 0; i < n; i++)
        {
            byte v = (byte)rng.Next(256);
            p.Color = new SKColor(v, v, v, (byte)rng.Next(10, 50));
            c.DrawPoint(rng.Next(w), rng.Next(h), p);
        }
    }

    private static SKImage Blur(SKImage image, DemoRandom rng)
    {
        using var surface = SKSurface.Create(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        float sigma = rng.Range(0.5f, 1.8f);
        using var p = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma) };
        surface.Canvas.DrawImage(image, 0, 0, p);
        return surface.Snapshot();
    }
}
