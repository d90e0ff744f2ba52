using SkiaSharp;

namespace SocialFusion.Data.Images;

/// <summary>Raised when an image cannot be decoded; the message says which file and why.</summary>
public sealed class ImageDecodeException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;
    public string Reason { get; } = reason;
}

/// <summary>Limits applied while decoding untrusted images.</summary>
/// <param name="MaxPixels">Largest accepted width * height (decompression-bomb guard).</param>
/// <param name="MaxFileBytes">Largest accepted file size.</param>
public sealed record ImageDecodeOptions(long MaxPixels = 40_000_000, long MaxFileBytes = 64L * 1024 * 1024)
{
    public static ImageDecodeOptions Default { get; } = new();
}

/// <summary>
/// Decodes JPEG, PNG, WebP, GIF (first frame) and BMP to <see cref="RgbImage"/>, upright per EXIF orientation.
/// Sizes are checked from the header before any pixel buffer is allocated.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes <paramref name="path"/>; throws <see cref="ImageDecodeException"/> on any problem.</summary>
    public static RgbImage Decode(string path, ImageDecodeOptions? options = null)
    {
        options ??= ImageDecodeOptions.Default;
        var info = new FileInfo(path);
        if (!info.Exists) throw new ImageDecodeException(path, "file not found");
        if (info.Length > options.MaxFileBytes)
            throw new ImageDecodeException(path, $"file has {info.Length} bytes, more than the limit {options.MaxFileBytes}");
        using var data = SKData.Create(path) ?? throw new ImageDecodeException(path, "file cannot be read");
        return DecodeData(data, path, options);
    }

    /// <summary>Decodes encoded bytes; <paramref name="name"/> is used in error messages.</summary>
    public static RgbImage DecodeBytes(byte[] data, string name, ImageDecodeOptions? options = null)
    {
        options ??= ImageDecodeOptions.Default;
        if (data.Length > options.MaxFileBytes)
            throw new ImageDecodeException(name, $"data has {data.Length} bytes, more than the limit {options.MaxFileBytes}");
        using var sk = SKData.CreateCopy(data);
        return DecodeData(sk, name, options);
    }

    /// <summary>Decodes <paramref name="path"/>, returning false with the reason instead of throwing.</summary>
    public static bool TryDecode(string path, out RgbImage? image, out string? reason, ImageDecodeOptions? options = null)
    {
        try
        {
            image = Decode(path, options);
            reason = null;
            return true;
        }
        catch (ImageDecodeException e)
        {
            image = null;
            reason = e.Reason;
            return false;
        }
    }

    private static RgbImage DecodeData(SKData data, string name, ImageDecodeOptions options)
    {
        if (data.Size == 0) throw new ImageDecodeException(name, "file is empty");
        // Checked from the header bytes first: the codec refuses some oversized headers as unrecognised.
        if (ImageHeader.TryReadSize(data.AsSpan(), out var hw, out var hh))
        {
            if (hw == 0 || hh == 0) throw new ImageDecodeException(name, $"invalid size {hw}x{hh}");
            if ((ulong)hw * (ulong)hh > (ulong)options.MaxPixels) throw new ImageDecodeException(name, $"{hw}x{hh} exceeds the pixel limit {options.MaxPixels}");
        }
        using var skStream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(skStream, out var created);
        if (codec == null)
            throw new ImageDecodeException(name, Sniff(data.AsSpan()) is { } format
                ? $"unsupported image format {format} (supported: JPEG, PNG, WebP, GIF, BMP)"
                : $"not a recognised image (supported: JPEG, PNG, WebP, GIF, BMP; codec said {created})");
        int w = codec.Info.Width, h = codec.Info.Height;
        if (w <= 0 || h <= 0) throw new ImageDecodeException(name, $"invalid size {w}x{h}");
        if ((long)w * h > options.MaxPixels)
            throw new ImageDecodeException(name, $"{w}x{h} exceeds the pixel limit {options.MaxPixels}");
        var target = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(target);
        var result = codec.GetPixels(target, bitmap.GetPixels());
        if (result == SKCodecResult.IncompleteInput || result == SKCodecResult.ErrorInInput)
            throw new ImageDecodeException(name, $"truncated or corrupt image data ({result})");
        if (result != SKCodecResult.Success) throw new ImageDecodeException(name, $"decoding failed: {result}");
        return Orient(bitmap.GetPixelSpan(), w, h, codec.EncodedOrigin);
    }

    /// <summary>Drops alpha and applies the EXIF orientation so the result is upright.</summary>
    private static RgbImage Orient(ReadOnlySpan<byte> rgba, int w, int h, SKEncodedOrigin origin)
    {
        bool swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        int ow = swap ? h : w, oh = swap ? w : h;
        var rgb = new byte[ow * oh * 3];
        int o = 0;
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++, o += 3)
            {
                // Source pixel shown at display (x, y) for each EXIF orientation.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    SKEncodedOrigin.LeftBottom => (w - 1 - y, x),
                    _ => (x, y),
                };
                var i = (sy * w + sx) * 4;
                rgb[o] = rgba[i]; rgb[o + 1] = rgba[i + 1]; rgb[o + 2] = rgba[i + 2];
            }
        return new RgbImage(ow, oh, rgb);
    }

    private static string? Sniff(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 4 && (b[..4].SequenceEqual("II*\0"u8) || b[..4].SequenceEqual("MM\0*"u8))) return "TIFF";
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8)) return "HEIF/AVIF";
        if (b.Length >= 4 && b[..4].SequenceEqual("%PDF"u8)) return "PDF";
        if (b.Length >= 5 && (b[..5].SequenceEqual("<?xml"u8) || b[..4].SequenceEqual("<svg"u8))) return "SVG";
        if (b.Length >= 4 && b[..4].SequenceEqual("\0\0\u0001\0"u8)) return "ICO";
        return null;
    }
}
