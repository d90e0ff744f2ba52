using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using SocialFusion.Data.Clip;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Clip;

/// <summary>Parity of <see cref="ClipTokenizer"/> with OpenAI's tokenizer on the 529 reference cases.</summary>
public sealed class ClipTokenizerTests
{
    private sealed record Case(string Text, string Cleaned, string[] Pretokens, int[] BpeIds, long[] InputIds77);

    private static readonly Lazy<ClipTokenizer?> Shared = new(() =>
        SharedData.Root is { } root && Directory.Exists(Path.Combine(root, "clip-reference/tiny-clip"))
            ? ClipTokenizer.FromDirectory(Path.Combine(root, "clip-reference/tiny-clip")) : null);

    private static (ClipTokenizer Tokenizer, List<Case> Cases) Load()
    {
        var dir = SharedData.RequireDirectory("clip-reference");
        var cases = new List<Case>();
        foreach (var line in File.ReadLines(Path.Combine(dir, "tokenizer/cases.jsonl"), Encoding.UTF8))
        {
            if (line.Length == 0) continue;
            var e = JsonDocument.Parse(line).RootElement;
            cases.Add(new Case(e.GetProperty("text").GetString()!, e.GetProperty("cleaned").GetString()!,
                e.GetProperty("pretokens").EnumerateArray().Select(x => x.GetString()!).ToArray(),
                e.GetProperty("bpe_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                e.GetProperty("input_ids_77").EnumerateArray().Select(x => x.GetInt64()).ToArray()));
        }
        Assert.Equal(529, cases.Count);
        return (Shared.Value!, cases);
    }

    private static string Show(string s) => JsonSerializer.Serialize(s);

    private static void AssertAll(List<Case> cases, Func<Case, (string Expected, string Actual)> check)
    {
        var failures = new List<string>();
        foreach (var c in cases)
        {
            string expected, actual;
            try { (expected, actual) = check(c); }
            catch (Exception e) { expected = "(no exception)"; actual = e.GetType().Name + ": " + e.Message; }
            if (expected != actual) failures.Add($"text={Show(c.Text)}\n  expected {expected}\n  actual   {actual}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count}/{cases.Count} cases differ:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Cleaned_MatchesReference()
    {
        var (_, cases) = Load();
        AssertAll(cases, c => (Show(c.Cleaned), Show(ClipTextCleaner.Clean(c.Text))));
    }

    [Fact]
    public void Pretokens_MatchReference()
    {
        var (_, cases) = Load();
        AssertAll(cases, c => (JsonSerializer.Serialize(c.Pretokens), JsonSerializer.Serialize(ClipPreTokenizer.Split(c.Cleaned))));
    }

    [Fact]
    public void BpeIds_MatchReference()
    {
        var (tok, cases) = Load();
        AssertAll(cases, c => (string.Join(",", c.BpeIds), string.Join(",", tok.Encode(c.Text))));
    }

    [Fact]
    public void InputIds77_MatchReference()
    {
        var (tok, cases) = Load();
        AssertAll(cases, c => (string.Join(",", c.InputIds77), string.Join(",", tok.Tokenize(c.Text))));
    }

    [Fact]
    public void BatchTokenize_EqualsSingle()
    {
        var (tok, cases) = Load();
        var texts = cases.Select(c => c.Text).ToArray();
        var rows = tok.Tokenize(texts);
        for (int i = 0; i < texts.Length; i++) Assert.Equal(cases[i].InputIds77, rows[i]);
    }

    [Fact]
    public void OpenAiGz_BuildsTheSameVocabularyAsHfFiles()
    {
        var (tok, cases) = Load();
        var fromGz = ClipTokenizer.FromOpenAiBpeGz(Path.Combine(SharedData.RequireDirectory("clip-reference"), "tokenizer/bpe_simple_vocab_16e6.txt.gz"));
        Assert.Equal(49408, fromGz.VocabSize);
        Assert.Equal((49406, 49407), (fromGz.StartOfText, fromGz.EndOfText));
        foreach (var c in cases) Assert.Equal(c.BpeIds, fromGz.Encode(c.Text));
    }

    [Fact]
    public void Decode_RoundTripsCleanedAsciiText()
    {
        var (tok, _) = Load();
        Assert.Equal("a photo of a cat ", tok.Decode(tok.Encode("A photo of a  cat")));
    }

    [Fact]
    public void Tokenize_WithoutTruncation_ThrowsForLongText()
    {
        var (tok, _) = Load();
        var text = string.Join(" ", Enumerable.Repeat("word", 100));
        var e = Assert.Throws<ArgumentException>(() => tok.Tokenize(text, truncate: false));
        Assert.Contains("context length 77", e.Message);
    }

    [Fact]
    public void Tokenize_ArbitraryStrings_Always77WithEot()
    {
        var (tok, _) = Load();
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), (string s) =>
        {
            var ids = tok.Tokenize(s ?? "");
            return ids.Length == 77 && ids[0] == 49406 && ids.Contains(49407L)
                   && ids.SkipWhile(i => i != 49407).Skip(1).All(i => i == 0 || ids[76] == 49407);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tokenize_ArbitraryCodePoints_NeverThrows()
    {
        var (tok, _) = Load();
        var cp = Gen.Choose(0, 0x10FFFF).Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32);
        var text = cp.ListOf().Select(l => string.Concat(l));
        Prop.ForAll(text.ToArbitrary(), s => tok.Tokenize(s).Length == 77 && tok.Tokenize(s).Contains(49407L))
            .QuickCheckThrowOnFailure();
    }
}
