namespace SocialFusion.Data.Demo;

/// <summary>
/// Generates a synthetic social media collection with ground truth: posts.jsonl, images/, truth/ and manifest.json.
/// Every random choice comes from named <see cref="DemoRandom"/> streams, so the same options give byte-identical files.
/// </summary>
public static class DemoDataGenerator
{
    /// <summary>Generator version written to the manifest; bump when output for a given seed changes.</summary>
    public const string Version = "1.1.0";

    /// <summary>A burst of one hashtag between two day indices (end exclusive).</summary>
    public sealed record Trend(string Tag, int StartDay, int EndDay, double Intensity);

    /// <summary>Everything decided about one post before it is written.</summary>
    internal sealed class Planned
    {
        public required DemoUser User;
        public required int UserIndex;
        public required DateTimeOffset Time;
        public required string Location;
        public string Id = "";
        public string? Text;
        public string TextKind = TextComposer.Informative;
        public string? MisleadTo;
        public string TextSentiment = "neutral", ImageSentiment = "neutral";
        public readonly List<string> Images = [];
        public string? UnrelatedKind;
        public bool Textless, MissingImage, Multi, Trending;
        public int? ReplyTo, RepostOf, Root;
        public int Likes, Replies, Reposts;
    }

    /// <summary>Writes the collection into <paramref name="outDir"/> (created if needed; existing files overwritten).</summary>
    public static DemoDataSummary Generate(DemoDataOptions options, string outDir, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(Path.Combine(outDir, "images"));
        Directory.CreateDirectory(Path.Combine(outDir, "truth"));

        var language = DemoLanguage.FromCode(options.Language);
        var pop = DemoPopulation.Create(options);
        var trends = PlanTrends(options, language);
        var posts = PlanPosts(options, pop);
        var crng = DemoRandom.Stream(options.Seed, "content");
        for (int i = 0; i < posts.Count; i++) DecideContent(posts[i], options, trends, language, crng);
        var cascades = PlanCascades(posts, pop, options);

        int images = 0;
        for (int i = 0; i < posts.Count; i++)
        {
            var p = posts[i];
            int n = p.MissingImage ? 0 : p.Multi ? 2 + crng.Next(3) : 1;
            var irng = DemoRandom.Stream(options.Seed, "image:" + p.Id);
            for (int k = 0; k < n; k++)
            {
                // In multi-image posts only the first image carries the unrelated noise; the rest show the place.
                var rel = $"images/{p.Id}_{k}.jpg";
                File.WriteAllBytes(Path.Combine(outDir, rel), SceneRenderer.Render(p.Location, k == 0 ? p.UnrelatedKind : null, p.ImageSentiment, irng, options));
                p.Images.Add(rel);
                images++;
            }
            if (progress != null && (i % 50 == 0 || i == posts.Count - 1)) progress.Report((i + 1) / (double)posts.Count);
        }

        var postsPath = Path.Combine(outDir, "posts.jsonl");
        DemoFiles.WritePosts(postsPath, posts);
        var summary = DemoFiles.Summarize(postsPath, posts, images);
        DemoFiles.WriteTruth(outDir, options, pop, posts, trends, cascades, summary);
        return summary;
    }

    /// <summary>
    /// The language of the collection in <paramref name="dataDir"/> as its manifest.json records it (English when the
    /// manifest names none), or null when the folder has no manifest (posts not written by this generator).
    /// </summary>
    public static string? LanguageOf(string dataDir)
    {
        var path = Path.Combine(dataDir, "manifest.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            return doc.RootElement.TryGetProperty("options", out var o) && o.TryGetProperty("language", out var l) ? l.GetString() : DemoLanguage.English.Code;
        }
        catch (System.Text.Json.JsonException e) { throw new InvalidDataException($"{path}: not a demo manifest ({e.Message})", e); }
    }

    /// <summary>Throws <see cref="InvalidDataException"/> when the demo collection in <paramref name="dataDir"/> is in another language.</summary>
    public static void EnsureLanguage(string dataDir, string language)
    {
        if (LanguageOf(dataDir) is { } found && found != language)
            throw new InvalidDataException($"{dataDir} holds demo posts in '{found}', not '{language}': pass --data with a folder of '{language}' posts or an empty one to generate them.");
    }

    internal static List<Trend> PlanTrends(DemoDataOptions o, DemoLanguage language)
    {
        var rng = DemoRandom.Stream(o.Seed, "trends");
        var tags = language.TrendTopics.Select(language.Hashtag).ToList();
        var trends = new List<Trend>();
        for (int i = 0; i < o.TrendBursts; i++)
        {
            string tag;
            if (tags.Count > 0) { int k = rng.Next(tags.Count); tag = tags[k]; tags.RemoveAt(k); }
            else tag = language.Hashtag(language.ExtraTrendTopic(i));
            int start = rng.Next(0, Math.Max(1, o.SpanDays - o.TrendDays + 1));
            trends.Add(new Trend(tag, start, Math.Min(o.SpanDays, start + o.TrendDays), o.TrendIntensity));
        }
        return trends;
    }

