namespace SocialFusion.Data.Clip;

/// <summary>
/// WordPiece (Wu et al. 2016, "Google's Neural Machine Translation System", section 4.1; as applied in BERT):
/// each word is covered greedily from the left by the longest vocabulary piece, pieces after the first carry the
/// <c>##</c> prefix; a word that cannot be covered, or is longer than <see cref="MaxInputCharsPerWord"/> code
/// points, becomes one unknown token. Thread-safe.
/// </summary>
public sealed class WordPieceTokenizer
{
    /// <summary>Hugging Face's per-word limit (<c>max_input_chars_per_word</c>), counted in code points.</summary>
    public const int MaxInputCharsPerWord = 100;

    private readonly IReadOnlyDictionary<string, int> _vocab;
    private readonly string _unknown;

    /// <summary>Uses <paramref name="vocab"/> (piece to id); <paramref name="unknownToken"/> must be in it.</summary>
    public WordPieceTokenizer(IReadOnlyDictionary<string, int> vocab, string unknownToken)
    {
        if (!vocab.ContainsKey(unknownToken)) throw new ArgumentException($"the vocabulary has no unknown token '{unknownToken}'", nameof(unknownToken));
        _vocab = vocab;
        _unknown = unknownToken;
    }

    /// <summary>The pieces of one word (from <see cref="BertBasicTokenizer"/>), appended to <paramref name="into"/>.</summary>
    public void Tokenize(string word, List<string> into)
    {
        // Offsets of code points in UTF-16 units, so that pieces never split a surrogate pair.
        var starts = new List<int>(word.Length + 1);
        for (int i = 0; i < word.Length; i += char.IsSurrogatePair(word, i) ? 2 : 1) starts.Add(i);
        int n = starts.Count;
        starts.Add(word.Length);
        if (n > MaxInputCharsPerWord) { into.Add(_unknown); return; }
        var pieces = new List<string>();
        for (int start = 0; start < n;)
        {
            string? match = null;
            int end = n;
            for (; end > start; end--)
            {
                var piece = word[starts[start]..starts[end]];
                if (start > 0) piece = "##" + piece;
                if (_vocab.ContainsKey(piece)) { match = piece; break; }
            }
            if (match is null) { into.Add(_unknown); return; }
            pieces.Add(match);
            start = end;
        }
        into.AddRange(pieces);
    }
}
