using SkiaSharp;

namespace SocialFusion.Training.MultiTask;

/// <summary>Draws an image's region weights as a heatmap over the image (PNG, SkiaSharp).</summary>
public static class AttentionHeatmap
{
    /// <summary>
    /// Writes <paramref name="outputPath"/>: the image at <paramref name="imagePath"/> scaled to <paramref name="side"/>
    /// pixels, overlaid with a red G x G grid whose opacity is each cell's weight relative to the largest, and the cell's
    /// share in percent. Relative scaling because weights over G*G cells are small numbers that would otherwise be invisible.
    /// </summary>
    public static void Save(string outputPath, string imagePath, IReadOnlyList<float> weights, int grid, string? caption = null, int side = 320)
    {
        if (grid < 1 || weights.Count != grid * grid) throw new ArgumentException($"{weights.Count} weights do not form a {grid} x {grid} grid.");
        using var source = SKBitmap.Decode(imagePath) ?? throw new InvalidDataException($"{imagePath}: cannot decode the image.");
        // One caption line per '\n'-separated part (e.g. one per head), each cut to what fits the width.
        var lines = caption?.Split('\n') ?? [];
        int captionHeight = lines.Length == 0 ? 0 : 8 + 20 * lines.Length;
        using var surface = SKSurface.Create(new SKImageInfo(side, side + captionHeight));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using (var img = SKImage.FromBitmap(source))
        using (var paint = new SKPaint { FilterQuality = SKFilterQuality.Medium })
            canvas.DrawImage(img, SKRect.Create(0, 0, side, side), paint);
        float min = weights.Min(), range = Math.Max(1e-12f, weights.Max() - min);
        float cell = side / (float)grid;
        using var fill = new SKPaint { Style = SKPaintStyle.Fill };
        using var line = new SKPaint { Style = SKPaintStyle.Stroke, Color = new SKColor(255, 255, 255, 120), StrokeWidth = 1 };
        using var text = new SKPaint { Color = SKColors.White, IsAntialias = true, TextSize = Math.Clamp(cell / 4, 9, 16) };
        using var shadow = new SKPaint { Color = SKColors.Black, IsAntialias = true, TextSize = text.TextSize };
        float total = Math.Max(1e-12f, weights.Sum());
        for (int r = 0; r < grid; r++)
            for (int c = 0; c < grid; c++)
            {
                float w = (weights[r * grid + c] - min) / range;
                fill.Color = new SKColor(255, 40, 0, (byte)(200 * w));
                var rect = SKRect.Create(c * cell, r * cell, cell, cell);
                canvas.DrawRect(rect, fill);
                canvas.DrawRect(rect, line);
                var label = $"{100 * weights[r * grid + c] / total:F0}%";
                canvas.DrawText(label, rect.Left + 4, rect.Top + text.TextSize + 2, shadow);
                canvas.DrawText(label, rect.Left + 3, rect.Top + text.TextSize + 1, text);
            }
        if (lines.Length > 0)
        {
            using var cap = new SKPaint { Color = SKColors.Black, IsAntialias = true, TextSize = 14 };
            for (int i = 0; i < lines.Length; i++)
                canvas.DrawText(lines[i].Length > 44 ? lines[i][..43] + "…" : lines[i], 6, side + 19 + 20 * i, cap);
        }
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.WriteAllBytes(outputPath, data.ToArray());
    }
}
