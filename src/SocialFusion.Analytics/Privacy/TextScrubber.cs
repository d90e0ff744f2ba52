using System.Text.RegularExpressions;

namespace SocialFusion.Analytics.Privacy;

/// <summary>What <see cref="TextScrubber"/> replaced, by kind.</summary>
public sealed class ScrubCounts
{
    /// <summary>E-mail addresses replaced by [EMAIL].</summary>
    public long Emails { get; private set; }
    /// <summary>URLs replaced by [URL].</summary>
    public long Urls { get; private set; }
    /// <summary>Phone numbers replaced by [PHONE].</summary>
    public long Phones { get; private set; }
    /// <summary>@mentions replaced by [MENTION].</summary>
    public long Mentions { get; private set; }
    /// <summary>Texts in which anything was replaced.</summary>
    public long TextsChanged { get; private set; }
    /// <summary>All replacements.</summary>
    public long Total => Emails + Urls + Phones + Mentions;

    internal void Add(int emails, int urls, int phones, int mentions)
    {
        Emails += emails; Urls += urls; Phones += phones; Mentions += mentions;
        if (emails + urls + phones + mentions > 0) TextsChanged++;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Emails} e-mails, {Phones} phone numbers, {Urls} URLs, {Mentions} mentions in {TextsChanged} texts";
}

/// <summary>
/// Replaces personal identifiers in post text with typed placeholders before it is stored: e-mail addresses
/// ([EMAIL]), URLs ([URL]), phone numbers ([PHONE]) and @mentions ([MENTION]). Applied in that order, so the host of an
/// e-mail address is not also taken for a URL and the digits of a URL are not taken for a phone number.
/// </summary>
/// <remarks>
/// The patterns favour recall on what social text carries: e-mails are local@domain.tld; URLs start with a scheme
/// (http, https, ftp) or www. or are a bare domain with a common TLD followed by a path; phone numbers are 7 to 15 digits
/// with optional +, spaces, dots, dashes and one parenthesised area code (ITU E.164 allows at most 15 digits), not
/// starting with an ISO date, which leaves dates (2024-03-05), times and short numbers alone; mentions are @ followed by 1 to 30 word characters not
/// preceded by a word character (so the @ inside an e-mail is not one).
/// </remarks>
public static partial class TextScrubber
{
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b((https?|ftp)://|www\.)[^\s<>""]+|\b[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.(com|org|net|io|co|ly|me|info|de|uk|fr)/[^\s<>""]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    [GeneratedRegex(@"(?<![\w+(])(\+|\()?\d[\d .\-()]{5,22}\d(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDateStart();

    [GeneratedRegex(@"(?<![\w@])@\w{1,30}", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    /// <summary>The scrubbed text (null stays null); adds what was replaced to <paramref name="counts"/>.</summary>
    public static string? Scrub(string? text, ScrubCounts counts)
    {
        if (string.IsNullOrEmpty(text)) return text;
        // Cheap pre-checks: most posts have none of the trigger characters, and a regex pass costs far more than IndexOf.
        int emails = 0, urls = 0, phones = 0, mentions = 0;
        bool at = text.Contains('@');
        if (at) text = Email().Replace(text, _ => { emails++; return "[EMAIL]"; });
        if (text.Contains('.') || text.Contains("://", StringComparison.Ordinal))
            text = Url().Replace(text, _ => { urls++; return "[URL]"; });
        if (HasDigitRun(text))
            text = PhoneCandidate().Replace(text, m =>
            {
                int digits = m.Value.Count(char.IsAsciiDigit);
                if (digits is < 7 or > 15 || IsoDateStart().IsMatch(m.Value)) return m.Value;
                phones++;
                return "[PHONE]";
            });
        if (at) text = Mention().Replace(text, _ => { mentions++; return "[MENTION]"; });
        counts.Add(emails, urls, phones, mentions);
        return text;
    }

    private static bool HasDigitRun(string text)
    {
        int digits = 0;
        foreach (var c in text)
            if (char.IsAsciiDigit(c) && ++digits >= 7) return true;
        return false;
    }
}
