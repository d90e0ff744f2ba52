using System.Text;
using System.Text.Json;
using SocialFusion.Models.IO;
using SocialFusion.TestSupport;
using SocialFusion.Training.Features;
using Xunit;
using static TorchSharp.torch;

namespace SocialFusion.Cli.Tests;

/// <summary><c>embed</c>, <c>clip tokenize</c> and <c>clip encode</c> in-process on the tiny reference CLIP (through files).</summary>
public class ClipCommandTests
{
    private static string Tiny() => SharedData.RequireDirectory("clip-reference/tiny-clip");
    private static string Images() => SharedData.RequireDirectory("clip-reference/images");

    [Fact]
    public void Tokenize_EveryLineSafeReferenceCase_GivesTheReferenceIds()
    {
        string tiny = Tiny(), cases = SharedData.RequireDirectory("clip-reference/tokenizer/cases.jsonl");
        var rows = File.ReadLines(cases).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(c => c.GetProperty("text").GetString()!.IndexOfAny(['\n', '\r']) < 0).ToList();
        // A leading BOM would be taken as the file's encoding mark: start with a plain case.
        rows = rows.OrderBy(c => c.GetProperty("text").GetString()!.StartsWith('\uFEFF') ? 1 : 0).ToList();
        Assert.True(rows.Count > 400);
        using var dir = new TempDir();
        File.WriteAllText(dir.File("in.txt"), string.Join("\n", rows.Select(c => c.GetProperty("text").GetString())) + "\n", new UTF8Encoding(false));
        foreach (var (flag, field) in new[] { ("", "input_ids_77"), ("--raw", "bpe_ids") })
        {
            string[] args = ["clip", "tokenize", "--model", tiny, "--input", dir.File("in.txt"), "--out", dir.File("out.jsonl"), "--force"];
            Assert.Equal(0, Program.Run(flag == "" ? args : [.. args, flag]));
            var lines = File.ReadAllLines(dir.File("out.jsonl"));
            Assert.Equal(rows.Count, lines.Length);
            for (int i = 0; i < rows.Count; i++)
            {
                var expected = rows[i].GetProperty(field).EnumerateArray().Select(e => e.GetInt64()).ToArray();
                Assert.True(expected.SequenceEqual(JsonSerializer.Deserialize<long[]>(lines[i])!), $"{field} of case {i} '{rows[i].GetProperty("text")}': {lines[i]}");
            }
        }
    }

