using SocialFusion.Data.Images;

namespace SocialFusion.Data.Clip;

/// <summary>
/// Pillow 9.4 <c>ImagingResample</c> (libImaging/Resample.c) for BICUBIC on 8-bit RGB, bit for bit:
/// cubic kernel a = -0.5 with support scaled by the downscale factor (antialiasing), normalised double
/// coefficients converted to 22-bit fixed point, horizontal pass first into a uint8 intermediate image
/// (only the rows the vertical pass reads), then the vertical pass.
/// </summary>
public static class PilResample
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Fixed-point coefficients of one axis: output i reads <c>Bounds[2i+1]</c> inputs from <c>Bounds[2i]</c>.</summary>
    private sealed record Coefficients(int KernelSize, int[] Bounds, int[] Weights);

    private static double Bicubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    /// <summary>precompute_coeffs + normalize_coeffs_8bpc for the box [0, inSize).</summary>
    private static Coefficients Precompute(int inSize, int outSize)
    {
        const double filterSupport = 2.0;
        double scale = (double)inSize / outSize, filterScale = Math.Max(scale, 1.0);
        double support = filterSupport * filterScale;
        int ksize = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[outSize * 2];
        var weights = new int[outSize * ksize];
        var k = new double[ksize];
        for (int xx = 0; xx < outSize; xx++)
        {
            double center = (xx + 0.5) * scale, ww = 0.0, ss = 1.0 / filterScale;
            // (int) truncates toward zero, as the C cast does.
            int xmin = (int)(center - support + 0.5);
            if (xmin < 0) xmin = 0;
            int xmax = (int)(center + support + 0.5);
            if (xmax > inSize) xmax = inSize;
            xmax -= xmin;
            for (int x = 0; x < xmax; x++)
            {
                double w = Bicubic((x + xmin - center + 0.5) * ss);
                k[x] = w;
                ww += w;
            }
            for (int x = 0; x < xmax; x++)
            {
                double v = ww != 0.0 ? k[x] / ww : k[x];
                weights[xx * ksize + x] = v < 0 ? (int)(-0.5 + v * (1 << PrecisionBits)) : (int)(0.5 + v * (1 << PrecisionBits));
            }
            bounds[xx * 2] = xmin;
            bounds[xx * 2 + 1] = xmax;
        }
        return new Coefficients(ksize, bounds, weights);
    }

    private static byte Clip8(int v)
    {
        int s = v >> PrecisionBits;
        return s < 0 ? (byte)0 : s > 255 ? (byte)255 : (byte)s;
    }

    /// <summary>Resizes to <paramref name="width"/> x <paramref name="height"/> like <c>Image.resize(size, BICUBIC)</c>.</summary>
    public static RgbImage ResizeBicubic(RgbImage image, int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"target size {width}x{height} must be positive");
        if (image.Pixels.Length != image.Width * image.Height * 3)
            throw new ArgumentException($"image has {image.Pixels.Length} bytes, expected {image.Width}x{image.Height}x3", nameof(image));
        if (width == image.Width && height == image.Height) return image with { Pixels = (byte[])image.Pixels.Clone() };

        var vertical = Precompute(image.Height, height);
        // Rows the vertical pass reads: the horizontal pass computes only these.
        int yFirst = vertical.Bounds[0];
        int yLast = vertical.Bounds[height * 2 - 2] + vertical.Bounds[height * 2 - 1];
        RgbImage horizontal = image;
        bool needHorizontal = width != image.Width, needVertical = height != image.Height;
        if (needHorizontal)
        {
            int rows = needVertical ? yLast - yFirst : image.Height;
            int offset = needVertical ? yFirst : 0;
            horizontal = Horizontal(image, width, offset, rows);
            yFirst = needVertical ? yFirst : 0;
        }
        else yFirst = 0;
        if (!needVertical) return horizontal;
        // Row y of `horizontal` is source row y + yFirst (0 when the horizontal pass was skipped).
        return Vertical(horizontal, height, vertical, needHorizontal ? yFirst : 0);
    }

    private static RgbImage Horizontal(RgbImage src, int outWidth, int rowOffset, int rows)
    {
        var c = Precompute(src.Width, outWidth);
        var dst = new byte[outWidth * rows * 3];
        ReadOnlySpan<byte> s = src.Pixels;
        ReadOnlySpan<int> weights = c.Weights;
        int half = 1 << (PrecisionBits - 1);
        for (int y = 0; y < rows; y++)
        {
            int srcRow = (y + rowOffset) * src.Width * 3, dstRow = y * outWidth * 3;
            for (int xx = 0; xx < outWidth; xx++)
            {
                int xmin = c.Bounds[xx * 2], xmax = c.Bounds[xx * 2 + 1], kb = xx * c.KernelSize;
                int s0 = half, s1 = half, s2 = half;
                var k = weights.Slice(kb, xmax);
                var px = s.Slice(srcRow + xmin * 3, xmax * 3);
                for (int x = 0, p = 0; x < k.Length; x++, p += 3)
                {
                    int w = k[x];
                    s0 += px[p] * w; s1 += px[p + 1] * w; s2 += px[p + 2] * w;
                }
                int o = dstRow + xx * 3;
                dst[o] = Clip8(s0); dst[o + 1] = Clip8(s1); dst[o + 2] = Clip8(s2);
            }
        }
        return new RgbImage(outWidth, rows, dst);
    }

    private static RgbImage Vertical(RgbImage src, int outHeight, Coefficients c, int rowShift)
    {
        int width = src.Width, stride = width * 3;
        var dst = new byte[outHeight * stride];
        ReadOnlySpan<byte> s = src.Pixels;
        // Row-wise accumulation (same integer sums as Pillow's per-pixel loop, in cache order).
        var acc = new int[stride];
        int half = 1 << (PrecisionBits - 1);
        for (int yy = 0; yy < outHeight; yy++)
        {
            int ymin = c.Bounds[yy * 2] - rowShift, ymax = c.Bounds[yy * 2 + 1], kb = yy * c.KernelSize;
            Array.Fill(acc, half);
            for (int y = 0; y < ymax; y++)
            {
                int w = c.Weights[kb + y];
                var row = s.Slice((y + ymin) * stride, stride);
                for (int i = 0; i < row.Length; i++) acc[i] += row[i] * w;
            }
            var o = dst.AsSpan(yy * stride, stride);
            for (int i = 0; i < o.Length; i++) o[i] = Clip8(acc[i]);
        }
        return new RgbImage(width, outHeight, dst);
    }
}
