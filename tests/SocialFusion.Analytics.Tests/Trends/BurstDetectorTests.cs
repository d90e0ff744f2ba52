using SocialFusion.Analytics.Trends;
using Xunit;

namespace SocialFusion.Analytics.Tests.Trends;

public class BurstDetectorTests
{
    // Monday 2024-03-04 00:00, three weeks of hourly bins.
    private static readonly TimeAxis Hourly = new(new DateTime(2024, 3, 4), BinWidth.Hour, TimeBasis.Utc, 504);

    private static (int[] Counts, int[] Totals) Flat(int n, int count = 1, int total = 20) =>
        (Enumerable.Repeat(count, n).ToArray(), Enumerable.Repeat(total, n).ToArray());

    public static TheoryData<string> Detectors => new() { "kleinberg", "kleinberg-multi", "poisson" };

    [Theory]
    [MemberData(nameof(Detectors))]
    public void A_burst_on_a_hand_built_series_is_found_with_its_boundaries(string name)
    {
        // 1 post of 20 per hour, 8 of 20 in hours 400..409. Kleinberg: p0 = 574 / 10080, p1 = 2 p0 = 0.114; a burst hour
        // is 4.8 nats cheaper in state 1, a quiet hour 0.49 dearer, so the optimal sequence enters state 1 exactly at
        // 400 (one step up costs ln 504 = 6.2) and leaves at 410. Poisson: mu = 1 from three weeks of history,
        // z = (8 - 1) / 1 = 7 >= 3 on those ten hours only.
        var (counts, totals) = Flat(504);
        for (int t = 400; t < 410; t++) counts[t] = 8;
        var bursts = TrendOptions.Detector(name).Detect(counts, totals, Hourly);
        var top = Assert.Single(bursts, b => b.Level == 1);
        Assert.Equal(400, top.StartBin);
        Assert.Equal(410, top.EndBin);
        Assert.True(top.Weight > 0);
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void A_flat_series_has_no_burst(string name)
    {
        var (counts, totals) = Flat(504);
        Assert.Empty(TrendOptions.Detector(name).Detect(counts, totals, Hourly));
    }

    [Theory]
    [MemberData(nameof(Detectors))]
    public void An_empty_series_has_no_burst_and_a_bad_one_is_refused(string name)
    {
        var detector = TrendOptions.Detector(name);
        Assert.Empty(detector.Detect([], [], Hourly with { Count = 0 }));
        var e = Assert.Throws<ArgumentException>(() => detector.Detect([1, 2], [3, 3, 3], Hourly with { Count = 3 }));
        Assert.Contains("2 bins", e.Message);
        e = Assert.Throws<ArgumentException>(() => detector.Detect([1, 5, 0], [3, 3, 3], Hourly with { Count = 3 }));
        Assert.Contains("bin 1 (2024-03-04 01:00) has 5 posts with the key out of 3", e.Message);
    }

    [Theory]
    [InlineData("kleinberg")]
    [InlineData("kleinberg-multi")]
    public void A_one_bin_blip_does_not_pay_the_step_cost_of_gamma_ln_n(string name)
    {
        // 3 of 20 in one hour: about 1 nat cheaper in state 1, against a step of ln 504 = 6.2; with gamma = 0.1 the
        // step is 0.62 and the blip becomes a one-bin burst.
        var (counts, totals) = Flat(504);
        counts[300] = 3;
        var detector = (KleinbergBursts)TrendOptions.Detector(name);
        Assert.Empty(detector.Detect(counts, totals, Hourly));
        var cheap = new KleinbergBursts(detector.Config with { Gamma = 0.1 }).Detect(counts, totals, Hourly);
        Assert.Equal((300, 301), (cheap[0].StartBin, cheap[0].EndBin));
    }

    [Fact]
    public void The_multi_state_automaton_nests_a_stronger_burst_inside_a_weaker_one()
    {
        // 100 bins of 10 posts: 1 relevant, 6 in 40..59, 9 in 45..49. p0 = 0.215: states 0.215, 0.43, 0.86 (1.72 >= 1 is
        // cut). A 6-of-10 bin is best explained by state 1, a 9-of-10 bin by state 2 (5.1 nats cheaper than state 1 per
        // bin, against a step of ln 100 = 4.6).
        var axis = new TimeAxis(new DateTime(2024, 3, 4), BinWidth.Hour, TimeBasis.Utc, 100);
        var counts = Enumerable.Repeat(1, 100).ToArray();
        var totals = Enumerable.Repeat(10, 100).ToArray();
        for (int t = 40; t < 60; t++) counts[t] = 6;
        for (int t = 45; t < 50; t++) counts[t] = 9;
        var multi = new KleinbergBursts(KleinbergConfig.MultiState).Detect(counts, totals, axis);
        Assert.Equal([(40, 60, 1), (45, 50, 2)], multi.Select(b => (b.StartBin, b.EndBin, b.Level)));
        var two = new KleinbergBursts(KleinbergConfig.TwoState).Detect(counts, totals, axis);
        Assert.Equal([(40, 60, 1)], two.Select(b => (b.StartBin, b.EndBin, b.Level)));
    }

    [Fact]
    public void Kleinberg_weights_are_comparable_across_series_of_different_volume()
    {
        // The same relative burst in a series ten times as common: same boundaries (p0 is each series' own share).
        var axis = new TimeAxis(new DateTime(2024, 3, 4), BinWidth.Hour, TimeBasis.Utc, 200);
        var totals = Enumerable.Repeat(100, 200).ToArray();
        int[] Series(int quiet, int loud) { var c = Enumerable.Repeat(quiet, 200).ToArray(); for (int t = 120; t < 140; t++) c[t] = loud; return c; }
        var k = new KleinbergBursts(KleinbergConfig.TwoState);
        var rare = Assert.Single(k.Detect(Series(1, 4), totals, axis));
        var common = Assert.Single(k.Detect(Series(10, 40), totals, axis));
        Assert.Equal((120, 140), (rare.StartBin, rare.EndBin));
        Assert.Equal((120, 140), (common.StartBin, common.EndBin));
    }

    [Fact]
    public void Poisson_expectation_uses_the_same_hour_of_week_and_only_the_past()
    {
        // Mondays 09h have 10 posts, every other hour 0. After two weeks, the third Monday 09h expects
        // (20 + 2 * m) / (2 + 2) with m = 20 / 336 the running mean: 5.03.
        var counts = new int[504];
        counts[9] = 10; counts[168 + 9] = 10; counts[336 + 9] = 10;
        var baseline = new SeasonalBaseline(Hourly, 2.0, 0.1);
        for (int t = 0; t < 336; t++) baseline.Add(counts[t]);
        Assert.Equal((20 + 2 * (20.0 / 336)) / 4, baseline.Expected(336 + 9), 12);
        Assert.Equal(0.1, baseline.Expected(336 + 10), 12); // (0 + 2 m) / (2 + 2) = 0.03 < floor
        // The detector's z of that bin sees all 345 bins before it: m = 20 / 345.
        var z = new SeasonalPoissonBursts(SeasonalPoissonConfig.Reference).Scores(counts, Hourly);
        double mu = (20 + 2 * (20.0 / 345)) / 4;
        Assert.Equal((10 - mu) / Math.Sqrt(mu), z[336 + 9], 12);
        // Changing the future does not change a past score.
        var changed = (int[])counts.Clone();
        changed[400] = 50;
        Assert.Equal(z[336 + 9], new SeasonalPoissonBursts(SeasonalPoissonConfig.Reference).Scores(changed, Hourly)[336 + 9]);
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new KleinbergBursts(KleinbergConfig.TwoState with { S = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new KleinbergBursts(KleinbergConfig.TwoState with { MaxStates = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SeasonalPoissonBursts(SeasonalPoissonConfig.Reference with { MinExpected = 0 }));
        Assert.Throws<ArgumentException>(() => TrendOptions.Detector("nope"));
    }
}
