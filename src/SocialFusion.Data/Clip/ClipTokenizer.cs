using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace SocialFusion.Data.Clip;

/// <summary>
/// OpenAI CLIP's byte-level BPE tokenizer (<c>clip/simple_tokenizer.py</c> + <c>clip.tokenize</c>), id-exact:
/// text cleaning (<see cref="ClipTextCleaner"/>), code-point pre-tokenizer (<see cref="ClipPreTokenizer"/>),
/// byte-to-unicode mapping, BPE with <c>&lt;/w&gt;</c> word ends. Thread-safe.
/// </summary>
public sealed class ClipTokenizer : IClipTokenizer
{
    /// <summary>OpenAI CLIP's context length.</summary>
    public const int DefaultContextLength = 77;

    /// <inheritdoc />
    public int ContextLength => DefaultContextLength;

    /// <summary>Id of <c>&lt;|startoftext|&gt;</c> in the CLIP vocabulary.</summary>
    public int StartOfText { get; }
    /// <summary>Id of <c>&lt;|endoftext|&gt;</c> in the CLIP vocabulary.</summary>
    public int EndOfText { get; }
    /// <summary>Vocabulary size (49408 for CLIP).</summary>
    public int VocabSize => _encoder.Count;

    private readonly Dictionary<string, int> _encoder;
    private readonly Dictionary<int, string> _decoder;
    private readonly Dictionary<(string, string), int> _ranks;
    private const int MaxCacheEntries = 200_000;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private static readonly string[] ByteToUnicode = BuildByteToUnicode();
    private static readonly Dictionary<char, byte> UnicodeToByte = Enumerable.Range(0, 256).ToDictionary(b => ByteToUnicode[b][0], b => (byte)b);

    private ClipTokenizer(Dictionary<string, int> encoder, IReadOnlyList<(string, string)> merges, string source)
    {
        _encoder = encoder;
        _decoder = encoder.ToDictionary(kv => kv.Value, kv => kv.Key);
        _ranks = new Dictionary<(string, string), int>(merges.Count);
        for (int i = 0; i < merges.Count; i++) _ranks.TryAdd(merges[i], i);
        StartOfText = encoder.TryGetValue("<|startoftext|>", out var sot) ? sot : throw new InvalidDataException($"{source}: vocabulary has no <|startoftext|>");
        EndOfText = encoder.TryGetValue("<|endoftext|>", out var eot) ? eot : throw new InvalidDataException($"{source}: vocabulary has no <|endoftext|>");
        _cache["<|startoftext|>"] = [StartOfText];
        _cache["<|endoftext|>"] = [EndOfText];
    }

    /// <summary>Loads the Hugging Face layout: <c>vocab.json</c> and <c>merges.txt</c> in <paramref name="dir"/>.</summary>
    public static ClipTokenizer FromDirectory(string dir) =>
        FromFiles(Path.Combine(dir, "vocab.json"), Path.Combine(dir, "merges.txt"));

