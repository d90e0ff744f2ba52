using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialFusion.Data.Clip;

/// <summary>
/// CLIP's text cleaning: <c>whitespace_clean(basic_clean(text)).lower()</c> as OpenAI's
/// <c>simple_tokenizer.py</c> does it with ftfy 6.3.1, re-implemented for the ftfy fixers that
/// change real text (see <see cref="FixText"/>).
/// </summary>
public static partial class ClipTextCleaner
{
    /// <summary>The exact string the pre-tokenizer sees.</summary>
    public static string Clean(string text) => PythonLower(WhitespaceClean(BasicClean(text)));

    /// <summary><c>ftfy.fix_text</c>, then Python <c>html.unescape</c> twice, then <c>str.strip()</c>.</summary>
    public static string BasicClean(string text)
    {
        var s = FixText(text);
        s = PythonHtml.Unescape(PythonHtml.Unescape(s));
        return PythonStrip(s);
    }

    /// <summary>
    /// The ftfy 6.3.1 default pipeline, in its order: HTML unescape (only without '&lt;'), terminal escapes,
    /// mojibake repair (UTF-8 read as sloppy Windows-1252, repeated for multiply-encoded text), C1 controls as
    /// Windows-1252, Latin ligatures, full/halfwidth forms, curly quotes, control characters, NFC.
    /// Not covered: ftfy's badness scoring (we repair every well-formed UTF-8 mojibake sequence), Latin-1
    /// 0xA0 restoration and lossy-sequence replacement; none occurs in the reference cases.
    /// </summary>
    public static string FixText(string text)
    {
        var s = text;
        if (!s.Contains('<')) s = FtfyUnescapeHtml(s);
        s = TerminalEscape().Replace(s, "");
        for (int i = 0; i < 4; i++)
        {
            var fixedOnce = FixMojibake(s);
            if (fixedOnce == s) break;
            s = fixedOnce;
        }
        s = FixC1Controls(s);
        s = MapChars(s);
        return s.Normalize(NormalizationForm.FormC);
    }

    // ftfy's HTML_ENTITY_RE: only terminated references, decoded with html.unescape.
    [GeneratedRegex(@"&#?[0-9A-Za-z]{1,24};", RegexOptions.CultureInvariant)]
    private static partial Regex FtfyEntity();

    private static string FtfyUnescapeHtml(string s) => s.Contains('&')
        ? FtfyEntity().Replace(s, m => PythonHtml.Unescape(m.Value))
        : s;

