using System.Text;
using System.Text.Json;
using SocialFusion.Data.Clip;
using SocialFusion.Data.Images;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Clip;

/// <summary>Parity of Chinese-CLIP's preprocessing (<see cref="SquareResizePreprocessor"/>) with PIL on the reference images.</summary>
public sealed class SquareResizePreprocessorTests(ITestOutputHelper output)
{
    private static readonly string[] Images = ["gradient_50x37.png", "noise_200x260.png", "scene_640x480.decoded.png"];

    private static byte[] ReadTensor(string path, string name)
    {
        var all = File.ReadAllBytes(path);
        long n = BitConverter.ToInt64(all, 0);
        var header = JsonDocument.Parse(Encoding.UTF8.GetString(all, 8, (int)n)).RootElement.GetProperty(name);
        var offsets = header.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
        return all.AsSpan((int)(8 + n + offsets[0]), (int)(offsets[1] - offsets[0])).ToArray();
    }

    private static byte[] Chw(RgbImage img)
    {
        int plane = img.Width * img.Height;
        var r = new byte[plane * 3];
        for (int c = 0; c < 3; c++) for (int i = 0; i < plane; i++) r[c * plane + i] = img.Pixels[i * 3 + c];
        return r;
    }

    [Theory]
    [InlineData(32, "pixel_values_uint8")]
    [InlineData(224, "pixel_values_224_uint8")]
    public void UInt8Pixels_AreBitIdentical(int size, string tensor)
    {
        var dir = SharedData.RequireDirectory("chinese-clip-reference");
        var expected = ReadTensor(Path.Combine(dir, "tiny-chinese-clip/reference.safetensors"), tensor);
        var pre = new SquareResizePreprocessor(size);
        int per = 3 * size * size, maxDiff = 0;
        for (int i = 0; i < Images.Length; i++)
        {
            var actual = Chw(pre.Resize(ImageDecoder.Decode(Path.Combine(dir, "images", Images[i]))));
            for (int k = 0; k < per; k++) maxDiff = Math.Max(maxDiff, Math.Abs(actual[k] - expected[i * per + k]));
        }
        output.WriteLine($"{size} px: max uint8 difference {maxDiff}");
        Assert.Equal(0, maxDiff);
    }

    [Fact]
    public void PixelValues_AreBitIdentical_AndConfigIsRead()
    {
        var dir = SharedData.RequireDirectory("chinese-clip-reference");
        var pre = IClipImagePreprocessor.FromPreprocessorConfig(Path.Combine(dir, "tiny-chinese-clip/preprocessor_config.json"));
        Assert.IsType<SquareResizePreprocessor>(pre);
        Assert.Equal(32, pre.Size);
        var bytes = ReadTensor(Path.Combine(dir, "tiny-chinese-clip/reference.safetensors"), "pixel_values");
        var expected = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, expected, 0, bytes.Length);
        int per = 3 * 32 * 32, differing = 0;
        for (int i = 0; i < Images.Length; i++)
        {
            var actual = pre.Preprocess(ImageDecoder.Decode(Path.Combine(dir, "images", Images[i])));
            for (int k = 0; k < per; k++) if (BitConverter.SingleToInt32Bits(actual[k]) != BitConverter.SingleToInt32Bits(expected[i * per + k])) differing++;
        }
        Assert.Equal(0, differing);
    }

    [Fact]
    public void ClipStyleConfig_GivesCentreCrop_AndUnsupportedSettingsAreRefused()
    {
        var dir = Directory.CreateTempSubdirectory("sf-pre").FullName;
        try
        {
            var path = Path.Combine(dir, "preprocessor_config.json");
            File.WriteAllText(path, """{"size": {"shortest_edge": 224}, "crop_size": {"height": 224, "width": 224}, "do_center_crop": true}""");
            Assert.IsType<ClipImagePreprocessor>(IClipImagePreprocessor.FromPreprocessorConfig(path));
            File.WriteAllText(path, """{"size": {"height": 224, "width": 224}, "do_center_crop": false, "resample": 2}""");
            Assert.Contains("resample 2 is not supported", Assert.Throws<InvalidDataException>(() => IClipImagePreprocessor.FromPreprocessorConfig(path)).Message);
            File.WriteAllText(path, """{"size": {"height": 224, "width": 200}, "do_center_crop": false}""");
            Assert.Contains("not square", Assert.Throws<InvalidDataException>(() => IClipImagePreprocessor.FromPreprocessorConfig(path)).Message);
        }
        finally { Directory.Delete(dir, true); }
    }
}
