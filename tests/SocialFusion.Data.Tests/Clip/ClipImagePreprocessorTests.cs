using System.Text;
using System.Text.Json;
using SocialFusion.Data.Clip;
using SocialFusion.Data.Images;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Clip;

/// <summary>Parity of <see cref="ClipImagePreprocessor"/> with OpenAI's preprocess (Pillow 9.4 + torchvision 0.14).</summary>
public sealed class ClipImagePreprocessorTests(ITestOutputHelper output)
{
    // Index order of reference.safetensors; the JPEG is read from PIL's own decoding of it.
    private static readonly string[] Images = ["gradient_50x37.png", "noise_200x260.png", "scene_640x480.decoded.png", "chelsea.png"];

    /// <summary>Reads one tensor's raw bytes from a safetensors file (8-byte header length, JSON header, data).</summary>
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
    [InlineData(32, "pixel_values_32_uint8")]
    [InlineData(224, "pixel_values_224_uint8")]
    public void UInt8Crops_MatchReference(int size, string tensor)
    {
        var dir = SharedData.RequireDirectory("clip-reference");
        var expected = ReadTensor(Path.Combine(dir, "tiny-clip/reference.safetensors"), tensor);
        var pre = new ClipImagePreprocessor(size);
        int per = 3 * size * size, equal = 0, maxDiff = 0;
        var report = new StringBuilder();
        for (int i = 0; i < Images.Length; i++)
        {
            var actual = Chw(pre.ResizeAndCrop(ImageDecoder.Decode(Path.Combine(dir, "images", Images[i]))));
            Assert.Equal(per, actual.Length);
            int eq = 0, md = 0;
            for (int k = 0; k < per; k++)
            {
                int d = Math.Abs(actual[k] - expected[i * per + k]);
                if (d == 0) eq++;
                md = Math.Max(md, d);
            }
            report.AppendLine($"{Images[i]} @ {size}: {eq}/{per} identical, max diff {md}");
            equal += eq;
            maxDiff = Math.Max(maxDiff, md);
        }
        output.WriteLine(report.ToString());
        double share = (double)equal / (per * Images.Length);
        Assert.True(share == 1.0 && maxDiff == 0, $"share identical {share:P4}, max diff {maxDiff}\n{report}");
    }

    [Fact]
    public void NormalizedFloat32_MatchesReference()
    {
        var dir = SharedData.RequireDirectory("clip-reference");
        var raw = ReadTensor(Path.Combine(dir, "tiny-clip/reference.safetensors"), "pixel_values_32");
        var expected = new float[raw.Length / 4];
        Buffer.BlockCopy(raw, 0, expected, 0, raw.Length);
        var pre = ClipImagePreprocessor.FromPreprocessorConfig(Path.Combine(dir, "tiny-clip/preprocessor_config.json"));
        Assert.Equal(32, pre.Size);
        int per = 3 * 32 * 32;
        double maxAbs = 0;
        for (int i = 0; i < Images.Length; i++)
        {
            var actual = pre.Preprocess(ImageDecoder.Decode(Path.Combine(dir, "images", Images[i])));
            for (int k = 0; k < per; k++) maxAbs = Math.Max(maxAbs, Math.Abs(actual[k] - expected[i * per + k]));
        }
        output.WriteLine($"pixel_values_32 max abs diff {maxAbs:E3}");
        Assert.True(maxAbs <= 1e-6, $"max abs diff {maxAbs}");
    }

    [Fact]
    public void SkiaDecodedJpeg_IsCloseToPilDecoding()
    {
        var dir = SharedData.RequireDirectory("clip-reference");
        var skia = ImageDecoder.Decode(Path.Combine(dir, "images/scene_640x480.jpg"));
        var pil = ImageDecoder.Decode(Path.Combine(dir, "images/scene_640x480.decoded.png"));
        Assert.Equal((pil.Width, pil.Height), (skia.Width, skia.Height));
        int equal = 0, maxDiff = 0;
        for (int k = 0; k < pil.Pixels.Length; k++)
        {
            int d = Math.Abs(skia.Pixels[k] - pil.Pixels[k]);
            if (d == 0) equal++;
            maxDiff = Math.Max(maxDiff, d);
        }
        var pre = new ClipImagePreprocessor(224);
        var a = pre.ResizeAndCrop(skia).Pixels;
        var b = pre.ResizeAndCrop(pil).Pixels;
        int cropMax = a.Zip(b, (x, y) => Math.Abs(x - y)).Max();
        output.WriteLine($"Skia vs PIL JPEG decode: {(double)equal / pil.Pixels.Length:P3} identical, max diff {maxDiff}; 224 crop max diff {cropMax}");
        Assert.True(maxDiff <= 8, $"Skia's JPEG decoding differs from libjpeg-turbo by up to {maxDiff}");
    }

    [Theory]
    [InlineData(50, 37, 32, 43, 32)]
    [InlineData(200, 260, 32, 32, 41)]
    [InlineData(200, 260, 224, 224, 291)]
    [InlineData(640, 480, 224, 298, 224)]
    [InlineData(451, 300, 224, 336, 224)]
    public void ResizedSize_FollowsTorchvisionRule(int w, int h, int n, int ew, int eh) =>
        Assert.Equal((ew, eh), ClipImagePreprocessor.ResizedSize(w, h, n));

    [Fact]
    public void ResizeAndCrop_AnySize_GivesSquareCrop()
    {
        var pre = new ClipImagePreprocessor(16);
        foreach (var (w, h) in new[] { (1, 1), (1, 300), (300, 1), (16, 16), (17, 15), (1000, 3) })
        {
            var img = new RgbImage(w, h, Enumerable.Range(0, w * h * 3).Select(i => (byte)(i * 37)).ToArray());
            var crop = pre.ResizeAndCrop(img);
            Assert.Equal((16, 16, 16 * 16 * 3), (crop.Width, crop.Height, crop.Pixels.Length));
        }
    }

    [Fact]
    public void FromPreprocessorConfig_MissingSize_NamesFile()
    {
        using var tmp = new TempDir();
        var path = tmp.File("preprocessor_config.json");
        File.WriteAllText(path, "{\"image_mean\": [0.5, 0.5, 0.5]}");
        var e = Assert.Throws<InvalidDataException>(() => ClipImagePreprocessor.FromPreprocessorConfig(path));
        Assert.Contains(path, e.Message);
    }
}
