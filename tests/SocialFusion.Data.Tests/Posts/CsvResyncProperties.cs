using FsCheck;
using FsCheck.Fluent;
using SocialFusion.Data.Posts;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Data.Tests.Posts;

/// <summary>
/// Property: one corrupted CSV record among random valid ones costs that record only. A corrupted record on one
/// line is the only rejection; one whose later cells span lines has each of its lines read (and rejected) on its own,
/// never a line of another record.
/// </summary>
public sealed class CsvResyncProperties
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(80);

    // Each replaces a single-line text cell. Some are unquoted with stray quotes, some open a quoted field that
    // never closes properly, so it runs on into the records below and has to be given back.
    private static readonly string[] Corruptions =
    [
        "my 5\" screen", "my 5\" and 6\" screens", "\"never closed", "\"closed\" then more", "x\"", "\"",
        "\"open, with a comma", "\"\"\"", "\"a\"\"b", "\"ends\"\"",
    ];

    [Fact]
    public void One_corrupted_record_among_valid_ones_is_the_only_rejection()
    {
        using var dir = new TempDir();
        var path = dir.File("posts.csv");
        var options = new PostReadOptions { RequireImageFiles = false };
        var gen =
            from before in Gen.Choose(1, 8)
            from after in Gen.Choose(1, 8)
            from posts in Gen.CollectToList(Enumerable.Range(0, before + 1 + after).Select(i => PostRoundTripProperties.PostGen(dir.Path, i)))
            from corruption in Gen.Elements(Corruptions)
            select (Posts: posts.ToList(), Bad: before, Corruption: corruption);
        Check.One(Quick, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var posts = c.Posts;
            // The bad record is written with a placeholder text on one line, then its text cell is corrupted.
            posts[c.Bad] = posts[c.Bad] with { Text = "PLACEHOLDER" };
            PostWriter.WriteCsv(posts, path);
            var lines = File.ReadAllText(path).Split('\n');
            var badLine = Array.FindIndex(lines, l => l.StartsWith($"p{c.Bad},") && l.Contains(",PLACEHOLDER,"));
            var nextLine = Array.FindIndex(lines, badLine + 1, l => l.StartsWith($"p{c.Bad + 1},"));
            Assert.True(badLine > 0 && nextLine > badLine);
            lines[badLine] = lines[badLine].Replace(",PLACEHOLDER,", "," + c.Corruption + ",");
            File.WriteAllText(path, string.Join('\n', lines));

            var result = PostReader.Read(path, options);

            var rejected = result.Rejected[0];
            Assert.Equal(badLine + 1, rejected.Line);
            Assert.Equal(path, rejected.File);
            Assert.Equal("text", rejected.Field);
            if (nextLine == badLine + 1) Assert.Single(result.Rejected);
            Assert.All(result.Rejected, r => Assert.InRange(r.Line, badLine + 1, nextLine));
            var expected = posts.Where((_, i) => i != c.Bad).ToList();
            Assert.Equal(expected.Select(p => p.Id), result.Posts.Select(p => p.Id));
            Assert.Equal(expected.Select(p => p.Text), result.Posts.Select(p => p.Text));
            Assert.Equal(expected.Select(p => p.UserId), result.Posts.Select(p => p.UserId));
        }));
    }
}
