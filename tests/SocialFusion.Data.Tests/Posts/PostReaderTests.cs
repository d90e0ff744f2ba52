using System.Text;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Posts;

/// <summary>Every kind of bad input: which line, which field, which reason.</summary>
public sealed class PostReaderTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private const string Good1 = """{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00+01:00","text":"hi","labels":{"location":"gym"}}""";
    private const string Good2 = """{"id":"p2","user_id":"u1","created_at":"2024-03-05T08:15:00Z"}""";

    private static readonly PostReadOptions NoFiles = new() { RequireImageFiles = false };

    private PostReadResult ReadLines(PostReadOptions? options, params string[] lines)
    {
        var path = _dir.File("posts.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return PostReader.Read(path, options ?? NoFiles);
    }

    private static RejectedRecord Single(IReadOnlyList<RejectedRecord> records, long line, string? field, string reason)
    {
        var r = Assert.Single(records);
        Assert.Equal(line, r.Line);
        Assert.Equal(field, r.Field);
        Assert.Contains(reason, r.Reason);
        return r;
    }

    [Fact]
    public void Reads_good_posts()
    {
        var r = ReadLines(null, Good1, Good2);
        Assert.Equal(["p1", "p2"], r.Posts.Select(p => p.Id));
        var p1 = r.Posts[0];
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 8, 15, 0, TimeSpan.FromHours(1)), p1.CreatedAt);
        Assert.Equal(TimeSpan.FromHours(1), p1.CreatedAt.Offset);
        Assert.Equal("gym", p1.Label("location"));
        Assert.Empty(r.Rejected);
        Assert.Empty(r.Warnings);
        Assert.Equal("read 2 lines: 2 posts, 0 rejected, 0 warnings", r.Summary);
    }

    [Fact]
    public void Malformed_json_names_the_position()
    {
        var r = ReadLines(null, Good1, """{"id":"p2","user_id" "u1"}""");
        var bad = Single(r.Rejected, 2, null, "malformed JSON at byte 21");
        Assert.Equal("""{"id":"p2","user_id" "u1"}""", bad.Raw);
        Assert.Single(r.Posts);
    }

    [Theory]
    [InlineData("""{"user_id":"u1","created_at":"2024-03-05T08:15:00Z"}""", "id", "required field id is missing")]
    [InlineData("""{"id":"  ","user_id":"u1","created_at":"2024-03-05T08:15:00Z"}""", "id", "required field id is missing")]
    [InlineData("""{"id":"p9","created_at":"2024-03-05T08:15:00Z"}""", "user_id", "required field user_id")]
    [InlineData("""{"id":"p9","user_id":"u1"}""", "created_at", "required field created_at")]
    [InlineData("""{"id":9,"user_id":"u1","created_at":"2024-03-05T08:15:00Z"}""", "id", "id must be a string, got number 9")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":["a"]}""", "text", "text must be a string, got array")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","images":"a.jpg"}""", "images", "must be an array of strings")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","images":["a.jpg",3]}""", "images[1]", "must be a string")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","labels":["gym"]}""", "labels", "must be an object")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","labels":{"location":true}}""", "labels.location", "string or number")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","engagement":{"likes":-1}}""", "engagement.likes", "non-negative integer")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","engagement":{"likes":1.5}}""", "engagement.likes", "non-negative integer")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z","reply_to":5}""", "reply_to", "must be a string")]
    [InlineData("""["p9"]""", null, "expected an object")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-13-05T08:15:00Z"}""", "created_at", "not an ISO 8601 date-time")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"05/03/2024 08:15"}""", "created_at", "not an ISO 8601 date-time")]
    [InlineData("""{"id":"p9","user_id":"u1","created_at":"2024-03-05"}""", "created_at", "not an ISO 8601 date-time")]
    public void Bad_fields_reject_the_line(string line, string? field, string reason)
    {
        var r = ReadLines(null, Good1, line, Good2);
        Single(r.Rejected, 2, field, reason);
        Assert.Equal(["p1", "p2"], r.Posts.Select(p => p.Id));
    }

    [Fact]
    public void Date_time_without_offset_is_utc_with_warning()
    {
        var r = ReadLines(null, """{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00"}""");
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 8, 15, 0, TimeSpan.Zero), Assert.Single(r.Posts).CreatedAt);
        Single(r.Warnings, 1, "created_at", "has no offset; assumed UTC");
    }

    [Fact]
    public void Duplicate_id_rejects_the_later_line_naming_the_first()
    {
        var r = ReadLines(null, Good1, Good2, "", Good1.Replace("\"hi\"", "\"again\""));
        Single(r.Rejected, 4, "id", "duplicate id 'p1': first seen on line 1");
        Assert.Equal("hi", r.Posts[0].Text);
        Assert.Contains("duplicate id 1", r.Summary);
    }

    [Fact]
    public void Unknown_label_values_are_rejected_when_allowed_values_are_given()
    {
        var options = NoFiles with
        {
            AllowedLabelValues = new Dictionary<string, IReadOnlySet<string>> { ["location"] = new HashSet<string> { "home", "work" } },
        };
        var r = ReadLines(options, Good1, Good2);
        Single(r.Rejected, 1, "labels.location", "label location = 'gym' is not one of the allowed values (home, work)");
        Assert.Equal("p2", Assert.Single(r.Posts).Id);
    }

    [Fact]
    public void Numeric_labels_are_kept_as_invariant_strings()
    {
        var r = ReadLines(null, """{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","labels":{"score":1.5,"n":3}}""");
        var p = Assert.Single(r.Posts);
        Assert.Equal("1.5", p.Label("score"));
        Assert.Equal("3", p.Label("n"));
    }

    [Fact]
    public void Unknown_top_level_fields_warn_but_keep_the_post()
    {
        var r = ReadLines(null, """{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","mood":"ok"}""");
        Assert.Single(r.Posts);
        Single(r.Warnings, 1, "mood", "unknown field 'mood' ignored");
    }

    [Fact]
    public void Invalid_utf8_rejects_the_line_with_the_byte_offset()
    {
        var path = _dir.File("bad.jsonl");
        var line2 = Encoding.UTF8.GetBytes("""{"id":"p2","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":"a""");
        var bytes = Encoding.UTF8.GetBytes(Good1 + "\n").Concat(line2).Concat(new byte[] { 0xFF, 0xC3 })
            .Concat(Encoding.UTF8.GetBytes("\"}\n" + Good2 + "\n")).ToArray();
        File.WriteAllBytes(path, bytes);
        var r = PostReader.Read(path, NoFiles);
        var bad = Single(r.Rejected, 2, null, $"invalid UTF-8 byte at byte offset {line2.Length}");
        Assert.EndsWith("\"a\\xFF\\xC3\"}", bad.Raw);
        Assert.Equal(2, r.Posts.Count);
    }

    [Fact]
    public void Utf8_bom_is_fine()
    {
        var path = _dir.File("bom.jsonl");
        File.WriteAllText(path, Good1 + "\n", new UTF8Encoding(true));
        Assert.Equal("p1", Assert.Single(PostReader.Read(path, NoFiles).Posts).Id);
    }

    [Theory]
    [InlineData("utf-16")]
    [InlineData("utf-16BE")]
    public void Utf16_with_bom_is_decoded(string encoding)
    {
        var path = _dir.File("u16.jsonl");
        var line = """{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":"café 😀 日本"}""";
        File.WriteAllText(path, line + "\r\n" + Good2 + "\r\n", Encoding.GetEncoding(encoding));
        var r = PostReader.Read(path, NoFiles);
        Assert.Empty(r.Rejected);
        Assert.Equal("café 😀 日本", r.Posts[0].Text);
        Assert.Equal(2, r.Posts.Count);
    }

    [Fact]
    public void Empty_lines_are_skipped_and_line_numbers_still_count_them()
    {
        var r = ReadLines(null, "", Good1, "   ", "\r", "{", Good2);
        Assert.Equal(2, r.Posts.Count);
        Single(r.Rejected, 5, null, "malformed JSON");
        Assert.Equal(6, r.LinesRead);
    }

    [Fact]
    public void Oversized_line_is_rejected_without_buffering_it()
    {
        var huge = """{"id":"p3","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":" """ + new string('x', 3_000_000) + "\"}";
        var r = ReadLines(null, Good1, huge, Good2);
        var bad = Single(r.Rejected, 2, null, "line has more than 1048576 bytes");
        Assert.True(bad.Raw.Length <= 2048, $"raw kept {bad.Raw.Length} chars");
        Assert.StartsWith("{\"id\":\"p3\"", bad.Raw);
        Assert.Equal(2, r.Posts.Count);
    }

    [Fact]
    public void Text_over_the_limit_is_rejected()
    {
        var r = ReadLines(NoFiles with { MaxTextChars = 5 }, Good1.Replace("\"hi\"", "\"too long\""));
        Single(r.Rejected, 1, "text", "text has 8 characters, more than the limit 5");
    }

    private string Image(string name)
    {
        Directory.CreateDirectory(_dir.File("images"));
        File.WriteAllBytes(_dir.File("images/" + name), [1, 2, 3]);
        return "images/" + name;
    }

    private static string WithImages(params string[] images) =>
        $$"""{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","images":[{{string.Join(",", images.Select(i => $"\"{i}\""))}}]}""";

    [Fact]
    public void Missing_image_is_dropped_with_a_warning_by_default()
    {
        var a = Image("a.jpg");
        var r = ReadLines(new PostReadOptions(), WithImages(a, "images/missing.jpg"));
        var p = Assert.Single(r.Posts);
        Assert.Equal([_dir.File("images/a.jpg")], p.Images);
        Single(r.Warnings, 1, "images[1]", "image file not found: " + _dir.File("images/missing.jpg"));
    }

    [Fact]
    public void Missing_image_rejects_the_post_when_asked()
    {
        var r = ReadLines(new PostReadOptions { MissingImage = MissingImagePolicy.Reject }, WithImages("nope.png"));
        Assert.Empty(r.Posts);
        Single(r.Rejected, 1, "images[0]", "image file not found");
    }

    [Fact]
    public void Undecodable_image_is_caught_when_decoding_is_on()
    {
        var junk = Image("junk.jpg");
        var r = ReadLines(new PostReadOptions { DecodeImages = true }, WithImages(junk));
        Assert.Empty(Assert.Single(r.Posts).Images);
        Single(r.Warnings, 1, "images[0]", "image cannot be decoded");
    }

    [Fact]
    public void Too_many_images_keeps_the_first_ones_with_a_warning()
    {
        var names = Enumerable.Range(0, 3).Select(i => Image($"{i}.jpg")).ToArray();
        var r = ReadLines(new PostReadOptions { MaxImagesPerPost = 2 }, WithImages(names));
        Assert.Equal(2, Assert.Single(r.Posts).Images.Count);
        Single(r.Warnings, 1, "images", "3 images, more than the limit 2");
    }

    [Fact]
    public void Absolute_image_paths_are_kept()
    {
        var abs = _dir.File(Image("x.jpg"));
        var r = ReadLines(new PostReadOptions(), WithImages(abs));
        Assert.Equal([abs], Assert.Single(r.Posts).Images);
    }

    [Fact]
    public void Summary_counts_reasons()
    {
        var r = ReadLines(null, Good1, Good1, "{", "{", """{"id":"x","user_id":"u","created_at":"now"}""", Good2);
        Assert.Equal("read 6 lines: 2 posts, 4 rejected, 0 warnings; reasons: malformed JSON 2, bad created_at 1, duplicate id 1", r.Summary);
    }

    [Fact]
    public void Side_file_lists_every_rejection_and_warning()
    {
        var r = ReadLines(null, Good1, "{", """{"id":"p3","user_id":"u1","created_at":"2024-03-05T08:15:00","x":1}""");
        var side = _dir.File("rejected.jsonl");
        RejectedRecordWriter.Write(side, r);
        var lines = File.ReadAllLines(side).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal("rejected", lines[0].GetProperty("kind").GetString());
        Assert.Equal(2, lines[0].GetProperty("line").GetInt64());
        Assert.Equal("{", lines[0].GetProperty("raw").GetString());
        Assert.Equal(_dir.File("posts.jsonl"), lines[0].GetProperty("file").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, lines[0].GetProperty("field").ValueKind);
        // One entry per record: its two warnings are listed in one reason, the field is null as they differ.
        Assert.Equal("warning", lines[1].GetProperty("kind").GetString());
        Assert.Equal(3, lines[1].GetProperty("line").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, lines[1].GetProperty("field").ValueKind);
        Assert.Equal("2 warnings: x: unknown field 'x' ignored | created_at: created_at '2024-03-05T08:15:00' has no offset; assumed UTC",
            lines[1].GetProperty("reason").GetString());
    }

    [Fact]
    public void Unknown_extension_is_refused()
    {
        var path = _dir.File("posts.txt");
        File.WriteAllText(path, Good1);
        Assert.Contains("unknown posts file extension '.txt'", Assert.Throws<NotSupportedException>(() => PostReader.Read(path)).Message);
    }

    [Fact]
    public void Stream_overload_uses_the_given_name_and_folder()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes(WithImages("a.jpg") + "\n{\n"));
        var r = PostReader.ReadJsonl(stream, "memory", "/data/x", NoFiles);
        Assert.Equal(["/data/x/a.jpg"], Assert.Single(r.Posts).Images);
        Assert.Equal("memory", Assert.Single(r.Rejected).File);
    }
}
