using System.Text;
using System.Text.Json;
using SocialFusion.Data.Clip;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Clip;

/// <summary>Parity of <see cref="BertTokenizer"/> with Hugging Face's BertTokenizer on the 286 Chinese-CLIP reference cases.</summary>
public sealed class BertTokenizerTests(ITestOutputHelper output)
{
    private sealed record Case(int Index, string Text, string[] BasicTokens, string[] Tokens, long[] Ids, long[] InputIds, long[] Mask,
        string[]? HfTokens, long[]? HfInputIds, long[]? HfMask);

    private static (BertTokenizer Tokenizer, List<Case> Cases) Load()
    {
        var dir = SharedData.RequireDirectory("chinese-clip-reference");
        var cases = new List<Case>();
        static string[] S(JsonElement e, string f) => e.GetProperty(f).EnumerateArray().Select(x => x.GetString()!).ToArray();
        static long[] L(JsonElement e, string f) => e.GetProperty(f).EnumerateArray().Select(x => x.GetInt64()).ToArray();
        foreach (var line in File.ReadLines(Path.Combine(dir, "tokenizer/cases.jsonl"), Encoding.UTF8))
        {
            if (line.Length == 0) continue;
            var e = JsonDocument.Parse(line).RootElement;
            bool hf = e.TryGetProperty("hf_input_ids", out _);
            cases.Add(new Case(e.GetProperty("index").GetInt32(), e.GetProperty("text").GetString()!, S(e, "basic_tokens"), S(e, "tokens"),
                L(e, "ids"), L(e, "input_ids"), L(e, "attention_mask"),
                hf ? S(e, "hf_tokens") : null, hf ? L(e, "hf_input_ids") : null, hf ? L(e, "hf_attention_mask") : null));
        }
        Assert.Equal(286, cases.Count);
        return (BertTokenizer.FromDirectory(Path.Combine(dir, "tiny-chinese-clip")), cases);
    }

    private void AssertAll(List<Case> cases, string what, Func<Case, (string Expected, string Actual)> check)
    {
        var failures = cases.Select(c => (c, r: check(c))).Where(x => x.r.Expected != x.r.Actual)
            .Select(x => $"#{x.c.Index} {JsonSerializer.Serialize(x.c.Text)}: expected {x.r.Expected}, got {x.r.Actual}").ToList();
        output.WriteLine($"{what}: {cases.Count - failures.Count} / {cases.Count} cases match");
        Assert.True(failures.Count == 0, $"{failures.Count} {what} mismatches:\n" + string.Join("\n", failures.Take(20)));
    }

    private static string J<T>(IEnumerable<T> v) => JsonSerializer.Serialize(v.ToArray());

    [Fact]
    public void BasicTokens_MatchEveryCase()
    {
        var (tok, cases) = Load();
        AssertAll(cases, "basic_tokens", c => (J(c.BasicTokens), J(tok.Basic.Tokenize(c.Text))));
    }

    [Fact]
    public void WordPieces_MatchEveryCase()
    {
        var (tok, cases) = Load();
        var wp = new WordPieceTokenizer(File.ReadAllLines(Path.Combine(SharedData.RequireDirectory("chinese-clip-reference/tiny-chinese-clip"), "vocab.txt"))
            .Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i), "[UNK]");
        AssertAll(cases, "tokens", c =>
        {
            var pieces = new List<string>();
            foreach (var w in c.BasicTokens) wp.Tokenize(w, pieces);
            return (J(c.Tokens), J(pieces));
        });
    }

    [Fact]
    public void InputIdsAndMasks_MatchHuggingFaceOnEveryCase()
    {
        var (tok, cases) = Load();
        Assert.Equal(5, cases.Count(c => c.HfInputIds is not null));
        AssertAll(cases, "input_ids + attention_mask", c =>
        {
            var ids = tok.Tokenize(c.Text);
            var mask = BertTokenizer.AttentionMask(tok.TokenIds(c.Text).Length, tok.ContextLength);
            return (J(c.HfInputIds ?? c.InputIds) + J(c.HfMask ?? c.Mask), J(ids) + J(mask));
        });
        // Untruncated ids (cases without literal special tokens: there the ids field is the plain BasicTokenizer's).
        AssertAll(cases.Where(c => c.HfInputIds is null).ToList(), "ids (untruncated)", c => (J(c.Ids), J(tok.TokenIds(c.Text, 100_000))));
        AssertAll(cases.Where(c => c.HfTokens is not null).ToList(), "hf_tokens", c => (J(c.HfTokens!), J(tok.Tokens(c.Text))));
    }

    [Fact]
    public void SpecialTokenIds_AreReadFromTheVocabulary()
    {
        var dir = Directory.CreateTempSubdirectory("sf-bert-vocab").FullName;
        try
        {
            // Special tokens placed where bert-base-chinese has them (100-103), not at 1-4.
            var vocab = new List<string> { "[PAD]" };
            for (int i = 1; i < 100; i++) vocab.Add($"[unused{i}]");
            vocab.AddRange(["[UNK]", "[CLS]", "[SEP]", "[MASK]", "你", "好", "hello", "##s"]);
            File.WriteAllText(Path.Combine(dir, "vocab.txt"), string.Join("\n", vocab) + "\n");
            var tok = BertTokenizer.FromDirectory(dir);
            Assert.Equal((0, 100, 101, 102), (tok.PadId, tok.UnkId, tok.ClsId, tok.SepId));
            Assert.Equal(52, tok.ContextLength);
            Assert.Equal(new long[] { 101, 104, 105, 106, 107, 100, 102 }, tok.TokenIds("你好 HELLOs 吗"));
            Assert.Equal(new long[] { 101, 104, 102, 0, 0 }, tok.Tokenize("你", 5));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void MissingVocabularyOrSpecialToken_IsAClearError()
    {
        var dir = Directory.CreateTempSubdirectory("sf-bert-vocab").FullName;
        try
        {
            var e = Assert.Throws<FileNotFoundException>(() => BertTokenizer.FromDirectory(dir));
            Assert.Contains("vocab.txt is missing", e.Message);
            File.WriteAllText(Path.Combine(dir, "vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n你\n");
            var e2 = Assert.Throws<InvalidDataException>(() => BertTokenizer.FromDirectory(dir));
            Assert.Contains("sep token '[SEP]' is not in the vocabulary", e2.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void CasedSettings_KeepCaseAndAccents()
    {
        // tokenize_chinese_chars and do_lower_case as configured: cased keeps "Café" whole, uncased strips the accent.
        Assert.Equal(["Café", "中", "文"], new BertBasicTokenizer(DoLowerCase: false).Tokenize("Café中文"));
        Assert.Equal(["cafe", "中", "文"], new BertBasicTokenizer().Tokenize("Café中文"));
        Assert.Equal(["café中文"], new BertBasicTokenizer(TokenizeChineseChars: false, StripAccents: false).Tokenize("Café中文"));
    }
}
