using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SocialFusion.Data.Demo;

/// <summary>Writes posts.jsonl, truth/ and manifest.json in a fixed field order (byte-stable across runs).</summary>
internal static class DemoFiles
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly UTF8Encoding Utf8 = new(false);

    /// <summary>Noise kind names used in manifest.json, the summary and truth/post_noise.jsonl.</summary>
    public static readonly string[] NoiseKinds = ["unrelated_image", "uninformative_text", "misleading_text", "missing_image", "multi_image", "textless"];

    private static void Lines(string path, IEnumerable<Action<Utf8JsonWriter>> records)
    {
        using var file = File.Create(path);
        foreach (var write in records)
        {
            using (var w = new Utf8JsonWriter(file, Writer)) write(w);
            file.WriteByte((byte)'\n');
        }
    }

    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    public static void WritePosts(string path, List<DemoDataGenerator.Planned> posts) => Lines(path, posts.Select(p => (Action<Utf8JsonWriter>)(w =>
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id); w.WriteString("user_id", p.User.Id); w.WriteString("created_at", Time(p.Time));
        if (p.Text == null) w.WriteNull("text"); else w.WriteString("text", p.Text);
        w.WriteStartArray("images"); foreach (var i in p.Images) w.WriteStringValue(i); w.WriteEndArray();
        w.WriteStartObject("labels");
        w.WriteString("location", p.Location); w.WriteString("text_sentiment", p.TextSentiment); w.WriteString("image_sentiment", p.ImageSentiment);
        w.WriteEndObject();
        if (p.ReplyTo is int r) w.WriteString("reply_to", posts[r].Id); else w.WriteNull("reply_to");
        if (p.RepostOf is int s) w.WriteString("repost_of", posts[s].Id); else w.WriteNull("repost_of");
        w.WriteStartObject("engagement");
        w.WriteNumber("likes", p.Likes); w.WriteNumber("reposts", p.Reposts); w.WriteNumber("replies", p.Replies);
        w.WriteEndObject();
        w.WriteEndObject();
    })));

    private static bool[] Flags(DemoDataGenerator.Planned p) =>
        [p.UnrelatedKind != null, p.TextKind == TextComposer.Uninformative && !p.Textless, p.TextKind == TextComposer.MisleadingKind && !p.Textless, p.MissingImage, p.Multi, p.Textless];

    public static DemoDataSummary Summarize(string postsPath, List<DemoDataGenerator.Planned> posts, int images)
    {
        var loc = DemoLocations.All.ToDictionary(l => l, _ => 0);
        var noise = NoiseKinds.ToDictionary(k => k, _ => 0);
        foreach (var p in posts)
        {
            loc[p.Location]++;
            var f = Flags(p);
            for (int k = 0; k < NoiseKinds.Length; k++) if (f[k]) noise[NoiseKinds[k]]++;
        }
        return new DemoDataSummary(postsPath, posts.Count, images, loc, noise);
    }

    /// <summary>truth/trends.jsonl: <c>tag</c>, <c>start</c>, <c>end</c> (local dates, end exclusive), <c>intensity</c>.</summary>
    public static void WriteTrends(string path, DemoDataOptions o, List<DemoDataGenerator.Trend> trends) =>
        Lines(path, trends.Select(t => (Action<Utf8JsonWriter>)(w =>
        {
            w.WriteStartObject();
            w.WriteString("tag", t.Tag);
            w.WriteString("start", o.StartDate.AddDays(t.StartDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("end", o.StartDate.AddDays(t.EndDay).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteNumber("intensity", t.Intensity);
            w.WriteEndObject();
        })));

    // Written field by field: reflection-based serialization is off in trimmed/AOT hosts.
    private static void WriteOptions(Utf8JsonWriter w, DemoDataOptions o)
    {
        w.WriteStartObject("options");
        w.WriteNumber("posts", o.Posts); w.WriteNumber("users", o.Users); w.WriteNumber("seed", o.Seed);
        w.WriteString("start_date", o.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); w.WriteNumber("span_days", o.SpanDays);
        w.WriteNumber("min_image_side", o.MinImageSide); w.WriteNumber("max_image_side", o.MaxImageSide);
        w.WriteNumber("min_jpeg_quality", o.MinJpegQuality); w.WriteNumber("max_jpeg_quality", o.MaxJpegQuality);
        w.WriteNumber("unrelated_image_share", o.UnrelatedImageShare); w.WriteNumber("uninformative_text_share", o.UninformativeTextShare);
        w.WriteNumber("misleading_text_share", o.MisleadingTextShare); w.WriteNumber("missing_image_share", o.MissingImageShare);
        w.WriteNumber("multi_image_share", o.MultiImageShare); w.WriteNumber("textless_share", o.TextlessShare);
        w.WriteNumber("communities", o.Communities); w.WriteNumber("intra_follow_probability", o.IntraFollowProbability);
        w.WriteNumber("inter_follow_probability", o.InterFollowProbability); w.WriteNumber("trend_bursts", o.TrendBursts);
        w.WriteNumber("trend_days", o.TrendDays); w.WriteNumber("trend_intensity", o.TrendIntensity);
        w.WriteNumber("reply_share", o.ReplyShare); w.WriteNumber("repost_share", o.RepostShare);
        w.WriteNumber("cascade_community_bias", o.CascadeCommunityBias);
        var c = o.Cascades;
        w.WriteStartObject("cascades");
        w.WriteNumber("feed_share", c.FeedShare); w.WriteNumber("virality_sigma", c.ViralitySigma);
        w.WriteNumber("kernel_plateau_minutes", c.KernelPlateauMinutes); w.WriteNumber("kernel_theta", c.KernelTheta);
        w.WriteNumber("median_lifetime_hours", c.MedianLifetimeHours); w.WriteNumber("lifetime_sigma", c.LifetimeSigma);
        w.WriteNumber("feed_depth", c.FeedDepth); w.WriteNumber("max_age_days", c.MaxAgeDays);
        w.WriteEndObject();
        // Written only when not English, so an English collection stays byte-identical to generator 1.0.0's.
        if (o.Language != DemoLanguage.English.Code) w.WriteString("language", o.Language);
        w.WriteEndObject();
    }

    public static void WriteTruth(string dir, DemoDataOptions o, DemoPopulation pop, List<DemoDataGenerator.Planned> posts,
        List<DemoDataGenerator.Trend> trends, SelfExcitingCascades cascades, DemoDataSummary summary)
    {
        string T(string f) => Path.Combine(dir, "truth", f);
        Lines(T("users.jsonl"), pop.Users.Select(u => (Action<Utf8JsonWriter>)(w =>
        {
            w.WriteStartObject();
            w.WriteString("user_id", u.Id); w.WriteString("type", u.Type.ToString()); w.WriteNumber("community", u.Community);
            w.WriteNumber("rate", Math.Round(u.Rate, 4)); w.WriteNumber("utc_offset_hours", u.UtcOffsetHours);
            w.WriteStartObject("routine");
            w.WriteString("kind", u.Type.ToString());
            w.WriteNumber("fitness_affinity", Math.Round(u.FitnessAffinity, 4));
            w.WriteEndObject();
            w.WriteStartObject("habits");
            w.WriteNumber("emoji", Math.Round(u.EmojiUse, 4)); w.WriteNumber("hashtags", Math.Round(u.HashtagUse, 4));
            w.WriteNumber("verbosity", Math.Round(u.Verbosity, 4)); w.WriteNumber("typos", Math.Round(u.Typos, 4)); w.WriteNumber("positivity", Math.Round(u.Positivity, 4));
            w.WriteEndObject();
            w.WriteEndObject();
        })));
        var csv = new StringBuilder("follower,followee\n");
        foreach (var (a, b) in pop.Follows) csv.Append(pop.Users[a].Id).Append(',').Append(pop.Users[b].Id).Append('\n');
        File.WriteAllText(T("follows.csv"), csv.ToString(), Utf8);

        using (var f = File.Create(T("communities.json")))
        using (var w = new Utf8JsonWriter(f, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("intra_follow_probability", o.IntraFollowProbability); w.WriteNumber("inter_follow_probability", o.InterFollowProbability);
            w.WriteStartArray("communities");
            for (int c = 0; c < o.Communities; c++)
            {
                w.WriteStartObject(); w.WriteNumber("id", c); w.WriteStartArray("members");
                foreach (var u in pop.Users.Where(u => u.Community == c)) w.WriteStringValue(u.Id);
                w.WriteEndArray(); w.WriteEndObject();
            }
            w.WriteEndArray(); w.WriteEndObject();
        }

        CascadeTruth.Write(T("cascades.jsonl"), cascades, i => posts[i].Id);
        WriteTrends(T("trends.jsonl"), o, trends);
        Lines(T("post_noise.jsonl"), posts.Select(p => (Action<Utf8JsonWriter>)(w =>
        {
            var f = Flags(p);
            w.WriteStartObject();
            w.WriteString("id", p.Id);
            for (int k = 0; k < NoiseKinds.Length; k++) w.WriteBoolean(NoiseKinds[k], f[k]);
            if (p.UnrelatedKind != null) w.WriteString("unrelated_kind", p.UnrelatedKind); else w.WriteNull("unrelated_kind");
            if (p.MisleadTo != null) w.WriteString("misleading_to", p.MisleadTo); else w.WriteNull("misleading_to");
            w.WriteEndObject();
        })));

        using (var f = File.Create(Path.Combine(dir, "manifest.json")))
        using (var w = new Utf8JsonWriter(f, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("generator", "SocialFusion.Data.Demo.DemoDataGenerator"); w.WriteString("generator_version", DemoDataGenerator.Version);
            w.WriteNumber("seed", o.Seed);
            WriteOptions(w, o);
            w.WriteNumber("posts", summary.Posts); w.WriteNumber("images", summary.Images);
            w.WriteStartObject("location_counts"); foreach (var l in DemoLocations.All) w.WriteNumber(l, summary.LocationCounts[l]); w.WriteEndObject();
            w.WriteStartObject("noise_counts"); foreach (var k in NoiseKinds) w.WriteNumber(k, summary.NoiseCounts[k]); w.WriteEndObject();
            foreach (var label in new[] { "text_sentiment", "image_sentiment" })
            {
                w.WriteStartObject(label + "_counts");
                foreach (var s in new[] { "negative", "neutral", "positive" })
                    w.WriteNumber(s, posts.Count(p => (label == "text_sentiment" ? p.TextSentiment : p.ImageSentiment) == s));
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
    }
}
