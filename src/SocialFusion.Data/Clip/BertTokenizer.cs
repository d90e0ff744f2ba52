using System.Text;
using System.Text.Json;

namespace SocialFusion.Data.Clip;

/// <summary>
/// Chinese-CLIP's tokenizer: BERT WordPiece over <c>vocab.txt</c> (Devlin et al. 2019; Hugging Face
/// <c>BertTokenizer</c>, <c>cn_clip.clip.tokenize</c>). Literal special-token strings in the text (<c>[CLS]</c>,
/// <c>[MASK]</c>, ...) are kept as those tokens, as Hugging Face's tokenizer does; every other stretch goes through
/// <see cref="BertBasicTokenizer"/> and <see cref="WordPieceTokenizer"/>. The model input is
/// <c>[CLS]</c> + the first <c>ContextLength - 2</c> pieces + <c>[SEP]</c>, padded with <c>[PAD]</c>.
/// Special-token ids come from the vocabulary. Thread-safe.
/// </summary>
public sealed class BertTokenizer : IClipTokenizer
{
    /// <summary><c>cn_clip.clip.tokenize</c>'s context length, used when <c>tokenizer_config.json</c> gives none.</summary>
    public const int DefaultContextLength = 52;

    /// <summary>Id of the classification (start) token.</summary>
    public int ClsId { get; }
    /// <summary>Id of the separator (end) token.</summary>
    public int SepId { get; }
    /// <summary>Id of the padding token.</summary>
    public int PadId { get; }
    /// <summary>Id of the unknown token.</summary>
    public int UnkId { get; }
    /// <summary>Vocabulary size.</summary>
    public int VocabSize => _idToToken.Length;
    /// <inheritdoc />
    public int ContextLength { get; }
    /// <summary>The basic tokenization settings.</summary>
    public BertBasicTokenizer Basic { get; }

    private readonly Dictionary<string, int> _vocab;
    private readonly string[] _idToToken;
    private readonly WordPieceTokenizer _wordPiece;
    private readonly string[] _specialTokens; // longest first, matched case-sensitively

