using System.Globalization;
using System.Text.Json;

namespace SocialFusion.Data.Text;

/// <summary>
/// Subword (BPE) tokenizer for social text. Pre-tokens come from <see cref="SocialPreTokenizer"/>; each is split
/// into grapheme clusters (so an emoji ZWJ sequence is one symbol) and merged by the learned merges in rank order.
/// Ids: the special tokens first (<c>&lt;pad&gt;</c> = 0), then base symbols, then merged symbols.
/// Train with <see cref="SocialTokenizerTrainer"/>.
/// </summary>
public sealed class SocialTokenizer
{
    /// <summary>Special tokens, in id order.</summary>
    public static readonly IReadOnlyList<string> SpecialTokens = ["<pad>", "<unk>", "<cls>", SocialPreTokenizer.Url, SocialPreTokenizer.User];
    public const int PadId = 0, UnkId = 1, ClsId = 2, UrlId = 3, UserId = 4;

    private readonly Dictionary<string, int> _ids;
    private readonly Dictionary<(string, string), int> _ranks;
    private readonly Dictionary<string, int[]> _cache = new();

    /// <summary>Token strings by id.</summary>
    public IReadOnlyList<string> Vocabulary { get; }
    /// <summary>Merges in learned order.</summary>
    public IReadOnlyList<(string Left, string Right)> Merges { get; }
    /// <summary>Number of ids.</summary>
    public int VocabSize => Vocabulary.Count;

    /// <summary>Builds a tokenizer from a vocabulary (specials first) and merges.</summary>
    public SocialTokenizer(IReadOnlyList<string> vocabulary, IReadOnlyList<(string, string)> merges)
    {
        for (int i = 0; i < SpecialTokens.Count; i++)
            if (vocabulary.Count <= i || vocabulary[i] != SpecialTokens[i])
                throw new ArgumentException($"vocabulary entry {i} must be the special token {SpecialTokens[i]}", nameof(vocabulary));
        Vocabulary = vocabulary;
        Merges = merges;
        _ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < vocabulary.Count; i++)
            if (!_ids.TryAdd(vocabulary[i], i)) throw new ArgumentException($"vocabulary has '{vocabulary[i]}' twice (ids {_ids[vocabulary[i]]} and {i})", nameof(vocabulary));
        _ranks = new Dictionary<(string, string), int>();
        for (int r = 0; r < merges.Count; r++) _ranks.TryAdd(merges[r], r);
    }

    /// <summary>Id of a token string, or <see cref="UnkId"/>.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out var id) ? id : UnkId;

    /// <summary>
    /// Encodes <paramref name="text"/> to at most <paramref name="maxLength"/> ids (truncating at the end);
    /// with <paramref name="addCls"/> the first id is <see cref="ClsId"/>. Never throws on any string.
    /// </summary>
    public int[] Encode(string? text, int maxLength = int.MaxValue, bool addCls = false)
    {
        if (maxLength < 0) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "max length must be >= 0");
        var ids = new List<int>();
        if (addCls) ids.Add(ClsId);
        if (!string.IsNullOrEmpty(text))
            foreach (var pre in SocialPreTokenizer.Split(text))
            {
                if (ids.Count >= maxLength) break;
                ids.AddRange(EncodeWord(pre));
            }
        if (ids.Count > maxLength) ids.RemoveRange(maxLength, ids.Count - maxLength);
        return ids.ToArray();
    }

    /// <summary>Token strings for <paramref name="ids"/> (for showing which tokens drove a prediction).</summary>
    public string[] Tokens(IEnumerable<int> ids) => ids.Select(i => i >= 0 && i < Vocabulary.Count ? Vocabulary[i] : "<unk>").ToArray();

    private int[] EncodeWord(string word)
    {
        if (word is SocialPreTokenizer.Url) return [UrlId];
        if (word is SocialPreTokenizer.User) return [UserId];
        if (_cache.TryGetValue(word, out var cached)) return cached;
        var symbols = ApplyMerges(Symbols(word), _ranks);
        var ids = symbols.Select(IdOf).ToArray();
        if (_cache.Count < 100_000) _cache[word] = ids;
        return ids;
    }

    /// <summary>Grapheme clusters of a pre-token.</summary>
    internal static List<string> Symbols(string word)
    {
        var list = new List<string>();
        var e = StringInfo.GetTextElementEnumerator(word);
        while (e.MoveNext()) list.Add((string)e.Current);
        return list;
    }

    /// <summary>Repeatedly merges the adjacent pair with the lowest rank.</summary>
    internal static List<string> ApplyMerges(List<string> symbols, IReadOnlyDictionary<(string, string), int> ranks)
    {
        while (symbols.Count > 1)
        {
            int best = -1, bestRank = int.MaxValue;
            for (int i = 0; i + 1 < symbols.Count; i++)
                if (ranks.TryGetValue((symbols[i], symbols[i + 1]), out var r) && r < bestRank) { bestRank = r; best = i; }
            if (best < 0) break;
            symbols[best] += symbols[best + 1];
            symbols.RemoveAt(best + 1);
        }
        return symbols;
    }

    private sealed record Json(int Version, List<string> Vocabulary, List<string[]> Merges);

    /// <summary>Writes the tokenizer as JSON.</summary>
    public void Save(string path) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new Json(1, Vocabulary.ToList(), Merges.Select(m => new[] { m.Left, m.Right }).ToList())));

    /// <summary>Reads a tokenizer written by <see cref="Save"/>; clear errors on malformed files.</summary>
    public static SocialTokenizer Load(string path)
    {
        Json? j;
        try { j = JsonSerializer.Deserialize<Json>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not a SocialFusion tokenizer JSON ({e.Message})", e); }
        if (j?.Vocabulary == null || j.Merges == null) throw new InvalidDataException($"{path}: missing 'Vocabulary' or 'Merges'");
        var merges = new List<(string, string)>();
        for (int i = 0; i < j.Merges.Count; i++)
        {
            if (j.Merges[i] is not { Length: 2 } m) throw new InvalidDataException($"{path}: merge {i} must have exactly two parts");
            merges.Add((m[0], m[1]));
        }
        try { return new SocialTokenizer(j.Vocabulary, merges); }
        catch (ArgumentException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
    }
}
