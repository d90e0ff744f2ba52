using SocialFusion.Models.Config;
using SocialFusion.Models.Tests.Sgmft;
using Xunit;

namespace SocialFusion.Models.Tests.Config;

public class ModelPresetsTests
{
    [Fact]
    public void EveryDesignPresetIsEmbedded()
    {
        foreach (var name in TinyModels.Presets) Assert.Contains(name, ModelPresets.Names);
    }

    [Fact]
    public void ReferencePresetIsTheRecordDefaults()
    {
        Assert.Equal(new SgmftConfig(), ModelPresets.Load("sgmft"));
    }

    [Theory]
    [MemberData(nameof(AllPresets))]
    public void PresetRoundTripsThroughJson(string name)
    {
        var config = ModelPresets.Load(name);
        Assert.Equal(name, config.Preset);
        Assert.Equal(config, ModelPresets.FromJson(ModelPresets.ToJson(config)));
    }

    public static TheoryData<string> AllPresets() => new(TinyModels.Presets);

    [Fact]
    public void MissingFieldsTakeDefaultsAndJsonIsSnakeCase()
    {
        var config = ModelPresets.FromJson("""{ "sim_layers": 3, "fine": "plain_feed_forward" }""");
        Assert.Equal(new SgmftConfig { SimLayers = 3, Fine = FineGuidance.PlainFeedForward }, config);
        Assert.Contains("\"lambda_align\"", ModelPresets.ToJson(config));
        Assert.Contains("\"plain_feed_forward\"", ModelPresets.ToJson(config));
    }

    [Fact]
    public void UnknownPresetListsKnownNames()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelPresets.Load("sgmft-typo"));
        Assert.Contains("sgmft-typo", e.Message);
        Assert.Contains("late-fusion", e.Message);
    }

    [Theory]
    [InlineData("""{ "simlayers": 3 }""", "simlayers")]
    [InlineData("""{ "fine": "wavy" }""", "fine")]
    [InlineData("""{ "d": 30, "heads": 4 }""", "heads")]
    [InlineData("""{ "dropout": 1.5 }""", "dropout")]
    public void BadJsonNamesTheField(string json, string field)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelPresets.FromJson(json));
        Assert.Contains(field, e.Message);
    }

    [Fact]
    public void LoadFileReadsAndReportsMissingFiles()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sf-h3-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, ModelPresets.ToJson(ModelPresets.Load("co-attention")));
        try { Assert.Equal(ModelPresets.Load("co-attention"), ModelPresets.LoadFile(path)); }
        finally { File.Delete(path); }
        Assert.Throws<FileNotFoundException>(() => ModelPresets.LoadFile(path));
    }

    [Fact]
    public void AblationPresetsChangeWhatTheTableSays()
    {
        var reference = new SgmftConfig();
        Assert.Equal(reference with { Preset = "sgmft-no-coarse", Coarse = CoarseGuidance.FixedInterpolation }, ModelPresets.Load("sgmft-no-coarse"));
        Assert.Equal(reference with { Preset = "sgmft-no-fine", Fine = FineGuidance.PlainFeedForward }, ModelPresets.Load("sgmft-no-fine"));
        Assert.Equal(reference with { Preset = "sgmft-no-sim", SimLayers = 0 }, ModelPresets.Load("sgmft-no-sim"));
        Assert.Equal(reference with { Preset = "sgmft-no-sfm", SfmLayers = 0, Fusion = FusionPooling.ConcatPooling }, ModelPresets.Load("sgmft-no-sfm"));
        Assert.Equal(reference with
        {
            Preset = "co-attention", Coarse = CoarseGuidance.FixedInterpolation,
            Fine = FineGuidance.PlainFeedForward, Fusion = FusionPooling.ConcatPooling,
        }, ModelPresets.Load("co-attention"));
    }
}
