using System.Text.Json;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Users;

namespace SocialFusion.Analytics.Reports;

/// <summary>
/// The JSON form of a user analysis (<c>analyze users --json</c>): run facts, segments (k-anonymous: a segment
/// of fewer than k users shows neither its size nor its description), agreement with planted types when scored, and
/// the requested user profiles under the names the <c>name</c> function gives (pseudonyms unless the data owner asks
/// for raw ids).
/// </summary>
public static class UserAnalysisJson
{
    /// <summary>Writes the document to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, UserAnalysisResult r, IReadOnlyList<UserProfileView> profiles, Func<string, string> name, bool pseudonymized)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteString("run_id", r.RunId);
        w.WriteString("data_fingerprint", r.DataFingerprint);
        w.WriteNumber("users_profiled", r.UsersProfiled);
        if (r.PredictionModel is { } m) w.WriteString("prediction_model", m); else w.WriteNull("prediction_model");
        w.WriteBoolean("pseudonymized", pseudonymized);
        w.WriteNumber("min_users", r.Aggregates.MinUsers);
        w.WriteStartObject("segments");
        w.WriteNumber("k", r.Segments.K);
        w.WriteNumber("silhouette", r.Segments.Silhouette);
        w.WriteStartObject("silhouette_by_k");
        foreach (var (k, v) in r.Segments.SilhouetteByK) w.WriteNumber(k.ToString(System.Globalization.CultureInfo.InvariantCulture), v);
        w.WriteEndObject();
        w.WriteStartArray("features"); foreach (var f in r.Segments.FeaturePrefixes()) w.WriteStringValue(f); w.WriteEndArray();
        w.WriteStartArray("segments");
        foreach (var s in r.Segments.Segments)
        {
            var size = r.Aggregates.SegmentSizes[s.Index];
            w.WriteStartObject();
            w.WriteNumber("segment", s.Index);
            w.WriteBoolean("suppressed", size.Suppressed);
            if (!size.Suppressed)
            {
                w.WriteNumber("users", size.Value);
                w.WriteStartArray("distinguishing");
                foreach (var d in s.Distinguishing)
                {
                    w.WriteStartObject();
                    w.WriteString("feature", d.Feature); w.WriteNumber("segment_mean", d.SegmentMean);
                    w.WriteNumber("population_mean", d.PopulationMean); w.WriteNumber("standardized_difference", d.StandardizedDifference);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        if (r.Truth is { } t)
        {
            w.WriteStartObject("truth");
            w.WriteNumber("ari", t.Ari); w.WriteNumber("nmi", t.Nmi); w.WriteNumber("users", t.Users);
            w.WriteNumber("truth_only", t.TruthOnly); w.WriteNumber("store_only", t.StoreOnly);
            w.WriteEndObject();
        }
        w.WriteStartArray("users");
        foreach (var p in profiles) WriteProfile(w, p, name(p.UserId), r.PredictionModel);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteProfile(Utf8JsonWriter w, UserProfileView p, string user, string? model)
    {
        w.WriteStartObject();
        w.WriteString("user", user);
        w.WriteNumber("posts", p.Posts);
        if (p.Segment is int s) w.WriteNumber("segment", s); else w.WriteNull("segment");
        w.WriteStartArray("hour_by_weekday");
        foreach (var day in p.HourByWeekday) { w.WriteStartArray(); foreach (var v in day) w.WriteNumberValue(v); w.WriteEndArray(); }
        w.WriteEndArray();
        w.WriteString("location_source", p.LocationSource(model));
        Map(w, "locations", p.Locations);
        Map(w, "hashtags", p.Hashtags);
        Map(w, "sentiment", p.Sentiment);
        w.WriteStartObject("sentiment_by_month");
        foreach (var (month, shares) in p.SentimentByMonth) Map(w, month, shares);
        w.WriteEndObject();
        Map(w, "engagement", p.Engagement);
        w.WriteNumber("reply_share", p.ReplyShare); w.WriteNumber("repost_share", p.RepostShare);
        w.WriteNumber("replies_to_followees", p.RepliesToFollowees); w.WriteNumber("unknown_parents", p.UnknownParents);
        w.WriteEndObject();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, double> values)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in values) w.WriteNumber(k, v);
        w.WriteEndObject();
    }
}