    [GeneratedRegex("\u001b\\[((?:\\d|;)*)([a-zA-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex TerminalEscape();

    /// <summary>Sloppy Windows-1252: the 1252 table with its 5 holes mapping to the same code points (as ftfy).</summary>
    private static readonly char[] Sloppy1252 = BuildSloppy1252();
    private static readonly Dictionary<char, byte> Sloppy1252Inverse = Enumerable.Range(0, 256).ToDictionary(b => Sloppy1252[b], b => (byte)b);

    private static char[] BuildSloppy1252()
    {
        var t = new char[256];
        for (int i = 0; i < 256; i++) t[i] = (char)i;
        const string c1 = "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";
        for (int i = 0; i < 32; i++) t[0x80 + i] = c1[i];
        return t;
    }

    /// <summary>Replaces every run of characters that encodes (as sloppy-1252) to well-formed multi-byte UTF-8.</summary>
    private static string FixMojibake(string s)
    {
        StringBuilder? sb = null;
        int copied = 0;
        Span<byte> bytes = stackalloc byte[4];
        Span<char> chars = stackalloc char[2];
        for (int i = 0; i < s.Length; i++)
        {
            if (!Sloppy1252Inverse.TryGetValue(s[i], out var lead) || lead < 0xC2 || lead > 0xF4) continue;
            int n = lead < 0xE0 ? 1 : lead < 0xF0 ? 2 : 3;
            if (i + n >= s.Length) continue;
            bytes[0] = lead;
            bool ok = true;
            for (int k = 1; k <= n && ok; k++)
                ok = Sloppy1252Inverse.TryGetValue(s[i + k], out bytes[k]) && bytes[k] is >= 0x80 and <= 0xBF;
            if (!ok) continue;
            if (System.Text.Unicode.Utf8.ToUtf16(bytes[..(n + 1)], chars, out _, out int written,
                    replaceInvalidSequences: false) != System.Buffers.OperationStatus.Done) continue;
            sb ??= new StringBuilder(s.Length);
            sb.Append(s, copied, i - copied);
            sb.Append(Encoding.UTF8.GetString(bytes[..(n + 1)]));
            i += n;
            copied = i + 1;
        }
        if (sb == null) return s;
        sb.Append(s, copied, s.Length - copied);
        return sb.ToString();
    }

    private static string FixC1Controls(string s)
    {
        if (!s.Any(c => c is >= '\u0080' and <= '\u009F')) return s;
        var a = s.ToCharArray();
        for (int i = 0; i < a.Length; i++)
            if (a[i] is >= '\u0080' and <= '\u009F') a[i] = Sloppy1252[a[i]];
        return new string(a);
    }

    /// <summary>Ligatures, width forms, curly quotes, line breaks and control-character removal, char by char.</summary>
    private static string MapChars(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (c is '\u02BC' or >= '\u2018' and <= '\u201B') sb.Append('\'');
            else if (c is >= '\u201C' and <= '\u201F') sb.Append('"');
            else if (c == '\u3000') sb.Append(' ');
            else if (c is >= '\uFF01' and <= '\uFFEF' || IsLigature(c)) sb.Append(c.ToString().Normalize(NormalizationForm.FormKC));
            else if (IsFtfyControl(c)) { }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    private static bool IsLigature(char c) => c is '\u0132' or '\u0133' or '\u0149' or >= '\u01C4' and <= '\u01CC' or >= '\u01F1' and <= '\u01F3' or >= '\uFB00' and <= '\uFB06';

    // ftfy.chardata CONTROL_CHARS (remove_control_chars).
    private static bool IsFtfyControl(char c) =>
        c is <= '\u0008' or '\u000B' or >= '\u000E' and <= '\u001F' or '\u007F' or >= '\u206A' and <= '\u206F' or '\uFEFF' or >= '\uFFF9' and <= '\uFFFC';

    /// <summary>Unicode White_Space (what <c>\s</c> matches in Python's <c>regex</c> module).</summary>
    public static bool IsWhiteSpace(int cp) =>
        cp is >= 0x09 and <= 0x0D or 0x20 or 0x85 or 0xA0 or 0x1680 or >= 0x2000 and <= 0x200A or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000;

    // Python str.isspace: White_Space plus the information separators U+001C..U+001F.
    private static bool IsPythonSpace(char c) => IsWhiteSpace(c) || c is >= '\u001C' and <= '\u001F';

    private static string PythonStrip(string s)
    {
        int a = 0, b = s.Length;
        while (a < b && IsPythonSpace(s[a])) a++;
        while (b > a && IsPythonSpace(s[b - 1])) b--;
        return s[a..b];
    }

    /// <summary>Every run of White_Space becomes one space; then stripped.</summary>
    public static string WhitespaceClean(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool pending = false;
        foreach (var c in s)
        {
            if (IsWhiteSpace(c)) { pending = true; continue; }
            if (pending && sb.Length > 0) sb.Append(' ');
            pending = false;
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.lower()</c>: full case mapping (İ -> i + U+0307) with final sigma.</summary>
    public static string PythonLower(string s)
    {
        var runes = s.EnumerateRunes().ToArray();
        var sb = new StringBuilder(s.Length + 4);
        for (int i = 0; i < runes.Length; i++)
        {
            var r = runes[i];
            if (r.Value == 0x130) sb.Append("i\u0307");
            else if (r.Value == 0x3A3) sb.Append(IsFinalSigma(runes, i) ? 'ς' : 'σ');
            else sb.Append(Rune.ToLowerInvariant(r).ToString());
        }
        return sb.ToString();
    }

    private static bool IsFinalSigma(Rune[] runes, int i)
    {
        int j = i - 1;
        while (j >= 0 && IsCaseIgnorable(runes[j])) j--;
        if (j < 0 || !IsCased(runes[j])) return false;
        j = i + 1;
        while (j < runes.Length && IsCaseIgnorable(runes[j])) j++;
        return j == runes.Length || !IsCased(runes[j]);
    }

    private static bool IsCased(Rune r) => Rune.GetUnicodeCategory(r) is UnicodeCategory.UppercaseLetter
        or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(Rune r) =>
        Rune.GetUnicodeCategory(r) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format
            or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol
        || r.Value is '\'' or '.' or ':' or 0xB7 or 0x2018 or 0x2019 or 0x2024 or 0x2027 or 0xFE13 or 0xFE52 or 0xFE55 or 0xFF07 or 0xFF0E or 0xFF1A;
}
