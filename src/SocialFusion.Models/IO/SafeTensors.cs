using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.IO;

/// <summary>Raised for any malformed or hostile safetensors file; the message names the file and the problem.</summary>
public sealed class SafeTensorsException(string message) : Exception(message);

/// <summary>One tensor entry of a safetensors header.</summary>
/// <param name="Name">Tensor key.</param>
/// <param name="DType">safetensors dtype string (F32, F16, BF16, F64, I64, I32, U8, BOOL).</param>
/// <param name="Shape">Dimensions (empty for a scalar).</param>
/// <param name="Begin">Start offset relative to the data region.</param>
/// <param name="End">End offset (exclusive) relative to the data region.</param>
public sealed record SafeTensorEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// Memory-mapped safetensors reader with a fully validated header, plus a canonical writer.
/// Validation happens before any tensor byte is touched, so hostile files fail with a
/// <see cref="SafeTensorsException"/> instead of crashing or allocating without bound.
/// </summary>
public sealed class SafeTensors : IDisposable
{
    /// <summary>Largest accepted JSON header (100 MB), bounding the only allocation driven by the file.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    static readonly Dictionary<string, int> DTypeSizes = new()
    {
        ["F32"] = 4, ["F16"] = 2, ["BF16"] = 2, ["F64"] = 8, ["I64"] = 8, ["I32"] = 4, ["U8"] = 1, ["BOOL"] = 1,
    };

    readonly MemoryMappedFile? _map;
    readonly MemoryMappedViewAccessor? _view;
    readonly long _dataStart;
    readonly Dictionary<string, SafeTensorEntry> _byName;

    /// <summary>Path of the opened file.</summary>
    public string Path { get; }
    /// <summary>Entries in file (offset) order.</summary>
    public IReadOnlyList<SafeTensorEntry> Entries { get; }
    /// <summary>The <c>__metadata__</c> string map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    SafeTensors(string path)
    {
        Path = path;
        if (!File.Exists(path)) throw new SafeTensorsException($"{path}: file not found");
        long fileLength = new FileInfo(path).Length;
        if (fileLength < 8) throw new SafeTensorsException($"{path}: truncated, {fileLength} bytes is shorter than the 8-byte header length");
        using (var fs = File.OpenRead(path))
        {
            Span<byte> lenBytes = stackalloc byte[8];
            fs.ReadExactly(lenBytes);
            ulong headerLen = BitConverter.ToUInt64(lenBytes);
            if (headerLen > (ulong)MaxHeaderBytes)
                throw new SafeTensorsException($"{path}: header length {headerLen} exceeds the {MaxHeaderBytes}-byte cap");
            if (headerLen > (ulong)(fileLength - 8))
                throw new SafeTensorsException($"{path}: header length {headerLen} exceeds the remaining file size {fileLength - 8} (truncated?)");
            var header = new byte[(int)headerLen];
            fs.ReadExactly(header);
            _dataStart = 8 + (long)headerLen;
            (Entries, Metadata) = ParseHeader(path, header, fileLength - _dataStart);
        }
        _byName = Entries.ToDictionary(e => e.Name);
        if (fileLength > 0)
        {
            _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            _view = _map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        }
    }

    /// <summary>Opens and validates <paramref name="path"/>.</summary>
    public static SafeTensors Open(string path) => new(path);

