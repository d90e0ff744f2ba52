using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialFusion.Data.Text;

/// <summary>
/// Normalises social text (NFKC, lower case) and splits it into pre-tokens: URLs become <c>&lt;url&gt;</c>,
/// @mentions <c>&lt;user&gt;</c>, hashtags '#' followed by the word, emoji (ZWJ sequences included, as one
/// grapheme cluster) single tokens, then words, numbers and punctuation runs. Whitespace is dropped.
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
            var element = StringInfo.GetNextTextElement(s, i);
            var kind = Classify(element);
            if (kind == Kind.Space) { i += element.Length; continue; }
            if (kind == Kind.Symbol) { result.Add(element); i += element.Length; continue; }
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
                if (Classify(e) != kind) break;
                i += e.Length;
            }
            result.Add(s[start..i]);
        }
        return result;
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
