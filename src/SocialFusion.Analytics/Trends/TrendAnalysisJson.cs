using System.Globalization;
using System.Text.Json;

namespace SocialFusion.Analytics.Trends;

/// <summary>
/// The JSON form of a <see cref="TrendAnalysisResult"/> (<c>analyze trends --json</c>): the axis, every published series
/// with its zero-filled counts, every detector's bursts with their times, scores, and the rising-now ranking. Aggregates
/// only: no user id appears, and suppressed series are only counted.
/// </summary>
public static class TrendAnalysisJson
{
    private static string T(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="r"/> as indented JSON to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, TrendAnalysisResult r)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var axis = r.Series.Axis;
        w.WriteStartObject();
        w.WriteStartObject("axis");
        w.WriteString("bin", axis.Width == BinWidth.Hour ? "hour" : "day");
        w.WriteString("time", axis.Basis == TimeBasis.Utc ? "utc" : "local");
        w.WriteString("convention", "bin i covers [start + i*bin, start + (i+1)*bin), labelled by its start");
        if (axis.Count > 0) { w.WriteString("start", T(axis.Start)); w.WriteString("end", T(axis.BinStart(axis.Count))); }
        w.WriteNumber("bins", axis.Count);
        w.WriteEndObject();
        w.WriteNumber("min_users", r.Options.Privacy.MinUsers);
        w.WriteStartObject("suppressed_series");
        foreach (var (kind, n) in r.Series.Suppressed) w.WriteNumber(kind, n);
        w.WriteEndObject();
        w.WriteStartArray("series");
        foreach (var s in r.Series.Series)
        {
            w.WriteStartObject();
            w.WriteString("kind", s.Kind); w.WriteString("key", s.Key); w.WriteNumber("users", s.Users); w.WriteNumber("posts", s.Posts);
            w.WriteStartArray("counts"); foreach (var c in s.Counts) w.WriteNumberValue(c); w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("detectors");
        foreach (var d in r.Detections)
        {
            w.WriteStartObject();
            w.WriteString("detector", d.Detector);
            w.WriteStartArray("bursts");
            foreach (var s in d.Series)
                foreach (var b in s.Bursts)
                {
                    w.WriteStartObject();
                    w.WriteString("kind", s.Kind); w.WriteString("key", s.Key);
                    w.WriteString("start", T(axis.BinStart(b.StartBin))); w.WriteString("end", T(axis.BinStart(b.EndBin)));
                    w.WriteNumber("level", b.Level); w.WriteNumber("weight", Math.Round(b.Weight, 3));
                    w.WriteEndObject();
                }
            w.WriteEndArray();
            if (d.Score is { } sc)
            {
                w.WriteStartObject("score");
                w.WriteNumber("detected", sc.Detected); w.WriteNumber("matched_detections", sc.MatchedDetections);
                w.WriteNumber("planted", sc.Planted); w.WriteNumber("recalled", sc.Recalled);
                w.WriteNumber("precision", sc.Precision); w.WriteNumber("recall", sc.Recall); w.WriteNumber("f1", sc.F1);
                Nullable(w, "mean_onset_delay_hours", sc.MeanOnsetDelayHours); Nullable(w, "median_onset_delay_hours", sc.MedianOnsetDelayHours);
                w.WriteStartArray("planted_bursts");
                foreach (var m in sc.Matches)
                {
                    w.WriteStartObject();
                    w.WriteString("tag", m.Tag); w.WriteString("planted_start", T(m.PlantedStart)); w.WriteString("planted_end", T(m.PlantedEnd));
                    if (m.DetectedStart is { } ds) w.WriteString("detected_start", T(ds)); else w.WriteNull("detected_start");
                    Nullable(w, "onset_delay_hours", m.OnsetDelayHours);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("rising_now");
        if (r.RisingAt is { } at) w.WriteString("at_utc", T(at)); else w.WriteNull("at_utc");
        w.WriteNumber("window_hours", r.Options.RisingNow.WindowHours);
        w.WriteStartArray("ranking");
        foreach (var e in r.Rising)
        {
            w.WriteStartObject();
            w.WriteString("key", e.Key); w.WriteNumber("z", Math.Round(e.Score, 3)); w.WriteNumber("window_count", e.WindowCount);
            w.WriteNumber("expected", Math.Round(e.Expected, 3));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (r.RisingScore is { } rs)
        {
            w.WriteStartObject("score");
            w.WriteNumber("top", rs.Top); w.WriteNumber("share_reached", rs.ShareReached); Nullable(w, "median_delay_hours", rs.MedianDelayHours);
            w.WriteStartArray("planted_bursts");
            foreach (var h in rs.Hits)
            {
                w.WriteStartObject();
                w.WriteString("tag", h.Tag); w.WriteString("planted_start", T(h.PlantedStart));
                if (h.FirstInTop is { } f) w.WriteString("first_in_top", T(f)); else w.WriteNull("first_in_top");
                Nullable(w, "delay_hours", h.DelayHours);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartArray("truth_rejected"); foreach (var line in r.TruthRejected) w.WriteStringValue(line); w.WriteEndArray();
        w.WriteNumber("seconds", Math.Round(r.Seconds, 3));
        w.WriteEndObject();
    }

    private static void Nullable(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x) w.WriteNumber(name, Math.Round(x, 3)); else w.WriteNull(name);
    }
}
