using System.Text;
using SkiaSharp;
using SocialFusion.Data.Images;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Images;

public class ImageSanitizerTests
{
    /// <summary>
    /// A JPEG whose APP1 Exif block has IFD0 with a camera Make and a GPSInfo pointer to a GPS IFD holding latitude
    /// 48 deg 51' 29" N (Paris), as a phone writes it.
    /// </summary>
    internal static byte[] JpegWithGps(byte[] jpeg)
    {
        var t = new List<byte>();
        void U16(int v) { t.Add((byte)(v >> 8)); t.Add((byte)v); }
        void U32(long v) { U16((int)(v >> 16)); U16((int)(v & 0xFFFF)); }
        t.AddRange("MM"u8.ToArray()); U16(42); U32(8);            // big-endian TIFF header, IFD0 at 8
        U16(2);                                                      // IFD0: two entries (8..38)
        U16(0x010F); U16(2); U32(8); U32(38);                        // Make, ASCII, 8 bytes at 38
        U16(0x8825); U16(4); U32(1); U32(46);                        // GPSInfo IFD pointer -> 46
        U32(0);                                                      // no next IFD
        t.AddRange("PhoneCo\0"u8.ToArray());                         // 38..46
        U16(2);                                                      // GPS IFD: two entries (46..76)
        U16(0x0001); U16(2); U32(2); t.AddRange("N\0\0\0"u8.ToArray()); // GPSLatitudeRef 'N'
        U16(0x0002); U16(5); U32(3); U32(76);                        // GPSLatitude, 3 RATIONALs at 76
        U32(0);
        foreach (var (n, d) in new[] { (48, 1), (51, 1), (29, 1) }) { U32(n); U32(d); }
        var payload = "Exif\0\0"u8.ToArray().Concat(t).ToArray();
        var len = payload.Length + 2;
        return jpeg.Take(2).Concat(new byte[] { 0xFF, 0xE1, (byte)(len >> 8), (byte)len }).Concat(payload).Concat(jpeg.Skip(2)).ToArray();
    }

    private static bool HasExif(byte[] file) => Encoding.Latin1.GetString(file).Contains("Exif\0\0", StringComparison.Ordinal);

    private static bool HasGpsPointer(byte[] file)
    {
        for (int i = 0; i + 1 < file.Length; i++) if (file[i] == 0x88 && file[i + 1] == 0x25) return true;
        return false;
    }

    [Theory]
    [InlineData("clean.jpg")]
    [InlineData("clean.png")]
    public void Reencoded_image_has_no_exif_or_gps_and_the_same_picture(string name)
    {
        using var dir = new TempDir();
        var image = TestImages.Quadrants(32, 24);
        var tagged = JpegWithGps(TestImages.Encode(image, SKEncodedImageFormat.Jpeg));
        File.WriteAllBytes(dir.File("gps.jpg"), tagged);
        Assert.True(HasExif(tagged) && HasGpsPointer(tagged) && Encoding.Latin1.GetString(tagged).Contains("PhoneCo"));
        Assert.Equal(32, ImageDecoder.Decode(dir.File("gps.jpg")).Width); // still a valid JPEG with the block in

        ImageSanitizer.Reencode(dir.File("gps.jpg"), dir.File(name));
        var clean = File.ReadAllBytes(dir.File(name));
        Assert.False(HasExif(clean));
        Assert.DoesNotContain("PhoneCo", Encoding.Latin1.GetString(clean));
        var back = ImageDecoder.Decode(dir.File(name));
        Assert.Equal((32, 24), (back.Width, back.Height));
        var original = ImageDecoder.Decode(dir.File("gps.jpg"));
        double diff = back.Pixels.Zip(original.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.True(diff < 6, $"mean pixel difference {diff}");
    }

    [Fact]
    public void Refuses_to_write_over_the_input()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("a.jpg"), TestImages.Encode(TestImages.Quadrants(8, 8), SKEncodedImageFormat.Jpeg));
        Assert.Throws<ArgumentException>(() => ImageSanitizer.Reencode(dir.File("a.jpg"), dir.File("a.jpg")));
    }
}
