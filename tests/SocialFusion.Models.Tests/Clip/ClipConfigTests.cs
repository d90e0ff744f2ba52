using SocialFusion.Models.Clip;
using Xunit;

namespace SocialFusion.Models.Tests.Clip;

/// <summary>HF config.json parsing: present fields read, absent fields take HF defaults, bad fields named.</summary>
public sealed class ClipConfigTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("sf-clipconfig-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Write(string json)
    {
        var path = Path.Combine(_dir, "config.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void AbsentFieldsTakeHuggingFaceDefaults()
    {
        var c = ClipConfig.FromJsonFile(Write("{\"projection_dim\":256,\"vision_config\":{\"hidden_size\":1024,\"num_attention_heads\":16,\"patch_size\":14,\"hidden_act\":\"gelu\"}}"));
        Assert.Equal(256, c.ProjectionDim);
        Assert.Equal(1024, c.Vision.HiddenSize);
        Assert.Equal(3072, c.Vision.IntermediateSize);  // default kept
        Assert.Equal("gelu", c.Vision.HiddenAct);
        Assert.Equal(256, c.Vision.NumPatches);         // (224 / 14)^2
        Assert.Equal(ClipConfig.DefaultText, c.Text);
    }

    [Theory]
    [InlineData("{\"text_config\":{\"hidden_act\":\"relu\"}}", "hidden_act")]
    [InlineData("{\"vision_config\":{\"hidden_size\":100,\"num_attention_heads\":12}}", "num_attention_heads")]
    [InlineData("{\"vision_config\":{\"patch_size\":\"big\"}}", "patch_size")]
    [InlineData("{broken", "not valid JSON")]
    public void BadFieldsAreNamed(string json, string fragment)
    {
        var ex = Assert.Throws<InvalidDataException>(() => ClipConfig.FromJsonFile(Write(json)));
        Assert.Contains(fragment, ex.Message);
    }
}
