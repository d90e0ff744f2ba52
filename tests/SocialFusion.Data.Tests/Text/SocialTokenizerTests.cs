using FsCheck;
using FsCheck.Fluent;
using SocialFusion.Data.Text;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Text;

public class SocialTokenizerTests
{
    private static readonly string[] Corpus =
    [
        "Sunset at the pier again #BeachLife 🌅 https://t.co/abc",
        "@maria the pier was packed today, 20 people at least!!!",
        "coffee then the pier. #beachlife #sunset",
        "family 👨‍👩‍👧 walk by the pier 👨‍👩‍👧",
        "the market opens at 9:30... come early",
        "the market was great 😀😀 www.example.com/x",
    ];

    private static SocialTokenizer Trained() => SocialTokenizerTrainer.Train(Corpus, new SocialTokenizerOptions(200, 2));

    [Fact]
    public void PreTokenizer_ReplacesUrlsMentions_KeepsHashtagsEmojiNumbersPunctuation()
    {
        var pre = SocialPreTokenizer.Split("Hi @Bob_1! See https://x.co/a?b=1 #SunSet 👨‍👩‍👧 at 9:30...");
        Assert.Equal(["hi", "<user>", "!", "see", "<url>", "#", "sunset", "👨‍👩‍👧", "at", "9", ":", "30", "..."], pre);
    }

    [Fact]
    public void PreTokenizer_AppliesNfkcAndLowerCase()
    {
        // Full-width letters and the "ﬁ" ligature normalise to plain ASCII.
        Assert.Equal(["fine"], SocialPreTokenizer.Split("ＦＩＮＥ"));
        Assert.Equal(["file"], SocialPreTokenizer.Split("ﬁle"));
    }

    [Fact]
    public void Encode_SpecialTokensAndEmojiSequences()
    {
        var tok = Trained();
        var ids = tok.Encode("@someone look https://a.b/c 👨‍👩‍👧");
        Assert.Equal(SocialTokenizer.UserId, ids[0]);
        Assert.Contains(SocialTokenizer.UrlId, ids);
        // The family emoji (a ZWJ sequence of 5 code points) occurs twice in the corpus: one token.
        Assert.Equal("👨‍👩‍👧", tok.Tokens([ids[^1]])[0]);
        Assert.Equal(tok.IdOf("#"), tok.Encode("#beachlife")[0]);
    }

    [Fact]
    public void Encode_UnknownCharacters_MapToUnk()
    {
        var tok = Trained();
        Assert.Equal([SocialTokenizer.UnkId], tok.Encode("ж"));
        Assert.Equal(SocialTokenizer.ClsId, tok.Encode("pier", addCls: true)[0]);
    }

    [Fact]
    public void Train_LearnsMergesForFrequentWords()
    {
        var tok = Trained();
        Assert.Single(tok.Encode("pier"));
        Assert.True(tok.Encode("pier").All(i => i > SocialTokenizer.UnkId));
        Assert.True(tok.Merges.Count > 0);
        Assert.True(tok.VocabSize <= 200);
    }

    [Fact]
    public void Train_IsDeterministic_AndRespectsVocabSize()
    {
        var a = SocialTokenizerTrainer.Train(Corpus, new SocialTokenizerOptions(40, 1));
        var b = SocialTokenizerTrainer.Train(Corpus.Reverse(), new SocialTokenizerOptions(40, 1));
        Assert.Equal(a.Vocabulary, b.Vocabulary);
        Assert.Equal(a.Merges, b.Merges);
        Assert.Equal(40, a.VocabSize);
    }

    [Fact]
    public void SaveLoad_RoundTrips()
    {
        using var dir = new TempDir();
        var tok = Trained();
        tok.Save(dir.File("tok.json"));
        var loaded = SocialTokenizer.Load(dir.File("tok.json"));
        Assert.Equal(tok.Vocabulary, loaded.Vocabulary);
        foreach (var t in Corpus) Assert.Equal(tok.Encode(t), loaded.Encode(t));
    }

    [Fact]
    public void Load_Malformed_NamesFile()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.json"), "{\"Vocabulary\": [\"x\"], \"Merges\": []}");
        var e = Assert.Throws<InvalidDataException>(() => SocialTokenizer.Load(dir.File("bad.json")));
        Assert.Contains("bad.json", e.Message);
        Assert.Contains("<pad>", e.Message);
    }

    [Fact]
    public void Encode_ArbitraryStrings_NeverThrowsAndRespectsMaxLength()
    {
        var tok = Trained();
        var cp = Gen.Choose(0, 0x1FFFF).Select(c => c is >= 0xD800 and <= 0xDFFF ? ((char)c).ToString() : char.ConvertFromUtf32(c));
        var text = Gen.OneOf(cp, Gen.Elements("@a", "#", "#x", "http://", " ", "\u200D", "👨‍👩‍👧", "1.5", "!!"))
            .ListOf().Select(l => string.Concat(l));
        Prop.ForAll(text.ToArbitrary(), Gen.Choose(0, 12).ToArbitrary(), (s, max) =>
        {
            var ids = tok.Encode(s, max);
            return ids.Length <= max && ids.All(i => i >= 0 && i < tok.VocabSize);
        }).QuickCheckThrowOnFailure();
    }
}