    [Fact]
    public void Encode_WritesReadableSafetensors_MatchingTheReference()
    {
        string tiny = Tiny(), img = Images();
        using var dir = new TempDir();
        var texts = JsonDocument.Parse(File.ReadAllText(Path.Combine(tiny, "reference.json"))).RootElement.GetProperty("texts")
            .EnumerateArray().Select(t => t.GetProperty("text").GetString()!).ToArray();
        Assert.DoesNotContain(texts, t => t.Contains('\n'));
        File.WriteAllText(dir.File("texts.txt"), string.Join("\n", texts) + "\n");
        Directory.CreateDirectory(dir.File("images"));
        // Sorted by name: chelsea (reference 3), gradient (0), noise (1); PNGs decode exactly as PIL.
        foreach (var f in new[] { "chelsea.png", "gradient_50x37.png", "noise_200x260.png" }) File.Copy(Path.Combine(img, f), Path.Combine(dir.File("images"), f));
        File.WriteAllText(Path.Combine(dir.File("images"), "notes.txt"), "not an image, not picked up");
        var outFile = dir.File("out/enc.safetensors");
        Assert.Equal(0, Program.Run(["clip", "encode", "--model", tiny, "--texts", dir.File("texts.txt"), "--images", dir.File("images"), "--out", outFile, "--batch", "4"]));

        using var scope = NewDisposeScope();
        using var file = SafeTensors.Open(outFile);
        using var reference = SafeTensors.Open(Path.Combine(tiny, "reference.safetensors"));
        var shapes = file.Entries.ToDictionary(e => e.Name, e => e.Shape);
        Assert.Equal(new long[] { 6, 77 }, shapes["input_ids"]);
        Assert.Equal(new long[] { 6 }, shapes["text_lengths"]);
        Assert.Equal(new long[] { 6, 77, 48 }, shapes["text_last_hidden_state"]);
        Assert.Equal(new long[] { 6, 48 }, shapes["text_pooled_output"]);
        Assert.Equal(new long[] { 6, 32 }, shapes["text_embeds"]);
        Assert.Equal(new long[] { 3, 3, 32, 32 }, shapes["pixel_values"]);
        Assert.Equal(new long[] { 3, 17, 64 }, shapes["image_last_hidden_state"]);
        Assert.Equal(new long[] { 3, 64 }, shapes["image_pooled_output"]);
        Assert.Equal(new long[] { 3, 32 }, shapes["image_embeds"]);
        Assert.Equal(new long[] { 3, 6 }, shapes["logits_per_image"]);
        Assert.Equal(Array.Empty<long>(), shapes["logit_scale_exp"]);
        Assert.Equal(JsonSerializer.Serialize(new[] { "chelsea.png", "gradient_50x37.png", "noise_200x260.png" }), file.Metadata["images"]);

        double Diff(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
        Assert.True(file.Load("input_ids").eq(reference.Load("input_ids")).all().item<bool>());
        Assert.True(Diff(file.Load("text_last_hidden_state"), reference.Load("text_last_hidden_state")) < 1e-4);
        Assert.True(Diff(file.Load("text_embeds"), reference.Load("text_embeds")) < 1e-4);
        var order = tensor(new long[] { 3, 0, 1 });
        Assert.True(Diff(file.Load("pixel_values"), reference.Load("pixel_values_32").index_select(0, order)) == 0);
        Assert.True(Diff(file.Load("image_embeds"), reference.Load("image_embeds").index_select(0, order)) < 1e-4);
        Assert.True(Diff(file.Load("logits_per_image"), reference.Load("logits_per_image").index_select(0, order)) < 1e-4);
    }

    [Fact]
    public void Embed_WritesTheCache_RejectsBadRecords_AndResumes()
    {
        string tiny = Tiny(), img = Images();
        using var dir = new TempDir();
        var chelsea = Path.Combine(img, "chelsea.png").Replace("\\", "/");
        File.WriteAllText(dir.File("broken.jpg"), "not a jpeg");
        File.WriteAllLines(dir.File("posts.jsonl"), [
            $$"""{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":"a photo of a cat","images":["{{chelsea}}"]}""",
            """{"id":"p2","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":"broken picture","images":["broken.jpg"]}""",
            """{"id":"p3","user_id":"u2","created_at":"2024-03-05T08:15:00Z","text":"only text"}""",
            """{"id":"p4","user_id":"u2","created_at":"not a date","text":"rejected"}""",
        ]);
        string[] args = ["embed", "--clip", tiny, "--input", dir.File("posts.jsonl"), "--out", dir.File("exp") + Path.DirectorySeparatorChar, "--batch", "2"];
        Assert.Equal(0, Program.Run(args));
        var cachePath = dir.File("exp/features.sfcache");
        Assert.True(File.Exists(cachePath));
        var rejected = File.ReadAllLines(dir.File("exp/features.rejected.jsonl"));
        Assert.Single(rejected, l => l.Contains("\"rejected\"") && l.Contains("created_at"));

        using var ex = ClipFeatureExtractor.FromPretrained(tiny);
        using (var cache = new FeatureCache(cachePath)) Assert.Equal(3, cache.Count(ex.Fingerprint));
        Assert.Equal(0, Program.Run(args)); // everything cached: nothing extracted
        using (var cache = new FeatureCache(cachePath))
        {
            Assert.Equal(3, cache.Count(ex.Fingerprint));
            var posts = Data.Posts.PostReader.Read(dir.File("posts.jsonl")).Posts;
            var f = cache.GetOrExtract(posts, new ThrowingExtractor(ex));
            Assert.Equal(new[] { 1, 0, 0 }, f.Select(x => x.Images.Length));
            Assert.Equal(new[] { 7, 4, 4 }, f.Select(x => x.TextLength));
        }
    }

    private sealed class ThrowingExtractor(IFeatureExtractor inner) : IFeatureExtractor
    {
        public string Fingerprint => inner.Fingerprint;
        public Models.Features.FeatureSpec Spec => inner.Spec;
        public Action<SkippedImage>? ImageSkipped { get; set; }
        public IReadOnlyList<PostFeatures> Extract(IReadOnlyList<Data.Posts.Post> posts, IProgress<int>? progress = null) =>
            throw new InvalidOperationException($"{posts.Count} posts were not cached");
    }
}
