using SocialFusion.Data.Clip;
using Xunit;

namespace SocialFusion.Data.Tests.Clip;

/// <summary>Python semantics the CLIP cleaner relies on; expected values are CPython 3.11 outputs.</summary>
public sealed class ClipTextCleanerTests
{
    [Theory]
    [InlineData("&amp;amp;amp;", "&amp;amp;")]
    [InlineData("&ampx", "&x")]
    [InlineData("&copy2024", "\u00A92024")]
    [InlineData("&#128;", "\u20AC")]
    [InlineData("&#0;", "\uFFFD")]
    [InlineData("&NotEqualTilde;", "\u2242\u0338")]
    [InlineData("&#x110000;", "\uFFFD")]
    [InlineData("&#99999999999999999999;", "\uFFFD")]
    [InlineData("&#xD800;", "\uFFFD")]
    [InlineData("&#1;", "")]
    [InlineData("&#xFFFE;", "")]
    [InlineData("&notit;", "\u00ACit;")]
    [InlineData("&unknown;", "&unknown;")]
    [InlineData("&#65", "A")]
    [InlineData("&lt3", "<3")]
    public void HtmlUnescape_FollowsCPython(string input, string expected) =>
        Assert.Equal(expected, PythonHtml.Unescape(input));

    [Fact]
    public void PythonLower_UsesFullCaseMappingAndFinalSigma() =>
        Assert.Equal("i\u0307stanbul \u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03C5\u03C2 \u03C3 a\u03C2. \u03C3\u03B1",
            ClipTextCleaner.PythonLower("\u0130STANBUL \u039F\u0394\u03A5\u03A3\u03A3\u0395\u03A5\u03A3 \u03A3 a\u03A3. \u03A3\u0391"));

    [Fact]
    public void PreTokenizer_TreatsAstralLettersAndDigitsAsCodePoints()
    {
        Assert.Equal(["x\U0001D407\U0001D41E\U0001D425\U0001D425\U0001D428y"], ClipPreTokenizer.Split("x\U0001D407\U0001D41E\U0001D425\U0001D425\U0001D428y"));
        Assert.Equal(["\U0001D7D9", "\U0001D7DA", "\U0001D7DB"], ClipPreTokenizer.Split("\U0001D7D9\U0001D7DA\U0001D7DB"));
        Assert.Equal(["it", "'s", "n", "'t"], ClipPreTokenizer.Split("it'sn't"));
    }

    [Fact]
    public void WhitespaceClean_CollapsesUnicodeWhiteSpaceButKeepsZeroWidthSpace() =>
        Assert.Equal("a b c\u200Bd", ClipTextCleaner.WhitespaceClean("\u3000a\u00A0\t b\u2029c\u200Bd \u0085"));
}
