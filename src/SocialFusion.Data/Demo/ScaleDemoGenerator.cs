using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialFusion.Data.Demo;

/// <summary>
/// The demo generator's fast text-only mode, for benchmarks and analytics at scale (e.g. 1,000,000 posts by 50,000
/// users in well under a minute): the same users (<see cref="DemoPopulation.CreateUsers"/>), routines, daily activity
/// curve, text composer, sentiment rule and community-biased replies and reposts as <see cref="DemoDataGenerator"/>,
/// but no images, no trends and no noise flags, and a sparse follow graph (the dense SBM draw is quadratic in users):
/// each user follows <see cref="ScaleDemoOptions.MeanFollows"/> others on average (heavy-tailed), a share
/// <see cref="DemoDataOptions.CascadeCommunityBias"/> of them in their own community. Posts are streamed to disk in
/// time order; memory is a few arrays of one entry per post.
/// </summary>
public static class ScaleDemoGenerator
{
    /// <summary>Writes posts.jsonl, truth/users.jsonl, truth/follows.csv and manifest.json into <paramref name="outDir"/>.</summary>
    public static DemoDataSummary Generate(ScaleDemoOptions scale, string outDir, IProgress<double>? progress = null)
    {
        var o = scale.Demo;
        o.Validate();
        if (!(scale.MeanFollows >= 0) || double.IsInfinity(scale.MeanFollows))
            throw new ArgumentException($"MeanFollows must be a finite number >= 0, got {scale.MeanFollows}", nameof(scale));
        Directory.CreateDirectory(Path.Combine(outDir, "truth"));
        var users = DemoPopulation.CreateUsers(o);
        var members = Enumerable.Range(0, o.Communities).Select(c => new List<int>()).ToArray();
        for (int i = 0; i < users.Count; i++) members[users[i].Community].Add(i);
        WriteFollows(Path.Combine(outDir, "truth", "follows.csv"), users, members, scale.MeanFollows, o);
        WriteUsers(Path.Combine(outDir, "truth", "users.jsonl"), users);

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
        var recent = Enumerable.Range(0, o.Communities).Select(_ => new int[40]).ToArray();
        var recentCount = new int[o.Communities];
        var postUser = new int[o.Posts];
        var postsPath = Path.Combine(outDir, "posts.jsonl");
        using (var file = new FileStream(postsPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var w = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            for (int k = 0; k < o.Posts; k++)
            {
                int src = order[k];
                var user = users[authors[src]];
                postUser[k] = authors[src];
                var offset = TimeSpan.FromHours(user.UtcOffsetHours);
                var time = new DateTimeOffset(ticks[src] + offset.Ticks, offset);
                var location = DemoLocations.All[crng.Weighted(Routines.Weights(user, time.DayOfWeek, time.Hour))];
                locations[location] = locations.GetValueOrDefault(location) + 1;
                double mood = user.Positivity + crng.Range(-0.6f, 0.6f);
                var sentiment = mood > 0.3 ? "positive" : mood < -0.3 ? "negative" : "neutral";
                var kind = crng.Chance(o.UninformativeTextShare) ? TextComposer.Uninformative : TextComposer.Informative;
                var text = DemoLanguage.English.Compose(new TextComposer.Request(user, location, kind, null, sentiment, null, time.DayOfWeek), crng);
                int? parent = null;
                double r = crng.NextDouble();
                if (r < o.ReplyShare + o.RepostShare)
                {
                    int c = crng.Chance(o.CascadeCommunityBias) ? user.Community : crng.Next(o.Communities);
                    int n = Math.Min(40, recentCount[c]);
                    if (n > 0 && recent[c][crng.Next(n)] is int target && postUser[target] != authors[src]) parent = target;
                }
                w.WriteStartObject();
                w.WriteString("id", PostId(k)); w.WriteString("user_id", user.Id);
                w.WriteString("created_at", time.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
                w.WriteString("text", text);
                w.WriteStartArray("images"); w.WriteEndArray();
                w.WriteStartObject("labels"); w.WriteString("location", location); w.WriteString("text_sentiment", sentiment); w.WriteEndObject();
                if (parent is int p && r < o.ReplyShare) w.WriteString("reply_to", PostId(p)); else w.WriteNull("reply_to");
                if (parent is int q && r >= o.ReplyShare) w.WriteString("repost_of", PostId(q)); else w.WriteNull("repost_of");
                w.WriteStartObject("engagement"); w.WriteNumber("likes", (int)Math.Min(5000, crng.HeavyTail(1.3)) - 1); w.WriteEndObject();
                w.WriteEndObject();
                w.Flush();
                file.WriteByte((byte)'\n');
                w.Reset();
                recent[user.Community][recentCount[user.Community]++ % 40] = k;
                if (progress != null && k % 50_000 == 0) progress.Report(k / (double)o.Posts);
            }
        }
        File.WriteAllText(Path.Combine(outDir, "manifest.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["generator"] = "SocialFusion.ScaleDemoGenerator", ["version"] = DemoDataGenerator.Version, ["seed"] = o.Seed,
            ["posts"] = o.Posts, ["users"] = o.Users, ["communities"] = o.Communities, ["mean_follows"] = scale.MeanFollows, ["images"] = 0,
        }));
        progress?.Report(1);
        return new DemoDataSummary(postsPath, o.Posts, 0, locations, new Dictionary<string, int>());
    }

    private static string PostId(int k) => $"p{k:D7}";

    private static void WriteFollows(string path, List<DemoUser> users, List<int>[] members, double mean, DemoDataOptions o)
    {
        var rng = DemoRandom.Stream(o.Seed, "scale-follows");
        using var writer = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        writer.Write("follower,followee\n");
        var chosen = new HashSet<int>();
        for (int a = 0; a < users.Count; a++)
        {
            // Heavy-tailed out-degree with the requested mean (HeavyTail(2) has mean 2).
            int degree = Math.Min(users.Count - 1, (int)Math.Round(rng.HeavyTail(2) * mean / 2));
            chosen.Clear();
            for (int tries = 0; chosen.Count < degree && tries < degree * 4; tries++)
            {
                var pool = rng.Chance(o.CascadeCommunityBias) ? members[users[a].Community] : null;
                int b = pool is { Count: > 1 } ? pool[rng.Next(pool.Count)] : rng.Next(users.Count);
                if (b != a && chosen.Add(b)) writer.Write($"{users[a].Id},{users[b].Id}\n");
            }
        }
    }

    private static void WriteUsers(string path, List<DemoUser> users)
    {
        using var file = File.Create(path);
        foreach (var u in users)
        {
            using (var w = new Utf8JsonWriter(file))
            {
                w.WriteStartObject();
                w.WriteString("user_id", u.Id); w.WriteString("type", u.Type.ToString()); w.WriteNumber("community", u.Community);
                w.WriteNumber("rate", Math.Round(u.Rate, 4)); w.WriteNumber("utc_offset_hours", u.UtcOffsetHours);
                w.WriteEndObject();
            }
            file.WriteByte((byte)'\n');
        }
    }
}

/// <summary>Options of <see cref="ScaleDemoGenerator"/>.</summary>
/// <param name="Demo">Posts, users, seed, communities, reply/repost shares and the rest, as for the full generator.</param>
/// <param name="MeanFollows">Average number of users each user follows.</param>
public sealed record ScaleDemoOptions(DemoDataOptions Demo, double MeanFollows = 20)
{
    /// <summary>The benchmark setting: 1,000,000 posts by 50,000 users in 50 communities.</summary>
    public static ScaleDemoOptions Benchmark { get; } = new(new DemoDataOptions { Posts = 1_000_000, Users = 50_000, Communities = 50 });
}
