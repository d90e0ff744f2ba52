using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SocialFusion.Data.Clip;

/// <summary>Python's <c>html.unescape</c> (CPython 3.11 semantics), needed for CLIP's <c>basic_clean</c>.</summary>
public static partial class PythonHtml
{
    // Same pattern as CPython's html._charref.
    [GeneratedRegex(@"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)", RegexOptions.CultureInvariant)]
    private static partial Regex CharRef();

    // Numeric references in 0x80..0x9F (and 0, CR) are read as Windows-1252, as browsers do.
    private static readonly Dictionary<int, string> InvalidCharrefs = new()
    {
        [0x00] = "\uFFFD", [0x0d] = "\r", [0x80] = "\u20AC", [0x81] = "\x81", [0x82] = "\u201A", [0x83] = "\u0192",
        [0x84] = "\u201E", [0x85] = "\u2026", [0x86] = "\u2020", [0x87] = "\u2021", [0x88] = "\u02C6", [0x89] = "\u2030",
        [0x8a] = "\u0160", [0x8b] = "\u2039", [0x8c] = "\u0152", [0x8d] = "\x8d", [0x8e] = "\u017D", [0x8f] = "\x8f",
        [0x90] = "\x90", [0x91] = "\u2018", [0x92] = "\u2019", [0x93] = "\u201C", [0x94] = "\u201D", [0x95] = "\u2022",
        [0x96] = "\u2013", [0x97] = "\u2014", [0x98] = "\u02DC", [0x99] = "\u2122", [0x9a] = "\u0161", [0x9b] = "\u203A",
        [0x9c] = "\u0153", [0x9d] = "\x9d", [0x9e] = "\u017E", [0x9f] = "\u0178",
    };

    /// <summary>Replaces every character reference as Python's <c>html.unescape</c> does.</summary>
    public static string Unescape(string s) => s.Contains('&') ? CharRef().Replace(s, Replace) : s;

    private static string Replace(Match m)
    {
        var s = m.Groups[1].Value;
        if (s[0] == '#')
        {
            bool hex = s.Length > 1 && (s[1] == 'x' || s[1] == 'X');
            var digits = s[(hex ? 2 : 1)..].TrimEnd(';');
            long num = 0;
            foreach (var c in digits)
            {
                num = num * (hex ? 16 : 10) + (hex ? Convert.ToInt32(c.ToString(), 16) : c - '0');
                if (num > 0x10FFFF) { num = 0x110000; }  // saturate: Python ints are unbounded, all such are > max
            }
            if (InvalidCharrefs.TryGetValue((int)num, out var r)) return r;
            if (num is >= 0xD800 and <= 0xDFFF || num > 0x10FFFF) return "\uFFFD";
            if (IsInvalidCodepoint((int)num)) return "";
            return char.ConvertFromUtf32((int)num);
        }
        if (HtmlEntities.Html5.TryGetValue(s, out var v)) return v;
        // Longest prefix that is a name allowed without ';' (CPython: for x in range(len(s)-1, 1, -1)).
        for (int x = s.Length - 1; x > 1; x--)
            if (HtmlEntities.Html5.TryGetValue(s[..x], out var p)) return p + s[x..];
        return "&" + s;
    }

    private static bool IsInvalidCodepoint(int n) =>
        n is >= 0x1 and <= 0x8 or 0xb or >= 0xe and <= 0x1f or >= 0x7f and <= 0x9f or >= 0xfdd0 and <= 0xfdef
        || (n & 0xFFFE) == 0xFFFE;
}
