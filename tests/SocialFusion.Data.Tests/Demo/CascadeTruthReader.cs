using System.Text.Json;

namespace SocialFusion.Data.Tests.Demo;

/// <summary>
/// A demo collection's reshare structure read back from its files (posts.jsonl, truth/users.jsonl, truth/follows.csv,
/// truth/cascades.jsonl), so tests recompute what the truth claims instead of trusting the generator's own fields.
/// </summary>
public sealed class CascadeTruthReader
{
    public sealed record PostRow(string Id, string User, DateTimeOffset Time, string? ReplyTo, string? RepostOf)
    {
        public string? Parent => ReplyTo ?? RepostOf;
    }

    public Dictionary<string, PostRow> Posts { get; } = [];
    public Dictionary<string, int> Community { get; } = [];
    public HashSet<(string Follower, string Followee)> Follows { get; } = [];
    public List<JsonElement> Cascades { get; }

    public CascadeTruthReader(string dir)
    {
        foreach (var line in File.ReadLines(Path.Combine(dir, "posts.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var p = doc.RootElement;
            static string? S(JsonElement e) => e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var row = new PostRow(p.GetProperty("id").GetString()!, p.GetProperty("user_id").GetString()!,
                DateTimeOffset.Parse(p.GetProperty("created_at").GetString()!), S(p.GetProperty("reply_to")), S(p.GetProperty("repost_of")));
            Posts[row.Id] = row;
        }
        foreach (var line in File.ReadLines(Path.Combine(dir, "truth", "users.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            Community[doc.RootElement.GetProperty("user_id").GetString()!] = doc.RootElement.GetProperty("community").GetInt32();
        }
        foreach (var line in File.ReadLines(Path.Combine(dir, "truth", "follows.csv")).Skip(1))
        {
            var cells = line.Split(',');
            Follows.Add((cells[0], cells[1]));
        }
        Cascades = File.ReadLines(Path.Combine(dir, "truth", "cascades.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    public IEnumerable<PostRow> Reshares => Posts.Values.Where(p => p.Parent != null);

    /// <summary>The first post of the reply/repost chain that <paramref name="id"/> belongs to.</summary>
    public string RootOf(string id)
    {
        while (Posts[id].Parent is { } parent) id = parent;
        return id;
    }

    public bool FollowsParentAuthor(PostRow reshare) => Follows.Contains((reshare.User, Posts[reshare.Parent!].User));

    /// <summary>Cascade sizes (root included) recomputed from the posts' reply_to / repost_of alone.</summary>
    public List<int> Sizes() => Reshares.GroupBy(p => RootOf(p.Id)).Select(g => g.Count() + 1).Order().ToList();

    /// <summary>Hours from the root to each reshare, over all cascades.</summary>
    public List<double> DelaysHours() => Reshares.Select(p => (p.Time - Posts[RootOf(p.Id)].Time).TotalHours).ToList();
}
