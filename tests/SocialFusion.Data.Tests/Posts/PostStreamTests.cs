using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Posts;

public class PostStreamTests
{
    [Fact]
    public void Stream_hands_over_the_same_posts_and_rejections_as_Read_and_keeps_none()
    {
        using var dir = new TempDir();
        var path = dir.File("p.jsonl");
        File.WriteAllText(path, string.Join("\n",
            """{"id":"a","user_id":"u","created_at":"2024-03-05T08:15:00Z","text":"x"}""",
            "",
            """{"id":"b","user_id":"u","created_at":"2024-03-05T08:15:00","text":"no offset"}""" + "\r",
            "{broken",
            """{"id":"a","user_id":"v","created_at":"2024-03-05T08:15:00Z"}""",
            "  \u00a0",
            """  {"id":"c","user_id":"w","created_at":"2024-03-05T08:15:00Z","text":"é ü"}""") + "\n");
        var read = PostReader.Read(path);
        var streamed = new List<Post>();
        var result = PostReader.Stream(path, streamed.Add);
        Assert.Empty(result.Posts);
        Assert.Equal(read.Posts.Select(p => (p.Id, p.Text)), streamed.Select(p => (p.Id, p.Text)));
        Assert.Equal(3, result.Accepted);
        Assert.Equal(read.Rejected, result.Rejected);
        Assert.Equal(read.Warnings, result.Warnings);
        Assert.Equal(read.Summary, result.Summary);
        Assert.Equal(["a", "b", "c"], streamed.Select(p => p.Id));
        Assert.Equal(2, result.Rejected.Count);
    }
}
