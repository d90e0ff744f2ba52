using SkiaSharp;

namespace SocialFusion.Training.Reports;

/// <summary>Draws a confusion matrix as a PNG: gold on rows, predicted on columns, counts in cells, white-to-blue scale by row share.</summary>
public static class ConfusionMatrixPlot
{
    /// <summary>Writes the PNG to <paramref name="path"/>.</summary>
    public static void Save(string path, int[][] confusion, IReadOnlyList<string> labels, string title = "Confusion matrix")
    {
        int c = labels.Count, cell = Math.Clamp(480 / Math.Max(1, c), 24, 64), margin = 140, top = 60;
        int width = margin + c * cell + 90, height = top + c * cell + margin;
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var text = new SKPaint { Color = SKColors.Black, IsAntialias = true, TextSize = Math.Min(14, cell * 0.4f) };
        using var titlePaint = new SKPaint { Color = SKColors.Black, IsAntialias = true, TextSize = 18 };
        using var fill = new SKPaint { Style = SKPaintStyle.Fill };
        canvas.DrawText(title, margin, 28, titlePaint);
        canvas.DrawText("predicted →", margin, top - 8, text);
        for (int g = 0; g < c; g++)
        {
            // Colour by the row share so rare classes stay readable next to frequent ones.
            double rowSum = Math.Max(1, confusion[g].Sum());
            for (int p = 0; p < c; p++)
            {
                double share = confusion[g][p] / rowSum;
                fill.Color = Blend(share);
                var rect = SKRect.Create(margin + p * cell, top + g * cell, cell, cell);
                canvas.DrawRect(rect, fill);
                text.Color = share > 0.5 ? SKColors.White : SKColors.Black;
                string count = confusion[g][p].ToString();
                canvas.DrawText(count, rect.MidX - text.MeasureText(count) / 2, rect.MidY + text.TextSize / 3, text);
            }
            text.Color = SKColors.Black;
            canvas.DrawText(Short(labels[g]), 4, top + g * cell + cell / 2f + text.TextSize / 3, text);
        }
        for (int p = 0; p < c; p++)
        {
            canvas.Save();
            canvas.Translate(margin + p * cell + cell / 2f, top + c * cell + 6);
            canvas.RotateDegrees(60);
            canvas.DrawText(Short(labels[p]), 0, 0, text);
            canvas.Restore();
        }
        canvas.Save();
        canvas.Translate(14, top + c * cell + 40);
        canvas.DrawText("gold ↓ (rows)", 0, 0, text);
        canvas.Restore();
        // Colour scale: 0 to 100% of the gold row.
        int sx = margin + c * cell + 30;
        for (int y = 0; y < c * cell; y++)
        {
            fill.Color = Blend(1 - y / (double)(c * cell));
            canvas.DrawRect(sx, top + y, 20, 1, fill);
        }
        canvas.DrawText("100%", sx, top - 4, text);
        canvas.DrawText("0%", sx, top + c * cell + 14, text);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    private static SKColor Blend(double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new SKColor((byte)(255 - t * 222), (byte)(255 - t * 153), (byte)(255 - t * 75));
    }

    private static string Short(string s) => s.Length <= 16 ? s : s[..15] + "…";
}
