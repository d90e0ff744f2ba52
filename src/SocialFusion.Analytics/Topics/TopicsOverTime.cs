using DuckDB.NET.Data;
using SocialFusion.Analytics.Privacy;

namespace SocialFusion.Analytics.Topics;

/// <summary>Width of the time bins of topics over time; bins are UTC and start at the hour, at midnight, or on Monday.</summary>
public enum TimeBin
{
    /// <summary>One-hour bins.</summary>
    Hour,
    /// <summary>UTC days.</summary>
    Day,
    /// <summary>Weeks from Monday 00:00 UTC (ISO weeks, DuckDB's <c>date_trunc('week', ...)</c>).</summary>
    Week,
}

/// <summary>Posts per topic per time bin, counted in SQL over <c>post_topics</c>, with each cell's words.</summary>
/// <param name="Bin">Bin width.</param>
/// <param name="Starts">Bin starts (UTC), ascending: every bin with at least one texted post.</param>
/// <param name="PostsPerBin">Texted posts per bin (those without a topic word included): the share's denominator.</param>
/// <param name="Counts">[topic][bin] posts, suppressed when fewer than k distinct users are behind the cell.</param>
/// <param name="Words">[topic][bin] c-TF-IDF words of the cell (global idf), empty when suppressed or empty.</param>
public sealed record TopicTimeline(TimeBin Bin, IReadOnlyList<DateTime> Starts, long[] PostsPerBin, KCell<long>[][] Counts, List<TopicWord>[][] Words)
{
    /// <summary>Share of the bin's texted posts in topic <paramref name="topic"/>, suppressed like its count.</summary>
    public KCell<double> Share(int topic, int bin) => Counts[topic][bin] is var c && c.Suppressed || PostsPerBin[bin] == 0
        ? new KCell<double>(0, c.DistinctUsers, c.Suppressed) : new KCell<double>(c.Value / (double)PostsPerBin[bin], c.DistinctUsers, false);
}

/// <summary>
/// Topics over time without re-clustering (as BERTopic's <c>topics_over_time</c>): every post keeps the one topic the
/// fit gave it; counts per topic and bin are a <c>GROUP BY</c> over the stored assignment, and a cell's words are the
/// c-TF-IDF of its posts' term counts under the idf of the whole fit.
/// </summary>
public static class TopicsOverTime
{
    /// <summary>DuckDB's <c>date_trunc</c> unit for a bin width.</summary>
    public static string Unit(TimeBin bin) => bin switch { TimeBin.Hour => "hour", TimeBin.Day => "day", _ => "week" };

    /// <summary>The start of the bin holding <paramref name="utc"/>, as <c>date_trunc</c> computes it.</summary>
    public static DateTime Start(DateTime utc, TimeBin bin) => bin switch
    {
        TimeBin.Hour => new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour),
        TimeBin.Day => utc.Date,
        _ => utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7)),
    };

    /// <summary>Counts (SQL) and words (from <paramref name="m"/> and <paramref name="fit"/>) of run <paramref name="runId"/>.</summary>
    public static TopicTimeline Compute(DuckDBConnection db, string runId, TermDocumentMatrix m, TopicFit fit, TimeBin bin, int words, KAnonymity privacy)
    {
        string unit = Unit(bin);
        var totals = new SortedDictionary<DateTime, long>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT date_trunc('{unit}', p.created_at) AS bin, count(*) FROM post_topics t JOIN posts p ON p.post_id = t.post_id
                WHERE t.run_id = $run GROUP BY ALL ORDER BY bin
                """;
            cmd.Parameters.Add(new DuckDBParameter("run", runId));
            using var r = cmd.ExecuteReader();
            while (r.Read()) totals[r.GetDateTime(0)] = r.GetInt64(1);
        }
        var starts = totals.Keys.ToList();
        var index = starts.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
        int k = fit.Sizes.Length;
        var counts = new KCell<long>[k][];
        for (int t = 0; t < k; t++)
        {
            counts[t] = new KCell<long>[starts.Count];
            for (int b = 0; b < starts.Count; b++) counts[t][b] = privacy.Cell(0L, 0);
        }
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT t.topic, date_trunc('{unit}', p.created_at) AS bin, count(*), count(DISTINCT t.user_id)
                FROM post_topics t JOIN posts p ON p.post_id = t.post_id WHERE t.run_id = $run AND t.topic >= 0 GROUP BY ALL
                """;
            cmd.Parameters.Add(new DuckDBParameter("run", runId));
            using var r = cmd.ExecuteReader();
            while (r.Read()) counts[r.GetInt32(0)][index[r.GetDateTime(1)]] = privacy.Cell(r.GetInt64(2), r.GetInt64(3));
        }
        // Term counts per (topic, bin) in one pass over the matrix; only cells that may be shown get words.
        var cells = new Dictionary<(int Topic, int Bin), Dictionary<int, long>>();
        for (int i = 0; i < m.Documents; i++)
        {
            int t = fit.Assignments[i];
            if (t < 0) continue;
            int b = index[Start(new DateTime(m.Ticks[i]), bin)];
            if (counts[t][b].Suppressed) continue;
            if (!cells.TryGetValue((t, b), out var tc)) cells[(t, b)] = tc = [];
            for (int e = m.RowStart[i]; e < m.RowStart[i + 1]; e++) tc[m.Columns[e]] = tc.GetValueOrDefault(m.Columns[e]) + m.Counts[e];
        }
        var cellWords = new List<TopicWord>[k][];
        for (int t = 0; t < k; t++)
        {
            cellWords[t] = new List<TopicWord>[starts.Count];
            for (int b = 0; b < starts.Count; b++)
                cellWords[t][b] = cells.TryGetValue((t, b), out var tc) ? fit.Weighting.Top(tc, m.Terms, words) : [];
        }
        return new TopicTimeline(bin, starts, starts.Select(s => totals[s]).ToArray(), counts, cellWords);
    }
}
