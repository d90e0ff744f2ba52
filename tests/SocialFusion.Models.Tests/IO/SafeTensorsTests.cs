using System.Text;
using SocialFusion.Models.IO;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.IO;

/// <summary>Round trips and hostile headers for the safetensors reader/writer.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("sf-safetensors-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string WriteRaw(string name, string json, int dataBytes, long? declaredLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var path = Path.Combine(_dir, name);
        using var fs = File.Create(path);
        fs.Write(BitConverter.GetBytes((ulong)(declaredLength ?? header.Length)));
        fs.Write(header);
        fs.Write(new byte[dataBytes]);
        return path;
    }

    static void AssertRejected(string path, string expectedFragment)
    {
        var ex = Assert.Throws<SafeTensorsException>(() => { using var _ = SafeTensors.Open(path); });
        Assert.Contains(expectedFragment, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Path.GetFileName(path), ex.Message);
    }

    [Fact]
    public void RoundTripKeepsValuesDtypesAndCanonicalLayout()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_dir, "rt.safetensors");
        var tensors = new Dictionary<string, Tensor>
        {
            ["b"] = arange(6, dtype: ScalarType.Float32).view(2, 3),
            ["a"] = tensor(new long[] { 1, -2, 3 }),
            ["s"] = tensor(2.5f),
            ["u"] = tensor(new byte[] { 0, 255 }),
        };
        SafeTensors.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = File.ReadAllBytes(path);
        long n = BitConverter.ToInt64(bytes, 0);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.True(header.IndexOf("\"a\"") < header.IndexOf("\"b\"") && header.IndexOf("\"b\"") < header.IndexOf("\"s\""));
        using var file = SafeTensors.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(new[] { "a", "b", "s", "u" }, file.Entries.Select(e => e.Name));
        foreach (var (k, t) in tensors)
        {
            var back = file.Load(k);
            Assert.Equal(t.dtype, back.dtype);
            Assert.Equal(t.shape, back.shape);
            Assert.True(t.eq(back).all().item<bool>(), k);
        }
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void HalfPrecisionRoundTripsAndConvertsToFloat32(ScalarType type)
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_dir, $"{type}.safetensors");
        var values = tensor(new float[] { 1f, -0.5f, 3.25f, 1024f }).to_type(type);
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = values });
        using var file = SafeTensors.Open(path);
        Assert.Equal(type == ScalarType.Float16 ? "F16" : "BF16", file.Entry("x").DType);
        Assert.True(values.eq(file.Load("x")).all().item<bool>());
        var f = file.Load("x", toFloat32: true);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(new float[] { 1f, -0.5f, 3.25f, 1024f }, f.data<float>().ToArray());
    }

    [Fact]
    public void TruncatedFileIsRejected()
    {
        var path = Path.Combine(_dir, "short.safetensors");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3 });
        AssertRejected(path, "truncated");
    }

    [Fact]
    public void TruncatedDataIsRejected() =>
        AssertRejected(WriteRaw("data.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "outside the data region");

    [Fact]
    public void HugeHeaderLengthIsRejected() =>
        AssertRejected(WriteRaw("huge.safetensors", "{}", 0, declaredLength: long.MaxValue), "exceeds");

    [Fact]
    public void HeaderLengthBeyondFileIsRejected() =>
        AssertRejected(WriteRaw("beyond.safetensors", "{}", 0, declaredLength: 1000), "exceeds the remaining file size");

    [Fact]
    public void NonJsonHeaderIsRejected() =>
        AssertRejected(WriteRaw("nonjson.safetensors", "{not json at all", 0), "not valid JSON");

    [Fact]
    public void UnknownDtypeIsRejected() =>
        AssertRejected(WriteRaw("dtype.safetensors", "{\"x\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "unknown dtype 'F8'");

    [Fact]
    public void ShapeOffsetMismatchIsRejected() =>
        AssertRejected(WriteRaw("mismatch.safetensors", "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "needs 12 bytes");

    [Fact]
    public void OverlappingOffsetsAreRejected() =>
        AssertRejected(WriteRaw("overlap.safetensors",
            "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "overlap");

    [Fact]
    public void OverflowingShapeIsRejected() =>
        AssertRejected(WriteRaw("overflow.safetensors",
            "{\"x\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8), "overflows");

    [Fact]
    public void NegativeOffsetsAreRejected() =>
        AssertRejected(WriteRaw("neg.safetensors", "{\"x\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[-1,0]}}", 1), "data_offsets");
}
