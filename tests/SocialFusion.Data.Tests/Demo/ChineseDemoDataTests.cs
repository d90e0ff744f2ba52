using System.Security.Cryptography;
using System.Text.Json;
using SocialFusion.Data.Demo;
using SocialFusion.Data.Text;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Demo;

/// <summary>
/// The demo collection's languages: English unchanged byte for byte, Chinese the same collection with Weibo-style text.
/// </summary>
public class ChineseDemoDataTests
{
    private static readonly DemoDataOptions Small = new() { Posts = 300, Users = 30, Seed = 11 };

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    private static List<JsonElement> Posts(string dir) =>
        File.ReadAllLines(Path.Combine(dir, "posts.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void English_content_is_byte_identical_to_generator_1_0_0()
    {
        // Hashes of `socialfusion demo-data --posts 300 --users 30 --seed 11` on main before languages existed. Generator
        // 1.1.0 redrew who reshares what (cascades along the follow graph), so posts are compared up to their last three
        // fields (reply_to, repost_of, engagement): ids, users, times, text, images and labels are unchanged.
        using var dir = new TempDir();
        DemoDataGenerator.Generate(Small, dir.Path);
        var content = new MemoryStream();
        foreach (var line in File.ReadAllLines(dir.File("posts.jsonl")))
            content.Write(System.Text.Encoding.UTF8.GetBytes(line[..line.IndexOf(",\"reply_to\":", StringComparison.Ordinal)] + "\n"));
        Assert.Equal("3f442ccef1fe0e2ed0d07c4f5ebd1db72f504d6ff6d54f67e78cda3c9abd5e2d", Convert.ToHexStringLower(SHA256.HashData(content.ToArray())));
        Assert.Equal("0842084a8999c249dcdb4b70d6fd321ee31660cf9abb61a0392c2374128a1682", Sha(dir.File("truth/post_noise.jsonl")));
        Assert.Equal("4ad867682bd52d199e07d81010b3daf0df1a77a6c4f4c1efc30345fedbb6b01a", Sha(dir.File("truth/trends.jsonl")));
    }

    [Fact]
    public void Chinese_is_the_same_collection_with_other_text_and_deterministic()
    {
        using var en = new TempDir(); using var zh = new TempDir(); using var zh2 = new TempDir();
        var zhOptions = Small with { Posts = 200, Language = "zh" };
        DemoDataGenerator.Generate(Small with { Posts = 200 }, en.Path);
        DemoDataGenerator.Generate(zhOptions, zh.Path);
        DemoDataGenerator.Generate(zhOptions, zh2.Path);
        foreach (var f in new[] { "posts.jsonl", "manifest.json", "truth/trends.jsonl", "truth/post_noise.jsonl" })
            Assert.Equal(File.ReadAllBytes(zh.File(f)), File.ReadAllBytes(zh2.File(f)));

        var a = Posts(en.Path); var b = Posts(zh.Path);
        Assert.Equal(a.Count, b.Count);
        int texted = 0;
        for (int i = 0; i < a.Count; i++)
        {
            foreach (var field in new[] { "id", "user_id", "created_at", "images", "labels", "reply_to", "repost_of", "engagement" })
                Assert.Equal(a[i].GetProperty(field).GetRawText(), b[i].GetProperty(field).GetRawText());
            var text = b[i].GetProperty("text");
            Assert.Equal(a[i].GetProperty("text").ValueKind, text.ValueKind);
            if (text.ValueKind != JsonValueKind.String) continue;
            texted++;
            Assert.Contains(text.GetString()!, c => Cjk.IsIdeograph(c));
        }
        Assert.True(texted > 150, $"{texted} texted posts");
        Assert.Equal(File.ReadAllBytes(en.File("truth/post_noise.jsonl")), File.ReadAllBytes(zh.File("truth/post_noise.jsonl")));
        Assert.Equal(File.ReadAllBytes(en.File("truth/cascades.jsonl")), File.ReadAllBytes(zh.File("truth/cascades.jsonl")));
        foreach (var img in Directory.GetFiles(en.File("images")).Order(StringComparer.Ordinal).Take(20))
            Assert.Equal(File.ReadAllBytes(img), File.ReadAllBytes(Path.Combine(zh.File("images"), Path.GetFileName(img))));

        Assert.Equal("zh", DemoDataGenerator.LanguageOf(zh.Path));
        Assert.Equal("en", DemoDataGenerator.LanguageOf(en.Path));
        var e = Assert.Throws<InvalidDataException>(() => DemoDataGenerator.EnsureLanguage(zh.Path, "en"));
        Assert.Contains("'zh'", e.Message);
    }

    [Fact]
    public void Chinese_hashtags_are_closed_weibo_topics_and_trends_burst_in_the_english_windows()
    {
        using var en = new TempDir(); using var zh = new TempDir();
        var o = new DemoDataOptions { Posts = 600, Users = 60, Seed = 7, SpanDays = 60, TrendBursts = 2, TrendIntensity = 0.5 };
        DemoDataGenerator.Generate(o, en.Path);
        DemoDataGenerator.Generate(o with { Language = "zh" }, zh.Path);
        var texts = Posts(zh.Path).Where(p => p.GetProperty("text").ValueKind == JsonValueKind.String).Select(p => p.GetProperty("text").GetString()!).ToList();
        int tagged = 0;
        foreach (var t in texts)
        {
            var tags = Hashtags.Extract(t);
            Assert.All(tags, tag => Assert.Matches("^#[^#\\s]+#$", tag));
            Assert.Equal(t.Count(c => c == '#'), 2 * tags.Count); // no stray '#'
            tagged += tags.Count > 0 ? 1 : 0;
        }
        Assert.True(tagged > 20, $"{tagged} posts with a topic");

        var enTrends = File.ReadAllLines(en.File("truth/trends.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var zhTrends = File.ReadAllLines(zh.File("truth/trends.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(enTrends.Select(t => t.GetProperty("start").GetString()), zhTrends.Select(t => t.GetProperty("start").GetString()));
        foreach (var t in zhTrends)
        {
            var tag = t.GetProperty("tag").GetString()!;
            Assert.Matches("^#\\p{IsCJKUnifiedIdeographs}.*#$", tag);
            Assert.True(texts.Count(x => x.Contains(tag)) >= 5, $"{tag} planted too rarely");
        }
    }

    [Fact]
    public void Phrase_banks_cover_every_location_without_shared_cues()
    {
        var zh = DemoLanguage.Chinese;
        foreach (var loc in DemoLocations.All)
        {
            Assert.True(zh.StrongCues[loc].Length >= 12, $"{loc}: {zh.StrongCues[loc].Length} strong cues");
            Assert.True(zh.WeakCues[loc].Length >= 8, $"{loc}: {zh.WeakCues[loc].Length} weak cues");
            Assert.Contains(loc, zh.PlaceNames.Keys);
        }
        var cues = DemoLocations.All.SelectMany(l => zh.StrongCues[l].Concat(zh.WeakCues[l])).ToList();
        Assert.Equal(cues.Count, cues.Distinct().Count());
        int phrases = cues.Count + zh.MisleadingTemplates.Count + zh.Chatter.Count + zh.Openers.Count + zh.Positive.Count + zh.Negative.Count + zh.Neutral.Count;
        Assert.True(phrases >= 300, $"{phrases} phrases");
        Assert.Equal(DemoLanguage.English.TrendTopics.Count, zh.TrendTopics.Count);
        Assert.Equal("#心情#", zh.Hashtag("心情"));
        Assert.Equal("#mood", DemoLanguage.English.Hashtag("mood"));
    }

    [Fact]
    public void Unknown_language_names_the_field()
    {
        var e = Assert.Throws<ArgumentException>(() => DemoDataGenerator.Generate(new DemoDataOptions { Language = "fr" }, "unused"));
        Assert.Contains(nameof(DemoDataOptions.Language), e.Message);
        Assert.Contains("zh", e.Message);
    }
}
