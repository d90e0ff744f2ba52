using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialFusion.Data.Text;

/// <summary>
/// Normalises social text (NFKC, lower case) and splits it into pre-tokens: URLs become <c>&lt;url&gt;</c>,
/// @mentions <c>&lt;user&gt;</c>, hashtags '#' followed by the word, emoji (ZWJ sequences included, as one
/// grapheme cluster) single tokens, then words, numbers and punctuation runs. Whitespace is dropped.
/// Chinese: every CJK ideograph is a pre-token of its own, as in BERT's basic tokenizer (Devlin et al. 2019), since
/// Chinese writes no spaces between words and a learned merge across a whole clause would glue words together;
/// Weibo's closed topics <c>#话题#</c> (<see cref="Hashtags.ClosedLength"/>) and bracketed emoticon codes
/// <c>[哈哈]</c> stay one pre-token each, so BPE can learn them whole. Text without CJK ideographs splits as before.
/// </summary>
public static partial class SocialPreTokenizer
{
    /// <summary>Pre-token standing for any URL.</summary>
    public const string Url = "<url>";
    /// <summary>Pre-token standing for any @mention.</summary>
    public const string User = "<user>";

    [GeneratedRegex(@"\G(?:https?://|www\.)\S+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlRegex();

    [GeneratedRegex(@"\G@[\p{L}\p{N}_]+", RegexOptions.CultureInvariant)]
    private static partial Regex MentionRegex();

    /// <summary>NFKC then invariant lower case.</summary>
    public static string Normalize(string text)
    {
        // Lone surrogates make Normalize throw; replace them so arbitrary input never fails.
        var sb = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { sb.Append(c).Append(text[++i]); }
            else if (char.IsSurrogate(c)) sb.Append('\uFFFD');
            else sb.Append(c);
        }
        return sb.ToString().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
    }

    /// <summary>Normalises and splits <paramref name="text"/>.</summary>
    public static List<string> Split(string text)
    {
        var s = Normalize(text);
        var result = new List<string>();
        int i = 0;
        while (i < s.Length)
        {
            if (UrlRegex().Match(s, i) is { Success: true } url) { result.Add(Url); i += url.Length; continue; }
            if (s[i] == '@' && MentionRegex().Match(s, i) is { Success: true } m) { result.Add(User); i += m.Length; continue; }
            if (s[i] == '#' && Hashtags.ClosedLength(s, i) is > 0 and var topic) { result.Add(s.Substring(i, topic)); i += topic; continue; }
            if (s[i] == '[' && EmoticonLength(s, i) is > 0 and var emoticon) { result.Add(s.Substring(i, emoticon)); i += emoticon; continue; }
            var element = StringInfo.GetNextTextElement(s, i);
            var kind = Classify(element);
            if (kind == Kind.Space) { i += element.Length; continue; }
            if (kind == Kind.Symbol || Cjk.StartsWithIdeograph(element)) { result.Add(element); i += element.Length; continue; }
            if (element == "#" && i + 1 < s.Length && Classify(StringInfo.GetNextTextElement(s, i + 1)) == Kind.Word)
            {
                result.Add("#");
                i++;
                continue;
            }
            // A run of the same kind (word, number, punctuation).
            int start = i;
            while (i < s.Length)
            {
                var e = StringInfo.GetNextTextElement(s, i);
                if (Classify(e) != kind || Cjk.StartsWithIdeograph(e) || i > start && StartsTopicOrEmoticon(s, i)) break;
                i += e.Length;
            }
            result.Add(s[start..i]);
        }
        return result;
    }

    private static bool StartsTopicOrEmoticon(string s, int i) =>
        s[i] == '#' && Hashtags.ClosedLength(s, i) > 0 || s[i] == '[' && EmoticonLength(s, i) > 0;

    /// <summary>Longest Weibo emoticon code accepted between the brackets, in UTF-16 code units.</summary>
    private const int MaxEmoticonLength = 8;

    /// <summary>
    /// Length of a Weibo emoticon code such as <c>[哈哈]</c> or <c>[笑cry]</c> at <paramref name="i"/> (brackets
    /// included), or 0: letters or digits only, at least one CJK ideograph (so "[link]" splits as before).
    /// </summary>
    private static int EmoticonLength(string s, int i)
    {
        bool cjk = false;
        for (int j = i + 1; j < s.Length && j - i - 1 <= MaxEmoticonLength; j++)
        {
            char c = s[j];
            if (c == ']') return cjk ? j - i + 1 : 0;
            if (!char.IsLetterOrDigit(c)) return 0; // also refuses surrogates: the codes are BMP text
            cjk |= Cjk.IsIdeograph(c);
        }
        return 0;
    }

    private enum Kind { Space, Word, Number, Punct, Symbol }

    private static Kind Classify(string element)
    {
        // Multi-code-point clusters that are not letter+marks are emoji sequences (ZWJ, flags, keycaps, skin tones).
        var rune = Rune.GetRuneAt(element, 0);
        if (Rune.IsWhiteSpace(rune) || Rune.IsControl(rune)) return Kind.Space;
        if (Rune.IsLetter(rune) || rune.Value == '_') return element.Contains('\u200D') ? Kind.Symbol : Kind.Word;
        if (Rune.IsDigit(rune)) return element.Length > 1 && !IsAsciiDigits(element) ? Kind.Symbol : Kind.Number;
        var cat = Rune.GetUnicodeCategory(rune);
        if (cat is UnicodeCategory.OtherSymbol || rune.Value > 0xFFFF || element.Length > 1 && cat != UnicodeCategory.NonSpacingMark)
            return Kind.Symbol;
        return Kind.Punct;
    }

    private static bool IsAsciiDigits(string s)
    {
        foreach (var c in s) if (c is < '0' or > '9') return false;
        return true;
    }
}
