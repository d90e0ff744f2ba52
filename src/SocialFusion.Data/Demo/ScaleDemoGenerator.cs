using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialFusion.Data.Demo;

/// <summary>
/// The demo generator's fast text-only mode, for benchmarks and analytics at scale (1,000,000 posts by 100,000 users
/// with over a million follow edges in well under a minute): the same users (<see cref="DemoPopulation.CreateUsers"/>),
/// routines, daily activity curve, text composer, sentiment rule, trend bursts and reshare process
/// (<see cref="SelfExcitingCascades"/>) as <see cref="DemoDataGenerator"/>, but no images and no noise flags, and a
/// sparse follow graph over communities of uneven sizes (<see cref="DegreeCorrectedBlockModel"/>) instead of the dense
/// SBM, which is quadratic in users. Posts are streamed to disk in time order; memory is a few arrays of one entry per
/// post and per edge.
/// </summary>
public static class ScaleDemoGenerator
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Writes posts.jsonl, truth/ (users, follows, communities, cascades, trends) and manifest.json into <paramref name="outDir"/>.</summary>
    public static DemoDataSummary Generate(ScaleDemoOptions scale, string outDir, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(scale);
        scale.Validate();
        var o = scale.Demo;
        string T(string f) => Path.Combine(outDir, "truth", f);
        Directory.CreateDirectory(Path.Combine(outDir, "truth"));
        var community = DegreeCorrectedBlockModel.Communities(o.Users, o.Communities, scale.CommunitySizeExponent, DemoRandom.Stream(o.Seed, "scale-communities"));
        var users = DemoPopulation.CreateUsers(o).Select((u, i) => u with { Community = community[i] }).ToList();
        var graph = DegreeCorrectedBlockModel.Follows(community, o.Communities, scale.MeanFollows, scale.Mixing, DemoRandom.Stream(o.Seed, "scale-follows"));
        WriteFollows(T("follows.csv"), users, graph);
        WriteUsers(T("users.jsonl"), users);
        WriteCommunities(T("communities.json"), scale, users);
        var trends = DemoDataGenerator.PlanTrends(o, DemoLanguage.English);
        DemoFiles.WriteTrends(T("trends.jsonl"), o, trends);

        // When: author by rate (binary search over the cumulative rates), day, local hour; sorted by instant.
        var rng = DemoRandom.Stream(o.Seed, "scale-posts");
        var cumulative = new double[users.Count];
        double total = 0;
        for (int i = 0; i < users.Count; i++) cumulative[i] = total += users[i].Rate;
        var ticks = new long[o.Posts];
        var authors = new int[o.Posts];
        for (int i = 0; i < o.Posts; i++)
        {
            int u = Array.BinarySearch(cumulative, rng.NextDouble() * total);
            authors[i] = u < 0 ? Math.Min(~u, users.Count - 1) : u;
            int day = rng.Next(o.SpanDays), hour = rng.Weighted(Routines.HourActivity);
            var date = o.StartDate.AddDays(day);
            // Local wall-clock ticks then shifted to UTC, so the sort is by instant.
            long local = new DateTime(date.Year, date.Month, date.Day, hour, rng.Next(60), rng.Next(60)).Ticks;
            ticks[i] = local - TimeSpan.FromHours(users[authors[i]].UtcOffsetHours).Ticks;
        }
        var order = Enumerable.Range(0, o.Posts).ToArray();
        Array.Sort(ticks.ToArray(), order);

        var locations = new Dictionary<string, int>();
        var crng = DemoRandom.Stream(o.Seed, "scale-content");
        var process = DemoRandom.Stream(o.Seed, "scale-cascade-process");
        var cascades = new SelfExcitingCascades(o.Cascades, graph, community, o.Posts, o.CascadeCommunityBias);
        var postsPath = Path.Combine(outDir, "posts.jsonl");
        using (var file = new FileStream(postsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new Utf8JsonWriter(file, Writer))
        {
            for (int k = 0; k < o.Posts; k++)
            {
                int src = order[k];
                var user = users[authors[src]];
                var offset = TimeSpan.FromHours(user.UtcOffsetHours);
                var time = new DateTimeOffset(ticks[src] + offset.Ticks, offset);
                var location = DemoLocations.All[crng.Weighted(Routines.Weights(user, time.DayOfWeek, time.Hour))];
                locations[location] = locations.GetValueOrDefault(location) + 1;
                double mood = user.Positivity + crng.Range(-0.6f, 0.6f);
                var sentiment = mood > 0.3 ? "positive" : mood < -0.3 ? "negative" : "neutral";
                var kind = crng.Chance(o.UninformativeTextShare) ? TextComposer.Uninformative : TextComposer.Informative;
                int day = DateOnly.FromDateTime(time.DateTime).DayNumber - o.StartDate.DayNumber;
                var trend = trends.FirstOrDefault(t => day >= t.StartDay && day < t.EndDay && crng.Chance(t.Intensity));
                var text = DemoLanguage.English.Compose(new TextComposer.Request(user, location, kind, null, sentiment, trend?.Tag, time.DayOfWeek), crng);
                double r = crng.NextDouble();
                var reshare = k > 0 && r < o.ReplyShare + o.RepostShare ? (r < o.ReplyShare ? ReshareKind.Reply : ReshareKind.Repost) : ReshareKind.None;
                int parent = cascades.Add(ticks[src], authors[src], SelfExcitingCascades.Appeal(sentiment, false, trend != null), reshare, process);
                w.WriteStartObject();
                w.WriteString("id", PostId(k)); w.WriteString("user_id", user.Id);
                w.WriteString("created_at", time.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                w.WriteString("text", text);
                w.WriteStartArray("images"); w.WriteEndArray();
                w.WriteStartObject("labels"); w.WriteString("location", location); w.WriteString("text_sentiment", sentiment); w.WriteEndObject();
                if (parent >= 0 && reshare == ReshareKind.Reply) w.WriteString("reply_to", PostId(parent)); else w.WriteNull("reply_to");
                if (parent >= 0 && reshare == ReshareKind.Repost) w.WriteString("repost_of", PostId(parent)); else w.WriteNull("repost_of");
                w.WriteStartObject("engagement"); w.WriteNumber("likes", (int)Math.Min(5000, crng.HeavyTail(1.3)) - 1); w.WriteEndObject();
                w.WriteEndObject();
                w.Flush();
                file.WriteByte((byte)'\n');
                w.Reset();
                if (progress != null && k % 50_000 == 0) progress.Report(k / (double)o.Posts);
            }
        }
        CascadeTruth.Write(T("cascades.jsonl"), cascades, PostId);
        File.WriteAllText(Path.Combine(outDir, "manifest.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["generator"] = "SocialFusion.ScaleDemoGenerator", ["version"] = DemoDataGenerator.Version, ["seed"] = o.Seed,
            ["posts"] = o.Posts, ["users"] = o.Users, ["communities"] = o.Communities, ["mean_follows"] = scale.MeanFollows,
            ["mixing"] = scale.Mixing, ["community_size_exponent"] = scale.CommunitySizeExponent, ["follow_edges"] = graph.Edges,
            ["trend_bursts"] = trends.Count, ["images"] = 0,
        }));
        progress?.Report(1);
        return new DemoDataSummary(postsPath, o.Posts, 0, locations, new Dictionary<string, int>());
    }

    private static string PostId(int k) => $"p{k:D7}";

    private static void WriteFollows(string path, List<DemoUser> users, FollowGraph graph)
    {
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        writer.Write("follower,followee\n");
        for (int a = 0; a < users.Count; a++)
            foreach (int b in graph.FolloweesOf(a)) { writer.Write(users[a].Id); writer.Write(','); writer.Write(users[b].Id); writer.Write('\n'); }
    }

    private static void WriteUsers(string path, List<DemoUser> users)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        using var w = new Utf8JsonWriter(file, Writer);
        foreach (var u in users)
        {
            w.WriteStartObject();
            w.WriteString("user_id", u.Id); w.WriteString("type", u.Type.ToString()); w.WriteNumber("community", u.Community);
            w.WriteNumber("rate", Math.Round(u.Rate, 4)); w.WriteNumber("utc_offset_hours", u.UtcOffsetHours);
            w.WriteEndObject();
            w.Flush();
            file.WriteByte((byte)'\n');
            w.Reset();
        }
    }

    private static void WriteCommunities(string path, ScaleDemoOptions scale, List<DemoUser> users)
    {
        using var file = File.Create(path);
        using var w = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteNumber("mixing", scale.Mixing); w.WriteNumber("community_size_exponent", scale.CommunitySizeExponent);
        w.WriteNumber("mean_follows", scale.MeanFollows);
        w.WriteStartArray("communities");
        foreach (var g in users.GroupBy(u => u.Community).OrderBy(g => g.Key))
        {
            w.WriteStartObject(); w.WriteNumber("id", g.Key); w.WriteNumber("size", g.Count());
            w.WriteStartArray("members"); foreach (var u in g) w.WriteStringValue(u.Id); w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray(); w.WriteEndObject();
    }
}

