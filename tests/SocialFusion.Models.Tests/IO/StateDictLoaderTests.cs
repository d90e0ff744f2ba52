using SocialFusion.Models.IO;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Models.Tests.IO;

/// <summary>State dict loading: values land in the right parameters, mismatches are reported together.</summary>
public sealed class StateDictLoaderTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("sf-statedict-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    sealed class Tiny : nn.Module
    {
        public readonly Linear fc;
        public readonly LayerNorm norm;
        public Tiny() : base(nameof(Tiny)) { fc = nn.Linear(3, 2); norm = nn.LayerNorm(2); RegisterComponents(); }
    }

    [Fact]
    public void LoadsMatchingFileAndIgnoresPositionIds()
    {
        using var scope = NewDisposeScope();
        var source = new Tiny();
        var tensors = source.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().to_type(ScalarType.Float16));
        tensors["embeddings.position_ids"] = arange(4L).unsqueeze(0);
        var path = Path.Combine(_dir, "ok.safetensors");
        SafeTensors.Write(path, tensors);
        var target = new Tiny();
        StateDictLoader.Load(target, path);
        foreach (var (k, v) in source.state_dict())
            Assert.True(v.to_type(ScalarType.Float16).to_type(ScalarType.Float32).allclose(target.state_dict()[k]), k);
    }

    [Fact]
    public void NaNOrInfiniteWeightsAreRefusedNamingFileAndKey()
    {
        using var scope = NewDisposeScope();
        var tensors = new Tiny().state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        tensors["norm.weight"][1] = float.NaN;
        var path = Path.Combine(_dir, "nan.safetensors");
        SafeTensors.Write(path, tensors);
        var e = Assert.Throws<InvalidDataException>(() => StateDictLoader.Load(new Tiny(), path));
        Assert.Contains(path, e.Message);
        Assert.Contains("parameter 'norm.weight' holds 1 NaN and 0 infinite value(s) of 2", e.Message);
        tensors["norm.weight"][1] = 1f;
        tensors["fc.bias"][0] = float.NegativeInfinity;
        SafeTensors.Write(path, tensors);
        Assert.Contains("'fc.bias' holds 0 NaN and 1 infinite", Assert.Throws<InvalidDataException>(() => StateDictLoader.Load(new Tiny(), path)).Message);
    }

    [Fact]
    public void MissingUnexpectedAndWrongShapeKeysAreReportedInOneError()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_dir, "bad.safetensors");
        SafeTensors.Write(path, new Dictionary<string, Tensor>
        {
            ["fc.weight"] = zeros(2, 4),           // wrong shape
            ["fc.bias"] = zeros(2),
            ["norm.weight"] = ones(2),             // norm.bias missing
            ["extra.weight"] = zeros(1),           // unexpected
        });
        var ex = Assert.Throws<StateDictMismatchException>(() => StateDictLoader.Load(new Tiny(), path));
        Assert.Equal(new[] { "norm.bias" }, ex.Missing);
        Assert.Equal(new[] { "extra.weight" }, ex.Unexpected);
        Assert.Single(ex.WrongShapes);
        Assert.Contains("fc.weight", ex.Message);
        Assert.Contains("norm.bias", ex.Message);
        Assert.Contains("extra.weight", ex.Message);
    }
}
