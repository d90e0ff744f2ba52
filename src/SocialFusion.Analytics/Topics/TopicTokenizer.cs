using System.Text;
using System.Text.RegularExpressions;
using SocialFusion.Data.Text;

namespace SocialFusion.Analytics.Topics;

/// <summary>Language of a post as <see cref="TopicTokenizer"/> decided it.</summary>
public enum PostLanguage
{
    /// <summary>Mostly non-CJK letters: split on non-letters.</summary>
    Latin,
    /// <summary>A CJK share of letters at or above <see cref="TokenizerConfig.CjkShare"/>: segmented by jieba.</summary>
    Chinese,
}

/// <summary>
/// How post texts become topic words. Reference: a post is Chinese when at least 30% of its letters are CJK
/// ideographs; words need 2 characters; jieba's stop-word list (NLTK's English list and Chinese function words).
/// </summary>
/// <param name="CjkShare">Share of CJK ideographs among a post's letters from which it is segmented as Chinese.</param>
/// <param name="MinWordLength">Shortest word kept, in text elements (1-character Chinese words are mostly particles).</param>
public sealed record TokenizerConfig(double CjkShare = 0.3, int MinWordLength = 2)
{
    /// <summary>The reference setting.</summary>
    public static TokenizerConfig Reference { get; } = new();
}

/// <summary>
/// Topic words of a post, in English and Chinese, the same way for every post:
/// <list type="number">
/// <item>NFKC and lower case (<see cref="SocialPreTokenizer.Normalize"/>), so full-width and upper-case forms meet.</item>
/// <item>Removed: URLs (<c>http(s)://...</c>, <c>www....</c>), @mentions (to the next space, '#' or '@'), the store's
/// scrub placeholders and Weibo emoticon codes (any short <c>[...]</c>: <c>[URL]</c>, <c>[MENTION]</c>, <c>[哈哈]</c>,
/// <c>[doge]</c>), emoji and punctuation. None of them says what a post is about.</item>
/// <item>Hashtags of either style are one word each, written <c>#tag</c> (<c>#mood</c>; Weibo's <c>#心情#</c> becomes
/// <c>#心情</c>): a tag names a topic as a whole. A tag without a letter ("#1") is dropped.</item>
/// <item>Language by CJK share of the remaining letters. Latin: words are maximal runs of letters and digits (an
/// apostrophe splits, so "can't" gives "can" and "t"); a letter repeated 3 or more times is written once
/// ("sooo" -> "so", "fiiinally" -> "finally"). Chinese: jieba.NET's accurate mode (<see cref="JiebaWords"/>); Latin
/// words inside a Chinese post (yyds, doge) are kept as words.</item>
/// <item>Dropped: stop words, words shorter than <see cref="TokenizerConfig.MinWordLength"/> text elements, words
/// without a letter (numbers), and words that repeat one character (哈哈哈, 呜呜).</item>
/// </list>
/// </summary>
public sealed partial class TopicTokenizer
{
    private readonly TokenizerConfig _config;
    private readonly HashSet<string> _stopWords;

    /// <summary>A tokenizer with jieba's stop-word list.</summary>
    public TopicTokenizer(TokenizerConfig? config = null)
    {
        _config = config ?? TokenizerConfig.Reference;
        _stopWords = new HashSet<string>(JiebaWords.StopWords(), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"(https?://|www\.)\S+|@[^\s#@]+|\[[^\[\]\s]{1,12}\]", RegexOptions.CultureInvariant)]
    private static partial Regex Noise();

    [GeneratedRegex(@"(\p{L})\1{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Elongation();

    /// <summary>The language decided for <paramref name="text"/> (after removing URLs, mentions and codes).</summary>
    public PostLanguage Language(string text) => Detect(Noise().Replace(SocialPreTokenizer.Normalize(text), " "));

    /// <summary>The topic words of <paramref name="text"/> in order (repeats kept: they are term counts).</summary>
    public List<string> Words(string? text) => Tokenize(text).Words;

    /// <summary>The language decided for <paramref name="text"/> and its topic words in order.</summary>
    public (PostLanguage Language, List<string> Words) Tokenize(string? text)
    {
        var words = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return (PostLanguage.Latin, words);
        var s = Noise().Replace(SocialPreTokenizer.Normalize(text), " ");
        var rest = new StringBuilder(s.Length);
        foreach (var tag in SplitHashtags(s, rest))
            if (tag.Skip(1).Any(char.IsLetter)) words.Add(tag); // "#1" names no topic
        var body = rest.ToString();
        var language = Detect(body);
        IEnumerable<string> candidates = language == PostLanguage.Chinese
            ? JiebaWords.Cut(body).Select(w => w.Trim())
            : LatinWords(Elongation().Replace(body, "$1"));
        foreach (var w in candidates)
            if (Keep(w)) words.Add(w);
        return (language, words);
    }

    private PostLanguage Detect(string s)
    {
        int letters = 0, cjk = 0;
        foreach (var rune in s.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune)) continue;
            letters++;
            if (Cjk.IsIdeograph(rune.Value)) cjk++;
        }
        return letters > 0 && cjk >= _config.CjkShare * letters ? PostLanguage.Chinese : PostLanguage.Latin;
    }

    /// <summary>Hashtags of <paramref name="s"/> as <c>#tag</c>; the text without them goes to <paramref name="rest"/>.</summary>
    private static List<string> SplitHashtags(string s, StringBuilder rest)
    {
        var tags = new List<string>();
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '#')
            {
                int closed = Hashtags.ClosedLength(s, i);
                if (closed > 0) { tags.Add(s.Substring(i, closed - 1)); rest.Append(' '); i += closed - 1; continue; }
                int end = i + 1;
                while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] == '_' || char.IsSurrogate(s[end]) && Rune.TryGetRuneAt(s, end, out var r) && Rune.IsLetterOrDigit(r)))
                    end++;
                bool afterWord = i > 0 && char.IsLetterOrDigit(s[i - 1]);
                if (end > i + 1 && !afterWord) { tags.Add(s[i..end]); rest.Append(' '); i = end - 1; continue; }
            }
            rest.Append(s[i]);
        }
        return tags;
    }

    private static IEnumerable<string> LatinWords(string s)
    {
        int start = -1;
        for (int i = 0; i <= s.Length; i++)
        {
            bool inWord = i < s.Length && (char.IsLetterOrDigit(s[i]) || char.GetUnicodeCategory(s[i]) is System.Globalization.UnicodeCategory.NonSpacingMark);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0) { yield return s[start..i]; start = -1; }
        }
    }

    private bool Keep(string w)
    {
        if (w.Length == 0 || _stopWords.Contains(w)) return false;
        var elements = System.Globalization.StringInfo.ParseCombiningCharacters(w);
        if (elements.Length < _config.MinWordLength) return false;
        bool letter = false, varied = false;
        var first = Rune.GetRuneAt(w, 0);
        foreach (var rune in w.EnumerateRunes())
        {
            letter |= Rune.IsLetter(rune);
            varied |= rune != first;
        }
        return letter && varied;
    }
}