/// <summary>Options of <see cref="ScaleDemoGenerator"/>.</summary>
/// <param name="Demo">Posts, users, seed, communities, reply/repost shares, trend bursts and the reshare process, as for the full generator.</param>
/// <param name="MeanFollows">Average number of users each user follows (heavy-tailed around it).</param>
/// <param name="Mixing">LFR's mixing parameter mu: the share of follow edges that leave the follower's community. The
/// default 0.1 is low mixing, where community detection should recover the planted partition (NMI of 0.9 or more).</param>
/// <param name="CommunitySizeExponent">LFR's tau2: community sizes follow a power law with this exponent (between 1 and 3;
/// 2 gives a few large communities and many small ones), the largest at most 50 times the smallest.</param>
public sealed record ScaleDemoOptions(DemoDataOptions Demo, double MeanFollows = 12, double Mixing = 0.1, double CommunitySizeExponent = 2)
{
    /// <summary>The benchmark setting: 1,000,000 posts by 100,000 users in 50 communities, about 1.2 million follow edges.</summary>
    public static ScaleDemoOptions Benchmark { get; } = new(new DemoDataOptions { Posts = 1_000_000, Users = 100_000, Communities = 50 });

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Demo, nameof(Demo));
        Demo.Validate();
        if (!(MeanFollows >= 0) || double.IsInfinity(MeanFollows)) throw new ArgumentException($"MeanFollows must be a finite number >= 0, got {MeanFollows}", nameof(MeanFollows));
        if (Mixing is < 0 or > 1 || double.IsNaN(Mixing)) throw new ArgumentException($"Mixing must be in [0, 1], got {Mixing}", nameof(Mixing));
        if (CommunitySizeExponent is <= 1 or > 3 || double.IsNaN(CommunitySizeExponent))
            throw new ArgumentException($"CommunitySizeExponent must be in (1, 3], got {CommunitySizeExponent}", nameof(CommunitySizeExponent));
    }
}
