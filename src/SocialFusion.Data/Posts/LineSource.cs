using System.Text;

namespace SocialFusion.Data.Posts;

/// <summary>One physical line as bytes (without '\n'); Oversized lines keep only a prefix for display.</summary>
internal readonly record struct RawLine(long Number, byte[] Bytes, bool Oversized, long Length);

/// <summary>
/// Splits a byte stream into lines with a hard per-line cap, so a huge line never lands in memory whole.
/// UTF-16 files (with BOM) are transcoded to UTF-8 first; a UTF-8 BOM is skipped.
/// </summary>
internal static class LineSource
{
    /// <summary>Characters of a line kept for display in the side file.</summary>
    internal const int KeepForDisplay = 2048;

    public static IEnumerable<RawLine> Lines(Stream stream, int maxLineBytes, string sourceName)
    {
        stream = Normalize(stream, sourceName);
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        long number = 1, length = 0;
        bool oversized = false;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            // IndexOf is vectorised: scanning byte by byte cost more than parsing on large files.
            for (int i; start < read && (i = Array.IndexOf(buffer, (byte)'\n', start, read - start)) >= 0;)
            {
                Append(buffer, start, i - start);
                yield return Line();
                line.SetLength(0); length = 0; oversized = false;
                start = i + 1;
            }
            Append(buffer, start, read - start);
        }
        if (length > 0) yield return Line();

        // The UTF-8 BOM (also what a UTF-16 BOM becomes after transcoding) is not part of the first line.
        RawLine Line()
        {
            var bytes = line.ToArray();
            if (number == 1 && bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
            return new RawLine(number++, bytes, oversized, length);
        }

        void Append(byte[] b, int offset, int count)
        {
            length += count;
            if (!oversized && length > maxLineBytes)
            {
                oversized = true;
                if (line.Length > KeepForDisplay) line.SetLength(KeepForDisplay);
            }
            var room = oversized ? Math.Max(0, KeepForDisplay - (int)line.Length) : count;
            line.Write(b, offset, Math.Min(room, count));
        }
    }

    /// <summary>Detects a UTF-16 BOM and returns a UTF-8 view of the stream; refuses UTF-16 without a BOM.</summary>
    private static Stream Normalize(Stream stream, string sourceName)
    {
        var head = new byte[4096];
        int n = 0;
        while (n < head.Length)
        {
            var r = stream.Read(head, n, head.Length - n);
            if (r == 0) break;
            n += r;
        }
        Stream whole = new PrefixedStream(head.AsSpan(0, n).ToArray(), stream);
        if (n >= 2 && head[0] == 0xFF && head[1] == 0xFE)
            return Encoding.CreateTranscodingStream(whole, Encoding.Unicode, Encoding.UTF8, leaveOpen: true);
        if (n >= 2 && head[0] == 0xFE && head[1] == 0xFF)
            return Encoding.CreateTranscodingStream(whole, Encoding.BigEndianUnicode, Encoding.UTF8, leaveOpen: true);
        if (Utf16WithoutBom(head.AsSpan(0, n)) is { } endian)
            throw new InvalidDataException(
                $"{sourceName}: looks like UTF-16 {endian} without a byte-order mark (every other byte is 0); " +
                $"convert it to UTF-8 (e.g. iconv -f UTF-16{(endian == "little-endian" ? "LE" : "BE")} -t UTF-8 in > out) or save it with a BOM");
        return whole;
    }

    /// <summary>
    /// Text posts in UTF-8 have no NUL bytes; ASCII-heavy UTF-16 has one in every other position. Most of one parity
    /// and almost none of the other is UTF-16 with that byte order.
    /// </summary>
    private static string? Utf16WithoutBom(ReadOnlySpan<byte> head)
    {
        if (head.Length < 4) return null;
        int even = 0, odd = 0;
        for (int i = 0; i + 1 < head.Length; i += 2)
        {
            if (head[i] == 0) even++;
            if (head[i + 1] == 0) odd++;
        }
        int pairs = head.Length / 2;
        if (odd >= pairs * 0.4 && even <= pairs * 0.05) return "little-endian";
        if (even >= pairs * 0.4 && odd <= pairs * 0.05) return "big-endian";
        return null;
    }

    /// <summary>Shows bytes as text: valid UTF-8 as is, invalid bytes as \xNN, truncated to 2 KB.</summary>
    public static string Display(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        while (!bytes.IsEmpty && sb.Length < KeepForDisplay)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var used) == System.Buffers.OperationStatus.Done)
                sb.Append(rune.ToString());
            else
            {
                used = 1;
                sb.Append($"\\x{bytes[0]:X2}");
            }
            bytes = bytes[used..];
        }
        return sb.Length > KeepForDisplay ? sb.ToString(0, KeepForDisplay) : sb.ToString();
    }

    /// <summary>Re-reads bytes already consumed for BOM sniffing before the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream inner) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_pos < prefix.Length)
            {
                var n = Math.Min(count, prefix.Length - _pos);
                Array.Copy(prefix, _pos, buffer, offset, n);
                _pos += n;
                return n;
            }
            return inner.Read(buffer, offset, count);
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
