using SocialFusion.Data.Images;

namespace SocialFusion.Training.Features;

/// <summary>Decodes images and resamples them to the encoder's square input as CHW floats in [0, 1].</summary>
public static class ImageTensorizer
{
    /// <summary>Area-averaging resize of <paramref name="image"/> to [3, size, size] (aspect ratio not kept: the CNN sees the whole scene).</summary>
    public static float[] ToChw(RgbImage image, int size)
    {
        var result = new float[3 * size * size];
        int w = image.Width, h = image.Height, plane = size * size;
        for (int oy = 0; oy < size; oy++)
        {
            int y0 = oy * h / size, y1 = Math.Max(y0 + 1, (oy + 1) * h / size);
            for (int ox = 0; ox < size; ox++)
            {
                int x0 = ox * w / size, x1 = Math.Max(x0 + 1, (ox + 1) * w / size);
                int r = 0, g = 0, b = 0, n = 0;
                for (int y = y0; y < y1; y++)
                    for (int x = x0; x < x1; x++)
                    {
                        int o = image.Offset(x, y);
                        r += image.Pixels[o]; g += image.Pixels[o + 1]; b += image.Pixels[o + 2]; n++;
                    }
                int i = oy * size + ox;
                result[i] = r / (255f * n); result[plane + i] = g / (255f * n); result[2 * plane + i] = b / (255f * n);
            }
        }
        return result;
    }

    /// <summary>Decodes and resizes; null (with the reason) when the image cannot be decoded.</summary>
    public static float[]? TryLoad(string path, int size, out string? reason)
    {
        if (!ImageDecoder.TryDecode(path, out var image, out reason)) return null;
        return ToChw(image!, size);
    }
}
