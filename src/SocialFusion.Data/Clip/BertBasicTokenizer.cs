using System.Globalization;
using System.Text;

namespace SocialFusion.Data.Clip;

/// <summary>
/// BERT's basic tokenization (Devlin et al. 2019, "BERT", section 3 / appendix A.2; Hugging Face
/// <c>BasicTokenizer</c>), ahead of <see cref="WordPieceTokenizer"/>:
/// clean the text (drop NUL, U+FFFD and every control / format / unassigned character except tab and line ends;
/// tabs, line ends and every space separator become ' '), put spaces around CJK ideographs, NFC, split on
/// whitespace, per word lower-case (Python's full mapping) and strip accents (NFD minus non-spacing marks) as
/// configured, then split every punctuation character off as its own word. Thread-safe.
/// </summary>
/// <param name="DoLowerCase">Lower-case every word (<c>do_lower_case</c>; true for Chinese-CLIP).</param>
/// <param name="TokenizeChineseChars">Make every CJK ideograph its own word (<c>tokenize_chinese_chars</c>).</param>
/// <param name="StripAccents"><c>strip_accents</c>: null follows <paramref name="DoLowerCase"/>, as in Hugging Face.</param>
public sealed record BertBasicTokenizer(bool DoLowerCase = true, bool TokenizeChineseChars = true, bool? StripAccents = null)
{
    /// <summary>The words of <paramref name="text"/> in order.</summary>
    public List<string> Tokenize(string text)
    {
        var cleaned = Clean(text);
        if (TokenizeChineseChars) cleaned = SpaceChinese(cleaned);
        // Python 3.11's BasicTokenizer normalises to NFC here so that composed and decomposed input agree.
        cleaned = cleaned.Normalize(NormalizationForm.FormC);
        var words = new List<string>();
        foreach (var raw in SplitWhitespace(cleaned))
        {
            var word = raw;
            if (DoLowerCase)
            {
                word = ClipTextCleaner.PythonLower(word);
                if (StripAccents != false) word = RemoveAccents(word);
            }
            else if (StripAccents == true) word = RemoveAccents(word);
            SplitPunctuation(word, words);
        }
        // Hugging Face re-splits the joined words on whitespace; stripping can leave empty words behind.
        return words.SelectMany(SplitWhitespace).ToList();
    }

    /// <summary>HF <c>_clean_text</c>: drops NUL, U+FFFD and category C* except \t \n \r; whitespace becomes ' '.</summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var r in text.EnumerateRunes())
        {
            int cp = r.Value;
            if (cp == 0 || cp == 0xFFFD || IsControl(r)) continue;
            sb.Append(IsWhitespace(r) ? " " : r.ToString());
        }
        return sb.ToString();
    }

    /// <summary>HF <c>_is_whitespace</c>: space, \t, \n, \r and category Zs.</summary>
    public static bool IsWhitespace(Rune r) => r.Value is ' ' or '\t' or '\n' or '\r' || Rune.GetUnicodeCategory(r) == UnicodeCategory.SpaceSeparator;

    /// <summary>HF <c>_is_control</c>: category C* (Cc, Cf, Cs, Co, Cn) except \t \n \r.</summary>
    public static bool IsControl(Rune r)
    {
        if (r.Value is '\t' or '\n' or '\r') return false;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
    }

    /// <summary>HF <c>_is_punctuation</c>: ASCII 33-47, 58-64, 91-96, 123-126 and every category P* character.</summary>
    public static bool IsPunctuation(Rune r)
    {
        int cp = r.Value;
        if (cp is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return Rune.GetUnicodeCategory(r) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    /// <summary>HF <c>_is_chinese_char</c>: the CJK Unified Ideographs blocks and their extensions A-E, compatibility ideographs.</summary>
    public static bool IsChineseChar(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    private static string SpaceChinese(string text)
    {
        var sb = new StringBuilder(text.Length + 8);
        foreach (var r in text.EnumerateRunes())
            if (IsChineseChar(r.Value)) sb.Append(' ').Append(r.ToString()).Append(' ');
            else sb.Append(r.ToString());
        return sb.ToString();
    }

    /// <summary>Python <c>str.split()</c>: runs of Unicode whitespace (including U+2028/U+2029 and U+001C-U+001F).</summary>
    private static IEnumerable<string> SplitWhitespace(string text)
    {
        int start = -1;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            bool space = char.IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';
            if (space) { if (start >= 0) yield return text[start..i]; start = -1; }
            else if (start < 0) start = i;
        }
        if (start >= 0) yield return text[start..];
    }

    /// <summary>HF <c>_run_strip_accents</c>: NFD, then drop every non-spacing mark (Mn).</summary>
    private static string RemoveAccents(string word)
    {
        var sb = new StringBuilder(word.Length);
        foreach (var r in word.Normalize(NormalizationForm.FormD).EnumerateRunes())
            if (Rune.GetUnicodeCategory(r) != UnicodeCategory.NonSpacingMark) sb.Append(r.ToString());
        return sb.ToString();
    }

    /// <summary>HF <c>_run_split_on_punc</c>: every punctuation character is a word; the runs between are words.</summary>
    private static void SplitPunctuation(string word, List<string> into)
    {
        var current = new StringBuilder();
        foreach (var r in word.EnumerateRunes())
        {
            if (IsPunctuation(r))
            {
                if (current.Length > 0) { into.Add(current.ToString()); current.Clear(); }
                into.Add(r.ToString());
            }
            else current.Append(r.ToString());
        }
        if (current.Length > 0) into.Add(current.ToString());
    }
}
