namespace SocialFusion.Analytics.Trends;

/// <summary>How one planted burst was found.</summary>
/// <param name="Tag">The planted tag.</param>
/// <param name="PlantedStart">Start of the planted window on the axis clock (<see cref="PlantedTrend.Window"/>).</param>
/// <param name="PlantedEnd">End of the planted window (exclusive).</param>
/// <param name="DetectedStart">Start of the earliest detected burst of the tag overlapping the window, or null when missed.</param>
/// <param name="OnsetDelayHours">DetectedStart - PlantedStart in hours (negative: detected before the planted start), or null.</param>
public sealed record PlantedMatch(string Tag, DateTime PlantedStart, DateTime PlantedEnd, DateTime? DetectedStart, double? OnsetDelayHours);

/// <summary>Per-burst scores of one detector.</summary>
/// <param name="Detector">Detector name.</param>
/// <param name="Detected">Level-1 bursts detected over all hashtag series.</param>
/// <param name="MatchedDetections">Detected bursts overlapping a planted window of their tag.</param>
/// <param name="Planted">Planted bursts.</param>
/// <param name="Recalled">Planted bursts overlapped by at least one detected burst of their tag.</param>
/// <param name="Matches">One entry per planted burst.</param>
public sealed record BurstScore(string Detector, int Detected, int MatchedDetections, int Planted, int Recalled, IReadOnlyList<PlantedMatch> Matches)
{
    /// <summary>MatchedDetections / Detected (0 when nothing was detected).</summary>
    public double Precision => Detected == 0 ? 0 : (double)MatchedDetections / Detected;

    /// <summary>Recalled / Planted (0 without planted bursts).</summary>
    public double Recall => Planted == 0 ? 0 : (double)Recalled / Planted;

    /// <summary>Harmonic mean of precision and recall (0 when both are 0).</summary>
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>Mean onset delay over recalled bursts, hours (null when none was recalled).</summary>
    public double? MeanOnsetDelayHours => Recalled == 0 ? null : Matches.Where(m => m.OnsetDelayHours is not null).Average(m => m.OnsetDelayHours!.Value);

    /// <summary>Median onset delay over recalled bursts, hours.</summary>
    public double? MedianOnsetDelayHours
    {
        get
        {
            var d = Matches.Where(m => m.OnsetDelayHours is not null).Select(m => m.OnsetDelayHours!.Value).Order().ToArray();
            return d.Length == 0 ? null : d.Length % 2 == 1 ? d[d.Length / 2] : (d[d.Length / 2 - 1] + d[d.Length / 2]) / 2;
        }
    }
}

/// <summary>
/// Scores detected bursts against planted ones, burst by burst. A detected level-1 burst [s, e) of key k matches a
/// planted burst of tag k whose window [ps, pe) it overlaps (s &lt; pe and ps &lt; e, times on the axis clock).
/// Precision is the share of detected bursts that match a planted one; recall the share of planted bursts matched by
/// at least one detected burst; onset delay of a recalled planted burst is the start of its earliest matching detected
/// burst minus the planted start, in hours. Tags are compared in lower case; a planted tag with no published series
/// (absent, or suppressed by k-anonymity) is missed.
/// </summary>
public static class BurstScoring
{
    /// <summary>Scores <paramref name="bursts"/> (key to its detected bursts, any level; only level 1 is scored).</summary>
    /// <param name="detector">Detector name for the result.</param>
    /// <param name="bursts">Detected bursts per hashtag key on <paramref name="axis"/>.</param>
    /// <param name="axis">The series axis.</param>
    /// <param name="planted">The planted bursts.</param>
    /// <param name="minOffsetMinutes">Smallest poster offset, for UTC windows (<see cref="PlantedTrend.Window"/>).</param>
    /// <param name="maxOffsetMinutes">Largest poster offset.</param>
    public static BurstScore Score(string detector, IReadOnlyDictionary<string, IReadOnlyList<Burst>> bursts, TimeAxis axis,
        IReadOnlyList<PlantedTrend> planted, int minOffsetMinutes = 0, int maxOffsetMinutes = 0)
    {
        var windows = planted.Select(p => (p.Key, Window: p.Window(axis.Basis, minOffsetMinutes, maxOffsetMinutes))).ToList();
        int detected = 0, matched = 0;
        foreach (var (key, list) in bursts)
            foreach (var b in list.Where(b => b.Level == 1))
            {
                detected++;
                var (s, e) = (axis.BinStart(b.StartBin), axis.BinStart(b.EndBin));
                if (windows.Any(w => w.Key == key.ToLowerInvariant() && s < w.Window.End && w.Window.Start < e)) matched++;
            }
        var matches = new List<PlantedMatch>();
        foreach (var (key, (ps, pe)) in windows)
        {
            DateTime? first = null;
            foreach (var (k, list) in bursts)
            {
                if (k.ToLowerInvariant() != key) continue;
                foreach (var b in list.Where(b => b.Level == 1))
                {
                    var (s, e) = (axis.BinStart(b.StartBin), axis.BinStart(b.EndBin));
                    if (s < pe && ps < e && (first is null || s < first)) first = s;
                }
            }
            matches.Add(new PlantedMatch(key, ps, pe, first, first is { } f ? (f - ps).TotalHours : null));
        }
        return new BurstScore(detector, detected, matched, planted.Count, matches.Count(m => m.DetectedStart is not null), matches);
    }
}
