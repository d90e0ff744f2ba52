using System.Buffers.Binary;

namespace SocialFusion.Data.Images;

/// <summary>
/// Width and height read straight from the header bytes of PNG, GIF, BMP, JPEG and WebP, without a codec, so that
/// a size the codec refuses outright (libpng stops at 2^31 - 1 and smaller user limits) is still reported as the
/// pixel limit it breaks rather than as "not a recognised image". Layouts: PNG IHDR (ISO/IEC 15948 11.2.2),
/// GIF logical screen descriptor (GIF89a 18), BMP info header, JPEG SOFn segment (ITU T.81 B.2.2), WebP VP8/VP8L/VP8X.
/// </summary>
internal static class ImageHeader
{
    /// <summary>True when <paramref name="b"/> starts like one of the five formats and holds its size.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> b, out long width, out long height)
    {
        (width, height) = (0, 0);
        if (b.Length >= 24 && b[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && b[12..16].SequenceEqual("IHDR"u8))
            (width, height) = (BinaryPrimitives.ReadUInt32BigEndian(b[16..]), BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
        else if (b.Length >= 10 && (b[..6].SequenceEqual("GIF87a"u8) || b[..6].SequenceEqual("GIF89a"u8)))
            (width, height) = (BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));
        else if (b.Length >= 26 && b[0] == 'B' && b[1] == 'M')
            (width, height) = BinaryPrimitives.ReadUInt32LittleEndian(b[14..]) == 12
                ? (BinaryPrimitives.ReadUInt16LittleEndian(b[18..]), BinaryPrimitives.ReadUInt16LittleEndian(b[20..]))
                : (Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[22..])));
        else if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8)
            return Jpeg(b, out width, out height);
        else if (b.Length >= 30 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
            return WebP(b, out width, out height);
        else return false;
        return true;
    }

    private static bool Jpeg(ReadOnlySpan<byte> b, out long width, out long height)
    {
        (width, height) = (0, 0);
        int i = 2;
        while (i + 4 <= b.Length)
        {
            if (b[i] != 0xFF) return false;
            byte marker = b[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; } // no length
            int length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
            bool startOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (startOfFrame)
            {
                if (i + 9 > b.Length) return false;
                (height, width) = (BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]));
                return true;
            }
            i += 2 + length;
        }
        return false;
    }

    private static bool WebP(ReadOnlySpan<byte> b, out long width, out long height)
    {
        (width, height) = (0, 0);
        var chunk = b[12..16];
        if (chunk.SequenceEqual("VP8 "u8) && b[23] == 0x9D && b[24] == 0x01 && b[25] == 0x2A)
            (width, height) = (BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF);
        else if (chunk.SequenceEqual("VP8L"u8) && b[20] == 0x2F)
        {
            uint bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
            (width, height) = ((bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }
        else if (chunk.SequenceEqual("VP8X"u8))
            (width, height) = ((b[24] | b[25] << 8 | b[26] << 16) + 1L, (b[27] | b[28] << 8 | b[29] << 16) + 1L);
        else return false;
        return true;
    }
}
