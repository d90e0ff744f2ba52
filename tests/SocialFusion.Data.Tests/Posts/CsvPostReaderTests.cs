using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Posts;

public sealed class CsvPostReaderTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private const string Header = "id,user_id,created_at,text,images,reply_to,repost_of,label.location,engagement.likes";

    private PostReadResult Read(params string[] lines)
    {
        var path = _dir.File("posts.csv");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return PostReader.Read(path, new PostReadOptions { RequireImageFiles = false });
    }

    [Fact]
    public void Reads_quoted_multiline_fields_labels_and_engagement()
    {
        var r = Read(Header,
            "p1,u1,2024-03-05T08:15:00+01:00,\"line one\nline \"\"two\"\", with comma\",a.jpg|b/c.png,,,gym,3",
            "p2,u2,2024-03-05T08:15:00Z,,,p1,,,");
        Assert.Empty(r.Rejected);
        var p1 = r.Posts[0];
        Assert.Equal("line one\nline \"two\", with comma", p1.Text);
        Assert.Equal([_dir.File("a.jpg"), _dir.File("b/c.png")], p1.Images);
        Assert.Equal("gym", p1.Label("location"));
        Assert.Equal(3, p1.Engagement!["likes"]);
        var p2 = r.Posts[1];
        Assert.Null(p2.Text);
        Assert.Empty(p2.Images);
        Assert.Empty(p2.Labels);
        Assert.Null(p2.Engagement);
        Assert.Equal("p1", p2.ReplyTo);
    }

    [Fact]
    public void Bad_records_name_line_and_field()
    {
        var r = Read(Header,
            "p1,u1,2024-03-05T08:15:00Z,\"two\nlines\",,,,,1",
            "p2,u1,yesterday,,,,,,",
            "p3,u1,2024-03-05T08:15:00Z,,,,,,many",
            "p4,u1",
            ",u1,2024-03-05T08:15:00Z,,,,,,",
            "p1,u1,2024-03-05T08:15:00Z,,,,,,");
        Assert.Equal(["p1"], r.Posts.Select(p => p.Id));
        Assert.Equal([(4L, "created_at"), (5L, "engagement.likes"), (6L, null), (7L, "id"), (8L, "id")],
            r.Rejected.Select(x => (x.Line, x.Field)));
        Assert.Contains("record has 2 fields, the header has 9", r.Rejected[2].Reason);
        Assert.Contains("first seen on line 2", r.Rejected[4].Reason);
    }

    [Fact]
    public void Unterminated_quote_rejects_its_first_line_only()
    {
        var r = Read(Header, "p1,u1,2024-03-05T08:15:00Z,\"never closed,,,,,", "p2,u1,2024-03-05T08:15:00Z,,,,,,");
        Assert.Equal("p2", Assert.Single(r.Posts).Id);
        var bad = Assert.Single(r.Rejected);
        Assert.Equal(2, bad.Line);
        Assert.Equal("text", bad.Field);
        Assert.Contains("quoted field 'text' (opened at column 28) is not closed before the end of the file; only line 2 is rejected", bad.Reason);
        Assert.Equal("p1,u1,2024-03-05T08:15:00Z,\"never closed,,,,,", bad.Raw);
    }

    [Fact]
    public void Header_problems_are_reported()
    {
        var r = Read("id,created_at,extra", "p1,2024-03-05T08:15:00Z,x");
        Assert.Contains(r.Rejected, x => x.Line == 1 && x.Field == "user_id" && x.Reason.Contains("no required column"));
        Assert.Contains(r.Warnings, x => x.Line == 1 && x.Field == "extra");
        Assert.Contains(r.Rejected, x => x.Line == 2 && x.Field == "user_id");
        Assert.Empty(r.Posts);
    }

    [Fact]
    public void Invalid_utf8_in_csv_is_rejected_with_offset()
    {
        var path = _dir.File("bad.csv");
        var bytes = System.Text.Encoding.UTF8.GetBytes(Header + "\np1,u1,2024-03-05T08:15:00Z,ab").Concat(new byte[] { 0xFE })
            .Concat(System.Text.Encoding.UTF8.GetBytes(",,,,,\np2,u1,2024-03-05T08:15:00Z,,,,,,\n")).ToArray();
        File.WriteAllBytes(path, bytes);
        var r = PostReader.Read(path, new PostReadOptions { RequireImageFiles = false });
        var bad = Assert.Single(r.Rejected);
        Assert.Equal(2, bad.Line);
        Assert.Contains("invalid UTF-8 byte at byte offset 29", bad.Reason);
        Assert.Contains("\\xFE", bad.Raw);
        Assert.Equal("p2", Assert.Single(r.Posts).Id);
    }
}
