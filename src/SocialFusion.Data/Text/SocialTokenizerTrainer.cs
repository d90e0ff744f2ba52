namespace SocialFusion.Data.Text;

/// <summary>Options of BPE training.</summary>
/// <param name="VocabSize">Largest vocabulary including special tokens.</param>
/// <param name="MinFrequency">A base symbol or merge must occur at least this often in the corpus.</param>
public sealed record SocialTokenizerOptions(int VocabSize = 8000, int MinFrequency = 2);

/// <summary>Learns BPE merges from a corpus of texts. Deterministic: ties broken by ordinal string order.</summary>
public static class SocialTokenizerTrainer
{
    /// <summary>Trains on <paramref name="texts"/> (null/empty texts ignored).</summary>
    public static SocialTokenizer Train(IEnumerable<string?> texts, SocialTokenizerOptions? options = null)
    {
        options ??= new SocialTokenizerOptions();
        if (options.VocabSize < SocialTokenizer.SpecialTokens.Count)
            throw new ArgumentOutOfRangeException(nameof(options), $"vocab size {options.VocabSize} is smaller than the {SocialTokenizer.SpecialTokens.Count} special tokens");
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in texts)
        {
            if (string.IsNullOrEmpty(t)) continue;
            foreach (var w in SocialPreTokenizer.Split(t))
                if (w is not (SocialPreTokenizer.Url or SocialPreTokenizer.User))
                    wordCounts[w] = wordCounts.GetValueOrDefault(w) + 1;
        }
        var words = wordCounts.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => (Symbols: SocialTokenizer.Symbols(kv.Key), Count: kv.Value)).ToList();

        var symbolCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (s, c) in words) foreach (var x in s) symbolCounts[x] = symbolCounts.GetValueOrDefault(x) + c;
        var vocab = new List<string>(SocialTokenizer.SpecialTokens);
        var seen = new HashSet<string>(vocab, StringComparer.Ordinal);
        foreach (var (sym, c) in symbolCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
            if (c >= options.MinFrequency && vocab.Count < options.VocabSize && seen.Add(sym)) vocab.Add(sym);

        var merges = new List<(string, string)>();
        while (vocab.Count < options.VocabSize)
        {
            var pairs = new Dictionary<(string, string), int>();
            foreach (var (s, c) in words)
                for (int i = 0; i + 1 < s.Count; i++)
                {
                    var p = (s[i], s[i + 1]);
                    pairs[p] = pairs.GetValueOrDefault(p) + c;
                }
            (string, string) best = default;
            int bestCount = 0;
            foreach (var (p, c) in pairs)
                if (c > bestCount || c == bestCount && Compare(p, best) < 0) { best = p; bestCount = c; }
            if (bestCount < options.MinFrequency || bestCount == 0) break;
            merges.Add(best);
            var merged = best.Item1 + best.Item2;
            if (seen.Add(merged)) vocab.Add(merged);
            foreach (var (s, _) in words)
                for (int i = 0; i + 1 < s.Count; i++)
                    if (s[i] == best.Item1 && s[i + 1] == best.Item2) { s[i] = merged; s.RemoveAt(i + 1); }
        }
        return new SocialTokenizer(vocab, merges);
    }

    private static int Compare((string, string) a, (string, string) b)
    {
        int c = string.CompareOrdinal(a.Item1, b.Item1);
        return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
    }
}