    /// <summary>Loads a HF <c>vocab.json</c> (token to id) and <c>merges.txt</c> (first line is a header).</summary>
    public static ClipTokenizer FromFiles(string vocabPath, string mergesPath)
    {
        Dictionary<string, int> vocab;
        try { vocab = JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(vocabPath)) ?? throw new InvalidDataException("null"); }
        catch (JsonException e) { throw new InvalidDataException($"{vocabPath}: not a JSON object of token to id ({e.Message})", e); }
        var lines = File.ReadAllLines(mergesPath, Encoding.UTF8);
        var merges = new List<(string, string)>(lines.Length);
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0) continue;
            var parts = lines[i].Split(' ');
            if (parts.Length != 2) throw new InvalidDataException($"{mergesPath}: line {i + 1} is not 'left right': '{lines[i]}'");
            merges.Add((parts[0], parts[1]));
        }
        return new ClipTokenizer(vocab, merges, vocabPath);
    }

    /// <summary>Builds the vocabulary from OpenAI's <c>bpe_simple_vocab_16e6.txt.gz</c> exactly as <c>SimpleTokenizer</c>.</summary>
    public static ClipTokenizer FromOpenAiBpeGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n');
        const int mergeCount = 49152 - 256 - 2;  // lines[1 : 49152-256-2+1]
        if (lines.Length < mergeCount + 1) throw new InvalidDataException($"{path}: {lines.Length} lines, expected at least {mergeCount + 1}");
        var merges = new List<(string, string)>(mergeCount);
        for (int i = 1; i <= mergeCount; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length != 2) throw new InvalidDataException($"{path}: line {i + 1} is not 'left right'");
            merges.Add((parts[0], parts[1]));
        }
        var vocab = new Dictionary<string, int>(49408, StringComparer.Ordinal);
        // bytes_to_unicode() order: the printable bytes first, then the remapped ones.
        var order = ByteToUnicode.OrderBy(u => u[0]).ToArray();
        foreach (var u in order) vocab.Add(u, vocab.Count);
        foreach (var u in order) vocab.Add(u + "</w>", vocab.Count);
        foreach (var (a, b) in merges) vocab.TryAdd(a + b, vocab.Count);
        vocab.Add("<|startoftext|>", vocab.Count);
        vocab.Add("<|endoftext|>", vocab.Count);
        return new ClipTokenizer(vocab, merges, path);
    }

    /// <summary>BPE ids of <paramref name="text"/>, without start/end tokens and never truncated.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>();
        foreach (var token in ClipPreTokenizer.Split(ClipTextCleaner.Clean(text)))
        {
            if (!_cache.TryGetValue(token, out var pieces))
            {
                pieces = Bpe(token);
                // Bounded so that a stream of unique junk tokens cannot grow memory without limit.
                if (_cache.Count < MaxCacheEntries) _cache.TryAdd(token, pieces);
            }
            ids.AddRange(pieces);
        }
        return ids.ToArray();
    }

    /// <summary>
    /// <c>clip.tokenize</c>: SOT + ids + EOT padded with 0 to <paramref name="contextLength"/>. When too long,
    /// keeps the first ids and puts EOT at the last position if <paramref name="truncate"/>, else throws.
    /// </summary>
    public long[] Tokenize(string text, int contextLength = 77, bool truncate = true)
    {
        if (contextLength < 2) throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "must be at least 2 (SOT and EOT)");
        var ids = Encode(text);
        var result = new long[contextLength];
        if (ids.Length + 2 > contextLength && !truncate)
            throw new ArgumentException($"Input '{Shorten(text)}' has {ids.Length + 2} tokens, more than the context length {contextLength}", nameof(text));
        // OpenAI: tokens = [sot] + ids + [eot]; if too long, tokens[:ctx] with tokens[-1] = eot.
        result[0] = StartOfText;
        int n = Math.Min(ids.Length, contextLength - 1);  // [1 .. n] hold ids
        for (int i = 0; i < n; i++) result[i + 1] = ids[i];
        result[Math.Min(n + 1, contextLength - 1)] = EndOfText;
        return result;
    }

    /// <summary>Batch <see cref="Tokenize(string,int,bool)"/>: row-major [texts.Count, contextLength].</summary>
    public long[][] Tokenize(IReadOnlyList<string> texts, int contextLength = 77, bool truncate = true)
    {
        var rows = new long[texts.Count][];
        Parallel.For(0, texts.Count, i => rows[i] = Tokenize(texts[i], contextLength, truncate));
        return rows;
    }

    long[] IClipTokenizer.Tokenize(string text, int contextLength) => Tokenize(text, contextLength, truncate: true);

    /// <summary>SOT, BPE ids, EOT without the padding (at most 77, EOT kept when truncated).</summary>
    public long[] TokenIds(string text)
    {
        var padded = Tokenize(text, DefaultContextLength, truncate: true);
        return padded[..(Array.IndexOf(padded, (long)EndOfText, 1) + 1)];
    }

    /// <inheritdoc />
    public IReadOnlyList<string> TokenStrings(IReadOnlyList<long> ids) =>
        ids.Select(id => id == StartOfText ? "<|startoftext|>" : id == EndOfText ? "<|endoftext|>" : Decode(new[] { id }).Trim()).ToArray();

    /// <summary>Ids back to text: bytes decoded as UTF-8 (lenient), <c>&lt;/w&gt;</c> as a space.</summary>
    public string Decode(IEnumerable<long> ids)
    {
        var sb = new StringBuilder();
        foreach (var id in ids)
            if (_decoder.TryGetValue((int)id, out var tok)) sb.Append(tok);
            else throw new ArgumentException($"token id {id} is not in the vocabulary (size {VocabSize})", nameof(ids));
        var text = sb.ToString();
        var bytes = new List<byte>(text.Length);
        foreach (var c in text)
            if (UnicodeToByte.TryGetValue(c, out var b)) bytes.Add(b);
            else bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
        return Encoding.UTF8.GetString(bytes.ToArray()).Replace("</w>", " ");
    }

    /// <summary>Decode for int ids.</summary>
    public string Decode(IEnumerable<int> ids) => Decode(ids.Select(i => (long)i));

    private int[] Bpe(string token)
    {
        var bytes = Encoding.UTF8.GetBytes(token);
        var word = new List<string>(bytes.Length);
        foreach (var b in bytes) word.Add(ByteToUnicode[b]);
        word[^1] += "</w>";
        while (word.Count > 1)
        {
            int best = int.MaxValue;
            (string, string) bigram = default;
            for (int i = 0; i < word.Count - 1; i++)
                if (_ranks.TryGetValue((word[i], word[i + 1]), out var r) && r < best) { best = r; bigram = (word[i], word[i + 1]); }
            if (best == int.MaxValue) break;
            var merged = new List<string>(word.Count);
            for (int i = 0; i < word.Count; i++)
            {
                if (i < word.Count - 1 && word[i] == bigram.Item1 && word[i + 1] == bigram.Item2)
                {
                    merged.Add(bigram.Item1 + bigram.Item2);
                    i++;
                }
                else merged.Add(word[i]);
            }
            word = merged;
        }
        var ids = new int[word.Count];
        for (int i = 0; i < word.Count; i++)
            ids[i] = _encoder.TryGetValue(word[i], out var id) ? id : throw new InvalidDataException($"BPE piece '{word[i]}' of '{token}' is missing from the vocabulary");
        return ids;
    }

    private static string[] BuildByteToUnicode()
    {
        var map = new string[256];
        int n = 0;
        for (int b = 0; b < 256; b++)
        {
            bool printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? ((char)b).ToString() : ((char)(256 + n++)).ToString();
        }
        return map;
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}