    /// <summary>Builds the tokenizer from a vocabulary (id = position) and the special-token strings.</summary>
    public BertTokenizer(IReadOnlyList<string> vocabulary, BertBasicTokenizer basic, int contextLength = DefaultContextLength,
        string cls = "[CLS]", string sep = "[SEP]", string pad = "[PAD]", string unk = "[UNK]", string mask = "[MASK]", string source = "vocabulary")
    {
        if (contextLength < 2) throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "must be at least 2 ([CLS] and [SEP])");
        _vocab = new Dictionary<string, int>(vocabulary.Count, StringComparer.Ordinal);
        // As Hugging Face's load_vocab: a repeated line keeps its last id.
        for (int i = 0; i < vocabulary.Count; i++) _vocab[vocabulary[i]] = i;
        _idToToken = vocabulary.ToArray();
        int Id(string token, string role) => _vocab.TryGetValue(token, out var id) ? id
            : throw new InvalidDataException($"{source}: the {role} token '{token}' is not in the vocabulary");
        ClsId = Id(cls, "cls"); SepId = Id(sep, "sep"); PadId = Id(pad, "pad"); UnkId = Id(unk, "unk");
        var specials = new List<string> { cls, sep, pad, unk };
        if (_vocab.ContainsKey(mask)) specials.Add(mask);
        _specialTokens = specials.Distinct().OrderByDescending(s => s.Length).ToArray();
        Basic = basic;
        ContextLength = contextLength;
        _wordPiece = new WordPieceTokenizer(_vocab, unk);
    }

    /// <summary>
    /// Loads <c>vocab.txt</c> from <paramref name="dir"/> with the settings of <c>tokenizer_config.json</c> and
    /// <c>special_tokens_map.json</c> when present (do_lower_case, tokenize_chinese_chars, strip_accents,
    /// model_max_length, special-token strings); absent files or fields take Hugging Face's BERT defaults and a
    /// context length of 52.
    /// </summary>
    public static BertTokenizer FromDirectory(string dir)
    {
        var vocabPath = Path.Combine(dir, "vocab.txt");
        if (!File.Exists(vocabPath)) throw new FileNotFoundException($"{dir}: vocab.txt is missing (a Chinese-CLIP folder needs the BERT vocabulary, see docs/clip.md)", vocabPath);
        var text = File.ReadAllText(vocabPath, Encoding.UTF8);
        var lines = text.Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1); // the final line end
        if (lines.Count == 0) throw new InvalidDataException($"{vocabPath}: the vocabulary is empty");

        var config = ReadJson(Path.Combine(dir, "tokenizer_config.json"));
        var map = ReadJson(Path.Combine(dir, "special_tokens_map.json"));
        string Special(string field, string fallback) => TokenString(map, field) ?? TokenString(config, field) ?? fallback;
        var basic = new BertBasicTokenizer(Bool(config, "do_lower_case") ?? true, Bool(config, "tokenize_chinese_chars") ?? true, Bool(config, "strip_accents"));
        int context = DefaultContextLength;
        // HF writes a huge sentinel (1e30) when the length is unset; only a real length counts.
        if (config is { } c && c.TryGetProperty("model_max_length", out var m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out int len) && len < 1_000_000)
            context = len;
        return new BertTokenizer(lines, basic, context, Special("cls_token", "[CLS]"), Special("sep_token", "[SEP]"), Special("pad_token", "[PAD]"),
            Special("unk_token", "[UNK]"), Special("mask_token", "[MASK]"), vocabPath);
    }

    /// <summary>The WordPiece tokens of <paramref name="text"/> (no [CLS]/[SEP]); literal special tokens stay whole.</summary>
    public List<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        int from = 0;
        for (int i = 0; i < text.Length;)
        {
            var special = _specialTokens.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0);
            if (special is null) { i++; continue; }
            Pieces(text[from..i], tokens);
            tokens.Add(special);
            i += special.Length;
            from = i;
        }
        Pieces(text[from..], tokens);
        return tokens;
    }

    private void Pieces(string chunk, List<string> into)
    {
        if (chunk.Length == 0) return;
        foreach (var word in Basic.Tokenize(chunk)) _wordPiece.Tokenize(word, into);
    }

    /// <inheritdoc />
    public int[] Encode(string text) => Tokens(text).Select(t => _vocab[t]).ToArray();

    /// <inheritdoc />
    public long[] Tokenize(string text, int contextLength)
    {
        var ids = TokenIds(text, contextLength);
        var result = new long[contextLength];
        Array.Copy(ids, result, ids.Length);
        for (int i = ids.Length; i < contextLength; i++) result[i] = PadId;
        return result;
    }

    /// <summary><see cref="Tokenize(string,int)"/> at <see cref="ContextLength"/>.</summary>
    public long[] Tokenize(string text) => Tokenize(text, ContextLength);

    /// <inheritdoc />
    public long[] TokenIds(string text) => TokenIds(text, ContextLength);

    /// <summary>[CLS] + the first <paramref name="contextLength"/> - 2 pieces + [SEP], not padded.</summary>
    public long[] TokenIds(string text, int contextLength)
    {
        if (contextLength < 2) throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "must be at least 2 ([CLS] and [SEP])");
        var pieces = Encode(text);
        int n = Math.Min(pieces.Length, contextLength - 2);
        var ids = new long[n + 2];
        ids[0] = ClsId;
        for (int i = 0; i < n; i++) ids[i + 1] = pieces[i];
        ids[n + 1] = SepId;
        return ids;
    }

    /// <summary>The attention mask of padded ids: 1 up to and including [SEP], 0 for the padding after it.</summary>
    public static long[] AttentionMask(int length, int contextLength)
    {
        var mask = new long[contextLength];
        for (int i = 0; i < Math.Min(length, contextLength); i++) mask[i] = 1;
        return mask;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> TokenStrings(IReadOnlyList<long> ids) =>
        ids.Select(id => id >= 0 && id < _idToToken.Length ? _idToToken[id] : throw new ArgumentException($"token id {id} is not in the vocabulary (size {VocabSize})", nameof(ids))).ToArray();

    private static JsonElement? ReadJson(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone()
                : throw new InvalidDataException($"{path}: expected a JSON object");
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
    }

    private static bool? Bool(JsonElement? e, string field) =>
        e is { } o && o.TryGetProperty(field, out var v) ? v.ValueKind switch
        {
            JsonValueKind.True => true, JsonValueKind.False => false, JsonValueKind.Null => null,
            _ => throw new InvalidDataException($"tokenizer setting '{field}' must be true, false or null, found {v}"),
        } : null;

    // Special tokens are written either as "[CLS]" or as {"content": "[CLS]", ...} (AddedToken).
    private static string? TokenString(JsonElement? e, string field) =>
        e is { } o && o.TryGetProperty(field, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Object when v.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
            _ => null,
        } : null;
}
