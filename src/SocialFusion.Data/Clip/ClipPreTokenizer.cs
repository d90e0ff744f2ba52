using System.Globalization;
using System.Text;

namespace SocialFusion.Data.Clip;

/// <summary>
/// CLIP's pre-tokenizer regex
/// <c>&lt;\|startoftext\|&gt;|&lt;\|endoftext\|&gt;|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+</c>
/// evaluated like Python's <c>regex.findall</c> on code points (not UTF-16 units, which .NET's Regex sees),
/// so astral letters and digits classify as letters and digits.
/// </summary>
public static class ClipPreTokenizer
{
    private static readonly string[] Specials = ["<|startoftext|>", "<|endoftext|>"];
    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d"];

    private enum Kind { Space, Letter, Number, Other }

    /// <summary>All matches, left to right (the input is already cleaned and lower-cased).</summary>
    public static List<string> Split(string text)
    {
        var result = new List<string>();
        int i = 0;
        while (i < text.Length)
        {
            var special = Specials.FirstOrDefault(sp => string.CompareOrdinal(text, i, sp, 0, sp.Length) == 0 && i + sp.Length <= text.Length);
            if (special != null) { result.Add(special); i += special.Length; continue; }
            var contraction = MatchContraction(text, i);
            if (contraction > 0) { result.Add(text.Substring(i, contraction)); i += contraction; continue; }
            var kind = Classify(text, i, out int len);
            if (kind == Kind.Space) { i += len; continue; }
            int start = i;
            i += len;
            if (kind == Kind.Letter || kind == Kind.Other)
                while (i < text.Length && Classify(text, i, out int l2) == kind) i += l2;
            result.Add(text[start..i]);
        }
        return result;
    }

    // Case-insensitive in the reference; after lower() only U+017F (long s, simple-folds to 's') still differs.
    private static int MatchContraction(string text, int i)
    {
        if (text[i] != '\'') return 0;
        foreach (var c in Contractions)
        {
            if (i + c.Length > text.Length) continue;
            bool ok = true;
            for (int k = 1; k < c.Length && ok; k++)
            {
                var ch = text[i + k];
                ok = ch == c[k] || (c[k] == 's' && ch == '\u017F') || (c[k] == 'k' && ch == '\u212A');
            }
            if (ok) return c.Length;
        }
        return 0;
    }

    private static Kind Classify(string text, int i, out int len)
    {
        if (Rune.DecodeFromUtf16(text.AsSpan(i), out var r, out len) != System.Buffers.OperationStatus.Done)
        {
            len = 1;
            return Kind.Other;  // lone surrogate: neither letter, digit nor space
        }
        if (ClipTextCleaner.IsWhiteSpace(r.Value)) return Kind.Space;
        return Rune.GetUnicodeCategory(r) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => Kind.Letter,
            UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => Kind.Number,
            _ => Kind.Other,
        };
    }
}
