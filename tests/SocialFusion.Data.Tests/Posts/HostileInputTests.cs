using System.Text;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Posts;

/// <summary>Input found by trying to break the reader (issue 9): each bad record costs that record only, named.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private static readonly PostReadOptions NoFiles = new() { RequireImageFiles = false };
    private const string CsvHeader = "id,user_id,created_at,text,images,reply_to,repost_of,label.location,engagement.likes";

    private PostReadResult Read(string name, params string[] lines)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return PostReader.Read(path, NoFiles);
    }

    private static string Csv(int i, string text = "fine") => $"p{i},u1,2024-03-05T08:15:00Z,{text},,,,gym,1";

    private static string Json(string id, string extra = "") =>
        $$"""{"id":"{{id}}","user_id":"u1","created_at":"2024-03-05T08:15:00Z"{{extra}}}""";

    [Fact]
    public void One_stray_quote_in_a_csv_cell_costs_that_record_only()
    {
        var lines = new List<string> { CsvHeader, Csv(0), Csv(1, "my 5\" screen") };
        lines.AddRange(Enumerable.Range(2, 1000).Select(i => Csv(i)));
        var r = Read("posts.csv", lines.ToArray());
        Assert.Equal(1001, r.Posts.Count);
        var bad = Assert.Single(r.Rejected);
        Assert.Equal((3L, "text", _dir.File("posts.csv")), (bad.Line, bad.Field, bad.File));
        Assert.Contains("stray quote in unquoted field 'text' at line 3, column 32", bad.Reason);
    }

    [Fact]
    public void Two_stray_quotes_reject_the_record_with_file_and_line_instead_of_crashing()
    {
        var r = Read("posts.csv", CsvHeader, Csv(0), "p1,u1,2024-03-05T08:15:00Z,my 5\" and 6\" screens,,,,gym,1", Csv(2));
        Assert.Equal(["p0", "p2"], r.Posts.Select(p => p.Id));
        var bad = Assert.Single(r.Rejected);
        Assert.Equal((3L, "text"), (bad.Line, bad.Field));
        Assert.Contains("stray quote", bad.Reason);
    }

    [Fact]
    public void Junk_after_a_closing_quote_rejects_the_record()
    {
        var r = Read("posts.csv", CsvHeader, "p1,u1,2024-03-05T08:15:00Z,\"quoted\" then more,,,,gym,1", Csv(2));
        Assert.Equal("p2", Assert.Single(r.Posts).Id);
        Assert.Contains("quoted field 'text' closes at line 2, column 35 but is followed by ' '", Assert.Single(r.Rejected).Reason);
    }

    [Fact]
    public void A_quote_opened_and_never_closed_gives_the_following_lines_back()
    {
        // The open quote runs into line 3, whose first quote is not followed by a comma: only line 2 is rejected.
        var r = Read("posts.csv", CsvHeader, "p1,u1,2024-03-05T08:15:00Z,\"5 screen,,,,gym,1", Csv(2, "\"quoted, fine\""), Csv(3));
        Assert.Equal(["p2", "p3"], r.Posts.Select(p => p.Id));
        Assert.Equal("quoted, fine", r.Posts[0].Text);
        var bad = Assert.Single(r.Rejected);
        Assert.Equal((2L, "text"), (bad.Line, bad.Field));
        Assert.Contains("only line 2 is rejected and reading goes on at line 3", bad.Reason);
    }

    [Fact]
    public void A_multi_line_record_with_the_wrong_cell_count_gives_its_lines_back()
    {
        // Line 2 opens a quote that closes properly on line 3, but the joined record has 5 cells, not 9.
        var r = Read("posts.csv", CsvHeader, "p1,u1,2024-03-05T08:15:00Z,\"oops,,,,gym,1", "more\",x", Csv(3));
        Assert.Equal("p3", Assert.Single(r.Posts).Id);
        Assert.Equal([2L, 3L], r.Rejected.Select(x => x.Line));
        Assert.Contains("continues onto line 3, but then the record has", r.Rejected[0].Reason);
    }

    [Fact]
    public void Well_formed_multi_line_fields_with_quotes_still_read_as_one_record()
    {
        var r = Read("posts.csv", CsvHeader, "p1,u1,2024-03-05T08:15:00Z,\"a \"\"5\"\"\"\" screen\"\"\n\nend\",,,,gym,1", Csv(2));
        Assert.Empty(r.Rejected);
        Assert.Equal("a \"5\"\" screen\"\n\nend", r.Posts[0].Text);
        Assert.Equal("p2", r.Posts[1].Id);
    }

    [Fact]
    public void Duplicate_csv_header_column_rejects_the_header_and_every_record()
    {
        var r = Read("posts.csv", "id,user_id,created_at,text,text", "p1,u1,2024-03-05T08:15:00Z,a,b");
        Assert.Empty(r.Posts);
        Assert.Equal([(1L, "text"), (2L, null)], r.Rejected.Select(x => (x.Line, x.Field)));
        Assert.Contains("column 'text' appears twice in the header (columns 4 and 5)", r.Rejected[0].Reason);
        Assert.Contains("record not read: column 'text' appears twice", r.Rejected[1].Reason);
    }

    [Theory]
    [InlineData("text", ""","text":"cut \ud83d"}""")]
    [InlineData("text", ""","text":"\ud83d\ud83d end \ude00"}""")]
    public void Lone_surrogate_in_text_is_repaired_with_a_warning(string field, string tail)
    {
        var r = Read("posts.jsonl", Json("p1", "").TrimEnd('}') + tail, Json("p2"));
        Assert.Empty(r.Rejected);
        Assert.Equal(2, r.Posts.Count);
        Assert.Contains('\uFFFD', r.Posts[0].Text!);
        Assert.DoesNotContain(r.Posts[0].Text!, char.IsSurrogate);
        var w = Assert.Single(r.Warnings);
        Assert.Equal((1L, field), (w.Line, w.Field));
        Assert.Contains("lone UTF-16 surrogate escape", w.Reason);
    }

    [Fact]
    public void Valid_surrogate_pairs_and_escaped_backslashes_are_left_alone()
    {
        var r = Read("posts.jsonl", Json("p1", ""","text":"\ud83d\ude00 \\ud83d" """.TrimEnd()));
        Assert.Empty(r.Warnings);
        Assert.Equal("😀 \\ud83d", Assert.Single(r.Posts).Text);
    }

    [Theory]
    [InlineData(""","user_id":"u\ud83d" """, "user_id")]
    [InlineData(""","labels":{"location":"gym\udc00"}""", "labels.location")]
    [InlineData(""","images":["a\ud83d.jpg"]""", "images[0]")]
    [InlineData(""","labels":{"loc\ud83d":"gym"}""", "labels")]
    [InlineData(""","\ud83d":1""", null)]
    public void Lone_surrogate_elsewhere_rejects_the_record_naming_the_field(string extra, string? field)
    {
        var line = extra.Contains("user_id")
            ? """{"id":"p1","created_at":"2024-03-05T08:15:00Z" """.TrimEnd() + extra.TrimEnd() + "}"
            : Json("p1", extra);
        var r = Read("posts.jsonl", line, Json("p2"));
        Assert.Equal("p2", Assert.Single(r.Posts).Id);
        var bad = Assert.Single(r.Rejected);
        Assert.Equal((1L, field), (bad.Line, bad.Field));
        Assert.Contains("lone UTF-16 surrogate escape", bad.Reason);
    }

    [Theory]
    [InlineData("posts.jsonl")]
    [InlineData("posts.csv")]
    public void Nul_in_an_image_path_drops_that_image_naming_line_and_field(string name)
    {
        var r = name.EndsWith(".csv")
            ? Read(name, CsvHeader, "p1,u1,2024-03-05T08:15:00Z,hi,ok.jpg|a\0b.jpg,,,gym,1", Csv(2))
            : Read(name, Json("p1", ""","images":["ok.jpg","a\u0000b.jpg"]"""), Json("p2"));
        Assert.Equal(2, r.Posts.Count);
        Assert.Equal([_dir.File("ok.jpg")], r.Posts[0].Images);
        var w = Assert.Single(r.Warnings);
        Assert.Equal((name.EndsWith(".csv") ? 2L : 1L, "images[1]"), (w.Line, w.Field));
        Assert.Contains("image path contains a NUL character", w.Reason);
    }

    [Fact]
    public void Nul_in_an_image_path_rejects_the_post_under_the_reject_policy()
    {
        var path = _dir.File("posts.jsonl");
        File.WriteAllText(path, Json("p1", ""","images":["a\u0000b.jpg"]""") + "\n");
        var r = PostReader.Read(path, NoFiles with { MissingImage = MissingImagePolicy.Reject });
        Assert.Equal("images[0]", Assert.Single(r.Rejected).Field);
    }

    [Fact]
    public void Labels_are_trimmed_and_case_folded_and_blank_labels_are_absent()
    {
        var r = Read("posts.jsonl",
            Json("p1", ""","labels":{"location":" gym"}"""), Json("p2", ""","labels":{"location":"GYM"}"""),
            Json("p3", ""","labels":{"location":"gym "}"""), Json("p4", ""","labels":{"location":"","text_sentiment":"Positive"}"""),
            Json("p5", ""","labels":{"location":"   "}"""));
        Assert.Empty(r.Rejected);
        Assert.Equal(["gym", "gym", "gym", null, null], r.Posts.Select(p => p.Label("location")));
        Assert.Equal("positive", r.Posts[3].Label("text_sentiment"));
        Assert.Equal([(4L, "labels.location"), (5L, "labels.location")], r.Warnings.Select(w => (w.Line, w.Field)));
        Assert.Contains("label location is empty; read as no location label", r.Warnings[0].Reason);
    }

    [Fact]
    public void Csv_labels_are_normalised_too()
    {
        var r = Read("posts.csv", CsvHeader, "p1,u1,2024-03-05T08:15:00Z,hi,,,,\" GYM \",1", "p2,u1,2024-03-05T08:15:00Z,hi,,,, ,1");
        Assert.Equal(["gym", null], r.Posts.Select(p => p.Label("location")));
    }

    [Fact]
    public void Allowed_label_values_compare_in_normal_form()
    {
        var path = _dir.File("posts.jsonl");
        File.WriteAllText(path, Json("p1", ""","labels":{"location":" Gym"}""") + "\n");
        var r = PostReader.Read(path, NoFiles with
        {
            AllowedLabelValues = new Dictionary<string, IReadOnlySet<string>> { ["location"] = new HashSet<string> { "GYM", "home" } },
        });
        Assert.Equal("gym", Assert.Single(r.Posts).Label("location"));
    }

    [Theory]
    [InlineData("id", " p1")]
    [InlineData("id", "p1 ")]
    [InlineData("id", "p\t1")]
    [InlineData("user_id", "u1 ")]
    [InlineData("reply_to", " p0")]
    [InlineData("repost_of", "p0\n")]
    public void Ids_with_surrounding_whitespace_or_control_characters_are_rejected(string field, string value)
    {
        var fields = new Dictionary<string, string> { ["id"] = "p1", ["user_id"] = "u1", ["created_at"] = "2024-03-05T08:15:00Z", [field] = value };
        var line = System.Text.Json.JsonSerializer.Serialize(fields);
        var r = Read("posts.jsonl", line, Json("p2"));
        Assert.Equal("p2", Assert.Single(r.Posts).Id);
        var bad = Assert.Single(r.Rejected);
        Assert.Equal(field, bad.Field);
        Assert.Matches("leading or trailing whitespace|control character", bad.Reason);
    }

    [Theory]
    [InlineData("""{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","text":"a","text":"b"}""", "text")]
    [InlineData("""{"id":"p1","id":"p9","user_id":"u1","created_at":"2024-03-05T08:15:00Z"}""", "id")]
    [InlineData("""{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","labels":{"location":"gym","location":"home"}}""", "labels.location")]
    [InlineData("""{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","engagement":{"likes":1,"likes":2}}""", "engagement.likes")]
    [InlineData("""{"id":"p1","user_id":"u1","created_at":"2024-03-05T08:15:00Z","mood":1,"mood":2}""", "mood")]
    public void Duplicate_json_keys_reject_the_record(string line, string field)
    {
        var r = Read("posts.jsonl", line, Json("p2"));
        Assert.Equal("p2", Assert.Single(r.Posts).Id);
        var bad = Assert.Single(r.Rejected);
        Assert.Equal((1L, field), (bad.Line, bad.Field));
        Assert.Contains($"key '{field}' appears twice in the object", bad.Reason);
    }

    [Fact]
    public void Many_warnings_on_one_line_give_one_bounded_side_file_entry()
    {
        var keys = string.Concat(Enumerable.Range(0, 10_000).Select(i => $",\"k{i}\":{i}"));
        var r = Read("posts.jsonl", Json("p1", keys), Json("p2", ",\"mood\":1"));
        Assert.Equal(2, r.Posts.Count);
        Assert.Equal(10_001, r.WarningCount);
        Assert.Equal(2, r.Warnings.Count);
        var w = r.Warnings[0];
        Assert.Null(w.Field);
        Assert.StartsWith("10000 warnings: k0: unknown field 'k0' ignored | k1: ", w.Reason);
        Assert.EndsWith("| ... and 9990 more (unknown field 9990)", w.Reason);
        Assert.True(w.Raw.Length <= 2048);
        Assert.Contains("read 2 lines: 2 posts, 0 rejected, 10001 warnings; reasons: unknown field 10001", r.Summary);
        var side = _dir.File("side.jsonl");
        RejectedRecordWriter.Write(side, r);
        Assert.Equal(2, File.ReadAllLines(side).Length);
        Assert.InRange(new FileInfo(side).Length, 1, 8_000);
    }

    [Fact]
    public void Text_limit_counts_characters_not_utf16_units()
    {
        var path = _dir.File("posts.jsonl");
        File.WriteAllText(path, Json("p1", ""","text":"😀😀😀😀😀" """.TrimEnd()) + "\n" + Json("p2", ""","text":"😀😀😀😀😀😀" """.TrimEnd()) + "\n");
        var r = PostReader.Read(path, NoFiles with { MaxTextChars = 5 });
        Assert.Equal("p1", Assert.Single(r.Posts).Id);
        Assert.Contains("text has 6 characters, more than the limit 5", Assert.Single(r.Rejected).Reason);
    }

    [Theory]
    [InlineData("utf-16", "little-endian")]
    [InlineData("utf-16BE", "big-endian")]
    public void Utf16_without_bom_is_refused_with_a_hint(string encoding, string endian)
    {
        var path = _dir.File("u16.jsonl");
        File.WriteAllBytes(path, Encoding.GetEncoding(encoding).GetBytes(Json("p1") + "\n" + Json("p2") + "\n"));
        var e = Assert.Throws<InvalidDataException>(() => PostReader.Read(path, NoFiles));
        Assert.Contains($"{path}: looks like UTF-16 {endian} without a byte-order mark", e.Message);
        Assert.Contains("convert it to UTF-8", e.Message);
    }

    [Fact]
    public void A_directory_as_input_is_named_as_a_directory()
    {
        Directory.CreateDirectory(_dir.File("posts.jsonl"));
        var e = Assert.Throws<IOException>(() => PostReader.Read(_dir.File("posts.jsonl")));
        Assert.Contains("is a directory, not a posts file", e.Message);
    }
}
