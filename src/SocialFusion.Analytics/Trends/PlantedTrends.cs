using System.Globalization;
using System.Text.Json;

namespace SocialFusion.Analytics.Trends;

/// <summary>
/// One planted hashtag burst of the demo data (<c>truth/trends.jsonl</c>): the tag occurs in posts whose local date lies
/// in [<see cref="Start"/>, <see cref="End"/>) (end exclusive), in each texted post with probability
/// <see cref="Intensity"/>, and nowhere else.
/// </summary>
public sealed record PlantedTrend(string Tag, DateOnly Start, DateOnly End, double Intensity)
{
    /// <summary>
    /// The planted window on an axis clock. Local time: [Start 00:00, End 00:00) exactly. UTC: the hull of the instants
    /// at which a post of the window can be made, [Start 00:00 - the largest offset, End 00:00 - the smallest offset)
    /// over the posters' offsets (minutes east of UTC), so onset delays in UTC are measured from the earliest possible
    /// planted post.
    /// </summary>
    public (DateTime Start, DateTime End) Window(TimeBasis basis, int minOffsetMinutes, int maxOffsetMinutes)
    {
        var s = Start.ToDateTime(TimeOnly.MinValue);
        var e = End.ToDateTime(TimeOnly.MinValue);
        return basis == TimeBasis.Local ? (s, e) : (s.AddMinutes(-maxOffsetMinutes), e.AddMinutes(-minOffsetMinutes));
    }

    /// <summary>The tag as series keys are written: lower case.</summary>
    public string Key => Tag.ToLowerInvariant();
}

/// <summary>Reads <c>truth/trends.jsonl</c>.</summary>
public static class PlantedTrends
{
    /// <summary>
    /// The planted bursts of <paramref name="path"/>. A bad line costs that line only: it is listed in
    /// <paramref name="rejected"/> with its line number and reason.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static List<PlantedTrend> Read(string path, out List<string> rejected)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: the planted trends file does not exist", path);
        var result = new List<PlantedTrend>();
        rejected = [];
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                string tag = Field(root, "tag").GetString() ?? throw new FormatException("'tag' is null");
                var start = DateOnly.ParseExact(Field(root, "start").GetString() ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var end = DateOnly.ParseExact(Field(root, "end").GetString() ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);
                double intensity = root.TryGetProperty("intensity", out var i) ? i.GetDouble() : double.NaN;
                if (end <= start) throw new FormatException($"end {end:yyyy-MM-dd} is not after start {start:yyyy-MM-dd}");
                result.Add(new PlantedTrend(tag, start, end, intensity));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
            {
                rejected.Add($"{path}:{line}: {e.Message}");
            }
        }
        return result;
    }

    private static JsonElement Field(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v : throw new KeyNotFoundException($"missing field '{name}'");
}
