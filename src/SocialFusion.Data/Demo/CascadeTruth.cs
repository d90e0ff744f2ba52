using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialFusion.Data.Demo;

/// <summary>Writes truth/cascades.jsonl from the reshare process: one line per root that drew at least one reshare.</summary>
internal static class CascadeTruth
{
    /// <summary>
    /// Fields: <c>root</c>, <c>community</c> (root author's), <c>size</c> (with the root), <c>same_community_share</c> and
    /// <c>follows_parent_author_share</c> (of members), <c>virality</c> and <c>lifetime_hours</c> (the planted v_c and tau_c),
    /// and <c>members</c> in time order (<c>id</c>, <c>kind</c>, <c>parent</c>, <c>delay_minutes</c> after the root,
    /// <c>follows_parent_author</c>).
    /// </summary>
    public static void Write(string path, SelfExcitingCascades cascades, Func<int, string> postId)
    {
        int n = cascades.Count;
        // Counting sort of members by root keeps them in time order without a dictionary of lists.
        var start = new int[n + 1];
        for (int i = 0; i < n; i++) if (cascades.Parent(i) >= 0) start[cascades.Root(i) + 1]++;
        for (int i = 0; i < n; i++) start[i + 1] += start[i];
        var members = new int[start[n]];
        var next = start[..^1].ToArray();
        for (int i = 0; i < n; i++) if (cascades.Parent(i) >= 0) members[next[cascades.Root(i)]++] = i;

        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        for (int root = 0; root < n; root++)
        {
            int count = start[root + 1] - start[root];
            if (count == 0) continue;
            var span = members.AsSpan(start[root], count);
            int community = cascades.CommunityOf(cascades.Author(root)), same = 0, follows = 0;
            foreach (int m in span)
            {
                if (cascades.CommunityOf(cascades.Author(m)) == community) same++;
                if (FollowsParentAuthor(cascades, m)) follows++;
            }
            w.WriteStartObject();
            w.WriteString("root", postId(root)); w.WriteNumber("community", community); w.WriteNumber("size", count + 1);
            w.WriteNumber("same_community_share", Math.Round(same / (double)count, 4));
            w.WriteNumber("follows_parent_author_share", Math.Round(follows / (double)count, 4));
            w.WriteNumber("virality", Math.Round(cascades.Virality(root), 4));
            w.WriteNumber("lifetime_hours", Math.Round(cascades.LifetimeHours(root), 2));
            w.WriteStartArray("members");
            foreach (int m in span)
            {
                w.WriteStartObject();
                w.WriteString("id", postId(m));
                w.WriteString("kind", cascades.Kind(m) == ReshareKind.Reply ? "reply" : "repost");
                w.WriteString("parent", postId(cascades.Parent(m)));
                w.WriteNumber("delay_minutes", Math.Round((cascades.Ticks(m) - cascades.Ticks(root)) / (double)TimeSpan.TicksPerMinute, 1));
                w.WriteBoolean("follows_parent_author", FollowsParentAuthor(cascades, m));
                w.WriteEndObject();
            }
            w.WriteEndArray(); w.WriteEndObject();
            w.Flush();
            file.WriteByte((byte)'\n');
            w.Reset();
        }
    }

    private static bool FollowsParentAuthor(SelfExcitingCascades c, int member) =>
        c.Graph.Follows(c.Author(member), c.Author(c.Parent(member)));
}