    private static List<Planned> PlanPosts(DemoDataOptions o, DemoPopulation pop)
    {
        var rng = DemoRandom.Stream(o.Seed, "posts");
        var rates = pop.Users.Select(u => u.Rate).ToArray();
        var plans = new List<Planned>(o.Posts);
        for (int i = 0; i < o.Posts; i++)
        {
            int ui = rng.Weighted(rates);
            var u = pop.Users[ui];
            int day = rng.Next(o.SpanDays), hour = rng.Weighted(Routines.HourActivity), minute = rng.Next(60), second = rng.Next(60);
            var date = o.StartDate.AddDays(day);
            var local = new DateTimeOffset(date.Year, date.Month, date.Day, hour, minute, second, TimeSpan.FromHours(u.UtcOffsetHours));
            var loc = DemoLocations.All[rng.Weighted(Routines.Weights(u, date.DayOfWeek, hour))];
            plans.Add(new Planned { User = u, UserIndex = ui, Time = local, Location = loc });
        }
        // Stable order by instant so ids follow time and replies can only target earlier posts.
        var sorted = plans.Select((p, i) => (p, i)).OrderBy(t => t.p.Time.UtcTicks).ThenBy(t => t.i).Select(t => t.p).ToList();
        for (int i = 0; i < sorted.Count; i++) sorted[i].Id = $"p{i:D6}";
        return sorted;
    }

    private static void DecideContent(Planned p, DemoDataOptions o, List<Trend> trends, DemoLanguage language, DemoRandom rng)
    {
        p.Textless = rng.Chance(o.TextlessShare);
        p.MissingImage = !p.Textless && rng.Chance(o.MissingImageShare / Math.Max(1e-9, 1 - o.TextlessShare));
        p.Multi = !p.MissingImage && rng.Chance(o.MultiImageShare);
        if (!p.MissingImage && rng.Chance(o.UnrelatedImageShare)) p.UnrelatedKind = rng.Pick(SceneRenderer.UnrelatedKinds);

        // Sentiment: the user's temperament plus the place (gym/beach lift, transit/workplace drag).
        double mood = p.User.Positivity + p.Location switch
        {
            DemoLocations.Beach or DemoLocations.Park or DemoLocations.Restaurant => 0.25,
            DemoLocations.Transit or DemoLocations.Workplace or DemoLocations.School => -0.2,
            _ => 0.0,
        } + rng.Range(-0.6f, 0.6f);
        p.TextSentiment = mood > 0.3 ? "positive" : mood < -0.3 ? "negative" : "neutral";
        p.ImageSentiment = rng.Chance(0.6) ? p.TextSentiment : rng.Pick(["negative", "neutral", "positive"]);

        if (p.Textless) return;
        double r = rng.NextDouble();
        if (r < o.MisleadingTextShare)
        {
            p.TextKind = TextComposer.MisleadingKind;
            var others = DemoLocations.All.Where(l => l != p.Location).ToList();
            p.MisleadTo = rng.Pick(others);
        }
        else if (r < o.MisleadingTextShare + o.UninformativeTextShare) p.TextKind = TextComposer.Uninformative;
        int day = (DateOnly.FromDateTime(p.Time.DateTime).DayNumber - o.StartDate.DayNumber);
        var trend = trends.FirstOrDefault(t => day >= t.StartDay && day < t.EndDay && rng.Chance(t.Intensity));
        p.Trending = trend != null;
        var request = new TextComposer.Request(p.User, p.Location, p.TextKind, p.MisleadTo, p.TextSentiment, trend?.Tag, p.Time.DayOfWeek);
        // English text is drawn from the content stream (as in generator 1.0.0), so it is always composed to keep that
        // stream where it was; another language then writes the same request from a stream of its own. A collection in
        // any language thus has the same users, times, labels, noise, images and graph for a seed: only the text differs.
        var english = DemoLanguage.English.Compose(request, rng);
        p.Text = language == DemoLanguage.English ? english
            : language.Compose(request, DemoRandom.Stream(o.Seed, $"text:{language.Code}:{p.Id}"));
    }

    /// <summary>
    /// Which posts reply to or repost which (<see cref="SelfExcitingCascades"/>: along the follow graph, heavy-tailed,
    /// decaying), then engagement. Times, authors and content are already fixed, so cascades never change them.
    /// </summary>
    private static SelfExcitingCascades PlanCascades(List<Planned> posts, DemoPopulation pop, DemoDataOptions o)
    {
        var rng = DemoRandom.Stream(o.Seed, "cascades");
        var process = DemoRandom.Stream(o.Seed, "cascade-process");
        var graph = FollowGraph.FromEdges(pop.Users.Count, pop.Follows);
        var followers = graph.FollowerCounts();
        var cascades = new SelfExcitingCascades(o.Cascades, graph, [.. pop.Users.Select(u => u.Community)], posts.Count, o.CascadeCommunityBias);
        for (int i = 0; i < posts.Count; i++)
        {
            var p = posts[i];
            double r = rng.NextDouble();
            var kind = i > 0 && r < o.ReplyShare + o.RepostShare ? (r < o.ReplyShare ? ReshareKind.Reply : ReshareKind.Repost) : ReshareKind.None;
            int target = cascades.Add(p.Time.UtcTicks, p.UserIndex, SelfExcitingCascades.Appeal(p.TextSentiment, !p.MissingImage, p.Trending), kind, process);
            if (target >= 0)
            {
                if (kind == ReshareKind.Reply) { p.ReplyTo = target; posts[target].Replies++; }
                else { p.RepostOf = target; posts[target].Reposts++; }
                p.Root = cascades.Root(i);
            }
            p.Likes = (int)Math.Min(5000, rng.HeavyTail(1.3) * (1 + followers[p.UserIndex] / 8.0)) - 1;
        }
        // Likes also follow the attention a post drew from replies and reposts.
        foreach (var p in posts) p.Likes += 2 * (p.Replies + p.Reposts);
        return cascades;
    }
}