    static (List<SafeTensorEntry>, Dictionary<string, string>) ParseHeader(string path, byte[] header, long dataLength)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 16 }); }
        catch (JsonException ex) { throw new SafeTensorsException($"{path}: header is not valid JSON ({ex.Message})"); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            throw new SafeTensorsException($"{path}: header must be a JSON object, found {doc.RootElement.ValueKind}");
        var entries = new List<SafeTensorEntry>();
        var metadata = new Dictionary<string, string>();
        var seen = new HashSet<string>();
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (!seen.Add(prop.Name)) throw new SafeTensorsException($"{path}: duplicate key '{prop.Name}'");
            if (prop.Name == "__metadata__")
            {
                if (prop.Value.ValueKind != JsonValueKind.Object) throw new SafeTensorsException($"{path}: __metadata__ must be an object");
                foreach (var m in prop.Value.EnumerateObject())
                {
                    if (m.Value.ValueKind != JsonValueKind.String) throw new SafeTensorsException($"{path}: __metadata__ value '{m.Name}' must be a string");
                    metadata[m.Name] = m.Value.GetString()!;
                }
                continue;
            }
            entries.Add(ParseEntry(path, prop));
        }
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        long cursor = 0;
        foreach (var e in entries)
        {
            if (e.Begin < cursor) throw new SafeTensorsException($"{path}: tensor '{e.Name}' offsets [{e.Begin}, {e.End}) overlap the previous tensor (ends at {cursor})");
            if (e.End > dataLength) throw new SafeTensorsException($"{path}: tensor '{e.Name}' offsets [{e.Begin}, {e.End}) lie outside the data region of {dataLength} bytes");
            cursor = e.End;
        }
        return (entries, metadata);
    }

    static SafeTensorEntry ParseEntry(string path, JsonProperty prop)
    {
        string where = $"{path}: tensor '{prop.Name}'";
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object) throw new SafeTensorsException($"{where}: entry must be an object");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String)
            throw new SafeTensorsException($"{where}: missing string field 'dtype'");
        string dtype = dt.GetString()!;
        if (!DTypeSizes.TryGetValue(dtype, out int size)) throw new SafeTensorsException($"{where}: unknown dtype '{dtype}' (known: {string.Join(", ", DTypeSizes.Keys)})");
        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new SafeTensorsException($"{where}: missing array field 'shape'");
        var shape = new List<long>();
        long elements = 1;
        foreach (var d in sh.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt64(out long dim) || dim < 0)
                throw new SafeTensorsException($"{where}: shape entries must be non-negative integers");
            try { elements = checked(elements * dim); }
            catch (OverflowException) { throw new SafeTensorsException($"{where}: shape product overflows"); }
            shape.Add(dim);
        }
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new SafeTensorsException($"{where}: 'data_offsets' must be an array of two integers");
        if (!off[0].TryGetInt64(out long begin) || !off[1].TryGetInt64(out long end) || begin < 0 || end < begin)
            throw new SafeTensorsException($"{where}: 'data_offsets' must be non-negative integers with begin <= end");
        long bytes;
        try { bytes = checked(elements * size); }
        catch (OverflowException) { throw new SafeTensorsException($"{where}: byte size overflows"); }
        if (bytes != end - begin)
            throw new SafeTensorsException($"{where}: shape [{string.Join(", ", shape)}] x {dtype} needs {bytes} bytes but data_offsets span {end - begin}");
        return new SafeTensorEntry(prop.Name, dtype, shape.ToArray(), begin, end);
    }

    /// <summary>Entry by name, or a <see cref="SafeTensorsException"/> naming the missing key.</summary>
    public SafeTensorEntry Entry(string name) =>
        _byName.TryGetValue(name, out var e) ? e : throw new SafeTensorsException($"{Path}: no tensor named '{name}'");

    /// <summary>Whether the file holds a tensor named <paramref name="name"/>.</summary>
    public bool Contains(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Copies tensor <paramref name="name"/> into a new CPU tensor. F16/BF16 stay half precision unless
    /// <paramref name="toFloat32"/> is set (then they, and F64, become float32).
    /// </summary>
    public Tensor Load(string name, bool toFloat32 = false)
    {
        var e = Entry(name);
        var t = empty(e.Shape, dtype: ToTorch(e.DType));
        long n = e.End - e.Begin;
        if (n > 0)
        {
            unsafe
            {
                byte* basePtr = null;
                _view!.SafeMemoryMappedViewHandle.AcquirePointer(ref basePtr);
                try
                {
                    var src = new ReadOnlySpan<byte>(basePtr + _view.PointerOffset + _dataStart + e.Begin, checked((int)n));
                    var dst = t.bytes;
                    src.CopyTo(dst);
                }
                finally { _view.SafeMemoryMappedViewHandle.ReleasePointer(); }
            }
        }
        if (toFloat32 && e.DType is "F16" or "BF16" or "F64")
        {
            var f = t.to_type(ScalarType.Float32);
            t.Dispose();
            return f;
        }
        return t;
    }

    static ScalarType ToTorch(string dtype) => dtype switch
    {
        "F32" => ScalarType.Float32, "F16" => ScalarType.Float16, "BF16" => ScalarType.BFloat16, "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64, "I32" => ScalarType.Int32, "U8" => ScalarType.Byte, "BOOL" => ScalarType.Bool,
        _ => throw new SafeTensorsException($"unknown dtype '{dtype}'"),
    };

    static string FromTorch(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32", ScalarType.Float16 => "F16", ScalarType.BFloat16 => "BF16", ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64", ScalarType.Int32 => "I32", ScalarType.Byte => "U8", ScalarType.Bool => "BOOL",
        _ => throw new SafeTensorsException($"dtype {t} cannot be written to safetensors by this writer"),
    };

    /// <summary>
    /// Writes <paramref name="tensors"/> in the canonical layout: keys sorted ordinally, data in key order,
    /// JSON header padded with spaces to a multiple of 8.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var keys = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
        var header = new StringBuilder("{");
        bool first = true;
        if (metadata is { Count: > 0 })
        {
            header.Append("\"__metadata__\":").Append(JsonSerializer.Serialize(metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value)));
            first = false;
        }
        long offset = 0;
        foreach (var k in keys)
        {
            var t = tensors[k];
            long bytes = t.NumberOfElements * t.ElementSize;
            if (!first) header.Append(',');
            first = false;
            header.Append(JsonSerializer.Serialize(k)).Append(":{\"dtype\":\"").Append(FromTorch(t.dtype)).Append("\",\"shape\":[")
                  .Append(string.Join(",", t.shape)).Append("],\"data_offsets\":[").Append(offset).Append(',').Append(offset + bytes).Append("]}");
            offset += bytes;
        }
        header.Append('}');
        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        int padded = (headerBytes.Length + 7) / 8 * 8;
        using var fs = File.Create(path);
        fs.Write(BitConverter.GetBytes((ulong)padded));
        fs.Write(headerBytes);
        for (int i = headerBytes.Length; i < padded; i++) fs.WriteByte((byte)' ');
        foreach (var k in keys)
        {
            using var c = tensors[k].detach().cpu().contiguous();
            long bytes = c.NumberOfElements * c.ElementSize;
            if (bytes == 0) continue;
            fs.Write(c.bytes);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _view?.Dispose();
        _map?.Dispose();
    }
}
