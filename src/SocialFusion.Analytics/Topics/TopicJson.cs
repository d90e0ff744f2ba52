using System.Text.Json;

namespace SocialFusion.Analytics.Topics;

/// <summary>
/// <c>analyze topics --json</c>: the run, every topic (posts, distinct authors, words with weights, NPMI), topics over
/// time (per bin: texted posts, then per topic posts, share and words) and the agreement with the truth. Suppressed
/// cells (fewer than k users) are written as <c>"suppressed": true</c> without value or words. No user is named.
/// </summary>
public static class TopicJson
{
    /// <summary>Writes <paramref name="r"/> as indented UTF-8 JSON.</summary>
    public static void Write(Stream stream, TopicResult r)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("run_id", r.RunId);
        w.WriteString("data_fingerprint", r.DataFingerprint);
        w.WriteNumber("k", r.Options.K);
        w.WriteNumber("seed", (r.Options.Clustering ?? SphericalKMeansConfig.Reference).Seed);
        w.WriteNumber("posts", r.Posts);
        w.WriteNumber("chinese_posts", r.ChinesePosts);
        w.WriteNumber("posts_without_words", r.WithoutWords);
        w.WriteNumber("vocabulary", r.Vocabulary);
        w.WriteNumber("min_users", (r.Options.Privacy ?? Privacy.KAnonymity.Default).MinUsers);
        Number(w, "coherence_npmi", r.MeanCoherence);
        w.WriteStartArray("topics");
        foreach (var t in r.Topics)
        {
            w.WriteStartObject();
            w.WriteNumber("topic", t.Index);
            w.WriteBoolean("suppressed", t.Posts.Suppressed);
            if (!t.Posts.Suppressed) { w.WriteNumber("posts", t.Posts.Value); w.WriteNumber("users", t.Posts.DistinctUsers); Number(w, "coherence_npmi", t.Coherence); }
            Words(w, "words", t.Words);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        var tl = r.Timeline;
        w.WriteString("bin", TopicsOverTime.Unit(tl.Bin));
        w.WriteStartArray("over_time");
        for (int b = 0; b < tl.Starts.Count; b++)
        {
            w.WriteStartObject();
            w.WriteString("bin_start_utc", tl.Starts[b].ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteNumber("posts", tl.PostsPerBin[b]);
            w.WriteStartArray("topics");
            for (int t = 0; t < tl.Counts.Length; t++)
            {
                var c = tl.Counts[t][b];
                if (!c.Suppressed && c.Value == 0) continue;
                w.WriteStartObject();
                w.WriteNumber("topic", t);
                w.WriteBoolean("suppressed", c.Suppressed);
                if (!c.Suppressed) { w.WriteNumber("posts", c.Value); Number(w, "share", tl.Share(t, b).Value); Words(w, "words", tl.Words[t][b]); }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.Truth is { } truth)
        {
            w.WriteStartArray("truth");
            foreach (var a in truth)
            {
                w.WriteStartObject();
                w.WriteString("truth", a.Truth);
                w.WriteNumber("posts", a.Posts);
                w.WriteNumber("classes", a.Classes);
                Number(w, "nmi", a.Nmi); Number(w, "ari", a.Ari); Number(w, "purity", a.Purity);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter w, string name, double v)
    {
        if (double.IsFinite(v)) w.WriteNumber(name, Math.Round(v, 6)); else w.WriteNull(name);
    }

    private static void Words(Utf8JsonWriter w, string name, IReadOnlyList<TopicWord> words)
    {
        w.WriteStartArray(name);
        foreach (var x in words) { w.WriteStartObject(); w.WriteString("word", x.Word); Number(w, "weight", x.Weight); w.WriteEndObject(); }
        w.WriteEndArray();
    }
}
