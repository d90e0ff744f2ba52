using SocialFusion.Analytics.Privacy;
using Xunit;

namespace SocialFusion.Analytics.Tests.Privacy;

public class TextScrubberTests
{
    [Theory]
    [InlineData("mail me at jane.doe+x@mail.example.co.uk today", "mail me at [EMAIL] today")]
    [InlineData("see https://example.com/a?b=1 and www.test.org", "see [URL] and [URL]")]
    [InlineData("menu at bit.ly/3xYz now", "menu at [URL] now")]
    [InlineData("call +49 30 1234567 or (030) 123-4567", "call [PHONE] or [PHONE]")]
    [InlineData("ring 0044 20 7946 0958!", "ring [PHONE]!")]
    [InlineData("@u0042 nice one @bob_99", "[MENTION] nice one [MENTION]")]
    [InlineData("on 2024-03-05 at 08:15, 3 coffees, 12 km", "on 2024-03-05 at 08:15, 3 coffees, 12 km")]
    [InlineData("id 123456 is short, 1234567890123456 too long", "id 123456 is short, 1234567890123456 too long")]
    [InlineData("price 4.50 and file.txt", "price 4.50 and file.txt")]
    [InlineData("ann@x.io says hi to @ann", "[EMAIL] says hi to [MENTION]")]
    public void Replaces_each_kind_with_its_placeholder_and_leaves_the_rest(string text, string expected)
    {
        Assert.Equal(expected, TextScrubber.Scrub(text, new ScrubCounts()));
    }

    [Fact]
    public void Counts_every_replacement_by_kind()
    {
        var counts = new ScrubCounts();
        TextScrubber.Scrub("a@b.com @c http://d.org/x +1 555 123 4567", counts);
        TextScrubber.Scrub("nothing here", counts);
        TextScrubber.Scrub(null, counts);
        Assert.Equal((1, 1, 1, 1, 1), (counts.Emails, counts.Mentions, counts.Urls, counts.Phones, counts.TextsChanged));
    }
}
