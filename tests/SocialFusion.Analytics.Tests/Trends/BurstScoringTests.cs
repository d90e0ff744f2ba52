using SocialFusion.Analytics.Trends;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Trends;

public class BurstScoringTests
{
    [Fact]
    public void Precision_recall_F1_and_onset_delay_by_hand()
    {
        // Hourly UTC axis from 2024-05-01 00:00; posters at UTC+0 and UTC+1, so the planted local window of #a,
        // [05-02, 05-04), spans the instants [05-01 23:00, 05-04 00:00) and #b's [05-10, 05-11) spans [05-09 23:00, 05-11 00:00).
        var axis = new TimeAxis(new DateTime(2024, 5, 1), BinWidth.Hour, TimeBasis.Utc, 24 * 12);
        var planted = new List<PlantedTrend>
        {
            new("#A", new DateOnly(2024, 5, 2), new DateOnly(2024, 5, 4), 0.35),
            new("#b", new DateOnly(2024, 5, 10), new DateOnly(2024, 5, 11), 0.35),
        };
        var bursts = new Dictionary<string, IReadOnlyList<Burst>>
        {
            // 05-01 20:00..05-02 01:00 overlaps the #a window (starts 3 h before it); 05-02 06:00..16:00 inside it;
            // 05-09 08:00..18:00 is outside; a level-2 burst is not scored.
            ["#a"] = [new Burst(20, 25, 1, 1), new Burst(30, 40, 1, 1), new Burst(200, 210, 1, 1), new Burst(31, 33, 2, 1)],
            ["#c"] = [new Burst(30, 40, 1, 1)], // right time, tag never planted
        };
        var s = BurstScoring.Score("k", bursts, axis, planted, minOffsetMinutes: 0, maxOffsetMinutes: 60);
        Assert.Equal(4, s.Detected);
        Assert.Equal(2, s.MatchedDetections);
        Assert.Equal(2, s.Planted);
        Assert.Equal(1, s.Recalled);
        Assert.Equal(0.5, s.Precision, 12);
        Assert.Equal(0.5, s.Recall, 12);
        Assert.Equal(0.5, s.F1, 12);
        var a = s.Matches[0];
        Assert.Equal(new DateTime(2024, 5, 1, 23, 0, 0), a.PlantedStart);
        Assert.Equal(new DateTime(2024, 5, 1, 20, 0, 0), a.DetectedStart);
        Assert.Equal(-3, a.OnsetDelayHours);
        Assert.Null(s.Matches[1].OnsetDelayHours);
        Assert.Equal(-3, s.MeanOnsetDelayHours);

        // Without the early burst: precision 1/3, recall 1/2, F1 = 2 (1/3)(1/2) / (5/6) = 0.4, delay 7 h.
        bursts["#a"] = [new Burst(30, 40, 1, 1), new Burst(200, 210, 1, 1)];
        s = BurstScoring.Score("k", bursts, axis, planted, 0, 60);
        Assert.Equal((3, 1), (s.Detected, s.MatchedDetections));
        Assert.Equal(0.4, s.F1, 12);
        Assert.Equal(7, s.Matches[0].OnsetDelayHours);
    }

    [Fact]
    public void Local_windows_are_the_planted_dates_and_nothing_detected_scores_zero()
    {
        var axis = new TimeAxis(new DateTime(2024, 5, 1), BinWidth.Day, TimeBasis.Local, 12);
        var p = new PlantedTrend("#a", new DateOnly(2024, 5, 2), new DateOnly(2024, 5, 4), 0.35);
        Assert.Equal((new DateTime(2024, 5, 2), new DateTime(2024, 5, 4)), p.Window(TimeBasis.Local, -300, 120));
        var s = BurstScoring.Score("k", new Dictionary<string, IReadOnlyList<Burst>> { ["#a"] = [new Burst(1, 3, 1, 1)] }, axis, [p]);
        Assert.Equal((1.0, 1.0, 0.0), (s.Precision, s.Recall, s.Matches[0].OnsetDelayHours!.Value));
        var none = BurstScoring.Score("k", new Dictionary<string, IReadOnlyList<Burst>>(), axis, [p]);
        Assert.Equal((0.0, 0.0, 0.0), (none.Precision, none.Recall, none.F1));
    }

    [Fact]
    public void A_bad_truth_line_costs_that_line_only()
    {
        using var dir = new TempDir();
        var path = dir.File("trends.jsonl");
        File.WriteAllLines(path, [
            """{"tag":"#a","start":"2024-05-02","end":"2024-05-04","intensity":0.35}""",
            """{"tag":"#b","start":"2024-05-04","end":"2024-05-02"}""",
            "not json",
            """{"start":"2024-05-02","end":"2024-05-04"}""",
        ]);
        var planted = PlantedTrends.Read(path, out var rejected);
        Assert.Equal("#a", Assert.Single(planted).Tag);
        Assert.Equal(3, rejected.Count);
        Assert.Contains(":2: end 2024-05-02 is not after start 2024-05-04", rejected[0]);
        Assert.Contains(":4: missing field 'tag'", rejected[2]);
        Assert.Throws<FileNotFoundException>(() => PlantedTrends.Read(dir.File("missing.jsonl"), out _));
    }
}
