using System.Buffers.Binary;
using System.Text;
using SkiaSharp;
using SocialFusion.Data.Images;

namespace SocialFusion.Data.Tests.Images;

/// <summary>Builds test images at test time: Skia for JPEG/PNG/WebP, byte by byte for BMP, GIF and odd headers.</summary>
internal static class TestImages
{
    public static readonly (byte R, byte G, byte B) Red = (255, 0, 0), Green = (0, 255, 0), Blue = (0, 0, 255), White = (255, 255, 255);

    /// <summary>A w x h image whose quadrants are red (top-left), green (top-right), blue (bottom-left), white.</summary>
    public static RgbImage Quadrants(int w, int h)
    {
        var px = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                var c = (x < w / 2, y < h / 2) switch { (true, true) => Red, (false, true) => Green, (true, false) => Blue, _ => White };
                var o = (y * w + x) * 3;
                (px[o], px[o + 1], px[o + 2]) = c;
            }
        return new RgbImage(w, h, px);
    }

    /// <summary>Deterministic noise (compresses badly, so truncation cuts into pixel data).</summary>
    public static RgbImage Noise(int w, int h, int seed = 1)
    {
        var px = new byte[w * h * 3];
        new Random(seed).NextBytes(px);
        return new RgbImage(w, h, px);
    }

    public static byte[] Encode(RgbImage image, SKEncodedImageFormat format) => ImageEncoder.Encode(image, format, 95);

    /// <summary>Inserts an APP1 Exif segment with the given orientation right after the JPEG SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new List<byte>();
        tiff.AddRange("MM"u8.ToArray()); tiff.AddRange([0, 42, 0, 0, 0, 8]); // big-endian header, IFD0 at 8
        tiff.AddRange([0, 1]);                                               // one entry
        tiff.AddRange([0x01, 0x12, 0, 3, 0, 0, 0, 1]);                       // Orientation, SHORT, count 1
        tiff.AddRange([(byte)(orientation >> 8), (byte)orientation, 0, 0]);
        tiff.AddRange([0, 0, 0, 0]);                                         // no next IFD
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var len = payload.Length + 2;
        var segment = new byte[] { 0xFF, 0xE1, (byte)(len >> 8), (byte)len }.Concat(payload);
        return jpeg.Take(2).Concat(segment).Concat(jpeg.Skip(2)).ToArray();
    }

    /// <summary>A 24-bit BMP (bottom-up rows padded to 4 bytes).</summary>
    public static byte[] Bmp(RgbImage image)
    {
        int rowBytes = (image.Width * 3 + 3) / 4 * 4, size = 54 + rowBytes * image.Height;
        var b = new byte[size];
        b[0] = (byte)'B'; b[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(2), size);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(18), image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(22), image.Height);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(34), rowBytes * image.Height);
        for (int y = 0; y < image.Height; y++)
            for (int x = 0; x < image.Width; x++)
            {
                int src = image.Offset(x, y), dst = 54 + (image.Height - 1 - y) * rowBytes + x * 3;
                b[dst] = image.Pixels[src + 2]; b[dst + 1] = image.Pixels[src + 1]; b[dst + 2] = image.Pixels[src];
            }
        return b;
    }

    /// <summary>A 1x1 GIF89a whose single pixel is colour 0 of a two-entry palette (red, black).</summary>
    public static byte[] GifRedPixel() =>
    [
        .. "GIF89a"u8, 1, 0, 1, 0, 0x80, 0, 0, // 1x1, global colour table of 2 entries
        255, 0, 0, 0, 0, 0,                      // palette: red, black
        0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0,         // image descriptor
        2, 2, 0x44, 0x01, 0,                     // LZW min code size 2, one 2-byte block, end
        0x3B,
    ];

    /// <summary>A PNG whose IHDR claims <paramref name="w"/> x <paramref name="h"/> (valid CRC) followed by a tiny IDAT.</summary>
    public static byte[] PngHeader(uint w, uint h)
    {
        var ms = new MemoryStream();
        ms.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, w);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), h);
        ihdr[8] = 8; ihdr[9] = 2; // 8-bit RGB
        Chunk(ms, "IHDR", ihdr);
        Chunk(ms, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(ms, "IEND", []);
        return ms.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var body = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(body);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(body));
        s.Write(crc);
    }

    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }
}
