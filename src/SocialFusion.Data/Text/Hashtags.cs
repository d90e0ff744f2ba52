using System.Text;

namespace SocialFusion.Data.Text;

/// <summary>
/// Hashtags in the two styles social media use: <c>#word</c> (Twitter, Instagram: '#' then letters, ideographs
/// included, digits and underscores up to the next space or punctuation, not preceded by a letter or digit) and Weibo's closed <c>#话题#</c> (a topic between two '#', no
/// whitespace inside, at least one CJK ideograph). <see cref="SocialPreTokenizer"/> keeps a closed topic as one
/// pre-token; analytics count either style with <see cref="Extract"/>.
/// </summary>
public static class Hashtags
{
    /// <summary>Longest Weibo topic accepted between the two '#', in UTF-16 code units (Weibo allows 32 characters).</summary>
    public const int MaxClosedTopicLength = 64;

    /// <summary>
    /// Length of the closed topic <c>#话题#</c> that starts at <paramref name="i"/> (both '#' included), or 0 when
    /// none starts there. The topic ends at the first '#'; whitespace, an empty topic, one without a CJK ideograph
    /// (so "#1 and #2" stays English-style) or a longer one than <see cref="MaxClosedTopicLength"/> is no closed topic.
    /// </summary>
    public static int ClosedLength(string s, int i)
    {
        if (i >= s.Length || s[i] != '#') return 0;
        bool cjk = false;
        for (int j = i + 1; j < s.Length && j - i - 1 <= MaxClosedTopicLength;)
        {
            if (s[j] == '#') return cjk && j > i + 1 ? j - i + 1 : 0;
            if (Rune.DecodeFromUtf16(s.AsSpan(j), out var rune, out int used) != System.Buffers.OperationStatus.Done) return 0;
            if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)) return 0;
            cjk |= Cjk.IsIdeograph(rune.Value);
            j += used;
        }
        return 0;
    }

    /// <summary>
    /// The hashtags of <paramref name="text"/> in order of appearance, normalised like the tokenizer's input (NFKC,
    /// lower case, so full-width '＃' counts) and written in their own style: <c>#mood</c>, <c>#今日份快乐#</c>.
    /// </summary>
    public static List<string> Extract(string? text)
    {
        var tags = new List<string>();
        if (string.IsNullOrEmpty(text)) return tags;
        var s = SocialPreTokenizer.Normalize(text);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] != '#') continue;
            int closed = ClosedLength(s, i);
            if (closed > 0) { tags.Add(s.Substring(i, closed)); i += closed - 1; continue; }
            if (i > 0 && char.IsLetterOrDigit(s[i - 1])) continue; // "c#", "issue#4"
            int end = i + 1;
            while (end < s.Length && Rune.DecodeFromUtf16(s.AsSpan(end), out var r, out int used) == System.Buffers.OperationStatus.Done
                   && (Rune.IsLetterOrDigit(r) || r.Value == '_'))
                end += used;
            if (end > i + 1) { tags.Add(s[i..end]); i = end - 1; }
        }
        return tags;
    }
}

/// <summary>CJK ideographs as BERT's basic tokenizer defines them (Devlin et al. 2019, google-research/bert tokenization.py, <c>_is_chinese_char</c>).</summary>
public static class Cjk
{
    /// <summary>
    /// True for a code point in the CJK Unified Ideographs blocks (the base block, extensions A to E) or the
    /// compatibility ideographs. Kana and Hangul are not ideographs: those scripts write words with spaces or are
    /// left to BPE.
    /// </summary>
    public static bool IsIdeograph(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>True when the text element (grapheme cluster) starts with a CJK ideograph.</summary>
    public static bool StartsWithIdeograph(string element) =>
        Rune.DecodeFromUtf16(element, out var rune, out _) == System.Buffers.OperationStatus.Done && IsIdeograph(rune.Value);
}
