using SkiaSharp;
using SocialFusion.Data.Images;
using SocialFusion.TestSupport;
using Xunit;
using static SocialFusion.Data.Tests.Images.TestImages;

namespace SocialFusion.Data.Tests.Images;

public sealed class ImageDecoderTests
{
    private static void AssertColor(RgbImage img, int x, int y, (byte R, byte G, byte B) expected, int tolerance = 40)
    {
        var o = img.Offset(x, y);
        var got = (img.Pixels[o], img.Pixels[o + 1], img.Pixels[o + 2]);
        Assert.True(Math.Abs(got.Item1 - expected.R) <= tolerance && Math.Abs(got.Item2 - expected.G) <= tolerance
                    && Math.Abs(got.Item3 - expected.B) <= tolerance, $"pixel ({x},{y}) is {got}, expected {expected}");
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 0)]
    [InlineData(SKEncodedImageFormat.Jpeg, 40)]
    [InlineData(SKEncodedImageFormat.Webp, 40)]
    public void Decodes_skia_encoded_formats(SKEncodedImageFormat format, int tolerance)
    {
        var img = DecodeBytesOf(Encode(Quadrants(32, 16), format));
        Assert.Equal((32, 16), (img.Width, img.Height));
        Assert.Equal(32 * 16 * 3, img.Pixels.Length);
        AssertColor(img, 4, 4, Red, tolerance); AssertColor(img, 28, 4, Green, tolerance);
        AssertColor(img, 4, 12, Blue, tolerance); AssertColor(img, 28, 12, White, tolerance);
    }

    private static RgbImage DecodeBytesOf(byte[] data) => ImageDecoder.DecodeBytes(data, "test");

    [Fact]
    public void Png_round_trip_through_encoder_is_exact()
    {
        using var dir = new TempDir();
        var src = Noise(7, 5);
        ImageEncoder.SavePng(src, dir.File("a.png"));
        Assert.Equal(src.Pixels, ImageDecoder.Decode(dir.File("a.png")).Pixels);
        ImageEncoder.SaveJpeg(Quadrants(16, 16), dir.File("a.jpg"), 90);
        AssertColor(ImageDecoder.Decode(dir.File("a.jpg")), 2, 2, Red);
    }

    [Fact]
    public void Decodes_hand_written_bmp()
    {
        var img = DecodeBytesOf(Bmp(Quadrants(6, 4)));
        Assert.Equal((6, 4), (img.Width, img.Height));
        AssertColor(img, 0, 0, Red, 0); AssertColor(img, 5, 0, Green, 0);
        AssertColor(img, 0, 3, Blue, 0); AssertColor(img, 5, 3, White, 0);
    }

    [Fact]
    public void Decodes_hand_written_gif()
    {
        var img = DecodeBytesOf(GifRedPixel());
        Assert.Equal((1, 1), (img.Width, img.Height));
        AssertColor(img, 0, 0, Red, 0);
    }

    // Source quadrants: R G / B W. Expected display quadrants (TL, TR, BL, BR) per EXIF orientation 1..8.
    public static TheoryData<ushort, string> Orientations => new()
    {
        { 1, "RGBW" }, { 2, "GRWB" }, { 3, "WBGR" }, { 4, "BWRG" },
        { 5, "RBGW" }, { 6, "BRWG" }, { 7, "WGBR" }, { 8, "GWRB" },
    };

    [Theory]
    [MemberData(nameof(Orientations))]
    public void Applies_exif_orientation(ushort orientation, string quadrants)
    {
        var jpeg = WithExifOrientation(Encode(Quadrants(32, 16), SKEncodedImageFormat.Jpeg), orientation);
        var img = DecodeBytesOf(jpeg);
        var swapped = orientation >= 5;
        Assert.Equal(swapped ? (16, 32) : (32, 16), (img.Width, img.Height));
        int qx = img.Width / 4, qy = img.Height / 4;
        var colors = quadrants.Select(c => c switch { 'R' => Red, 'G' => Green, 'B' => Blue, _ => White }).ToArray();
        AssertColor(img, qx, qy, colors[0]); AssertColor(img, 3 * qx, qy, colors[1]);
        AssertColor(img, qx, 3 * qy, colors[2]); AssertColor(img, 3 * qx, 3 * qy, colors[3]);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    public void Truncated_file_is_reported(SKEncodedImageFormat format)
    {
        var data = Encode(Noise(64, 64), format);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeBytes(data[..(data.Length * 6 / 10)], "cut"));
        Assert.Contains("truncated", e.Reason);
        Assert.Equal("cut", e.Path);
    }

    [Fact]
    public void Garbage_is_not_an_image()
    {
        var garbage = new byte[500];
        new Random(3).NextBytes(garbage);
        garbage[0] = (byte)'x';
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeBytes(garbage, "g"));
        Assert.Contains("not a recognised image", e.Reason);
    }

    [Fact]
    public void Unsupported_format_is_named()
    {
        var tiff = "II*\0"u8.ToArray().Concat(new byte[60]).ToArray();
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeBytes(tiff, "t.tif"));
        Assert.Contains("unsupported image format TIFF", e.Reason);
    }

    [Fact]
    public void Decompression_bomb_header_is_rejected_before_decoding()
    {
        var before = GC.GetTotalAllocatedBytes(true);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeBytes(PngHeader(100_000, 100_000), "bomb.png"));
        Assert.Contains("100000x100000 exceeds the pixel limit", e.Reason);
        // 10^10 pixels would need 30 GB; nothing remotely that large may have been allocated.
        Assert.True(GC.GetTotalAllocatedBytes(true) - before < 50_000_000);
    }

    [Theory]
    [InlineData(1u, 1u << 31)]
    [InlineData(1u << 31, 1u)]
    [InlineData(uint.MaxValue, uint.MaxValue)]
    public void Sizes_the_codec_refuses_are_reported_as_the_pixel_limit(uint w, uint h)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeBytes(PngHeader(w, h), "tall.png"));
        Assert.Contains($"{w}x{h} exceeds the pixel limit 40000000", e.Reason);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpeg")]
    [InlineData("webp")]
    [InlineData("bmp")]
    [InlineData("gif")]
    public void Header_sizes_match_the_codec(string format)
    {
        // The header reader must agree with the codec on real files, or it would refuse good images.
        var (bytes, w, h) = format switch
        {
            "png" => (Encode(Quadrants(37, 21), SKEncodedImageFormat.Png), 37, 21),
            "jpeg" => (Encode(Quadrants(37, 21), SKEncodedImageFormat.Jpeg), 37, 21),
            "webp" => (Encode(Quadrants(37, 21), SKEncodedImageFormat.Webp), 37, 21),
            "bmp" => (Bmp(Quadrants(37, 21)), 37, 21),
            _ => (GifRedPixel(), 1, 1),
        };
        Assert.Contains($"{w}x{h} exceeds the pixel limit", Assert.Throws<ImageDecodeException>(
            () => ImageDecoder.DecodeBytes(bytes, "q", new ImageDecodeOptions(MaxPixels: w * h - 1))).Reason);
        var image = ImageDecoder.DecodeBytes(bytes, "q", new ImageDecodeOptions(MaxPixels: w * h));
        Assert.Equal((w, h), (image.Width, image.Height));
    }

    [Fact]
    public void Limits_from_options_apply()
    {
        var png = Encode(Quadrants(20, 20), SKEncodedImageFormat.Png);
        Assert.Contains("pixel limit 100", Assert.Throws<ImageDecodeException>(
            () => ImageDecoder.DecodeBytes(png, "p", new ImageDecodeOptions(MaxPixels: 100))).Reason);
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("p.png"), png);
        Assert.Contains("more than the limit 10", Assert.Throws<ImageDecodeException>(
            () => ImageDecoder.Decode(dir.File("p.png"), new ImageDecodeOptions(MaxFileBytes: 10))).Reason);
    }

    [Fact]
    public void Missing_file_and_try_decode()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(dir.File("nope.jpg")));
        Assert.Equal("file not found", e.Reason);
        Assert.False(ImageDecoder.TryDecode(dir.File("nope.jpg"), out var none, out var reason));
        Assert.Null(none);
        Assert.Equal("file not found", reason);
        File.WriteAllBytes(dir.File("ok.bmp"), Bmp(Quadrants(2, 2)));
        Assert.True(ImageDecoder.TryDecode(dir.File("ok.bmp"), out var ok, out var noReason));
        Assert.Equal(2, ok!.Width);
        Assert.Null(noReason);
    }
}
