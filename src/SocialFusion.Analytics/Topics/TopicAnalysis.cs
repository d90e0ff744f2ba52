using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDB.NET.Data;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Topics;

/// <summary>
/// What <see cref="TopicAnalysis.Run"/> does. Reference: k = 10 topics (the demo plants 10 places), 10 words per topic,
/// daily bins with 5 words per cell, the reference tokenizer, vocabulary and clustering (seed 1), k = 5 suppression,
/// no truth, texts read 20,000 at a time.
/// </summary>
/// <param name="K">Number of topics.</param>
/// <param name="Words">c-TF-IDF words per topic.</param>
/// <param name="Bin">Time bins of topics over time (UTC).</param>
/// <param name="WordsPerBin">c-TF-IDF words per topic per bin.</param>
/// <param name="Tokenizer">How texts become words.</param>
/// <param name="Vocabulary">Which words are kept.</param>
/// <param name="Clustering">Spherical k-means settings (its seed is the run's seed).</param>
/// <param name="Privacy">k-anonymity of the published cells (topics and topic-bins covering fewer users show no words and no count).</param>
/// <param name="TruthPostNoisePath">A demo <c>truth/post_noise.jsonl</c>: score the topics against the planted text themes.</param>
/// <param name="BatchSize">Texts read from the store and tokenised (in parallel) per batch.</param>
public sealed record TopicOptions(
    int K = 10, int Words = 10, TimeBin Bin = TimeBin.Day, int WordsPerBin = 5, TokenizerConfig? Tokenizer = null,
    VocabularyConfig? Vocabulary = null, SphericalKMeansConfig? Clustering = null, KAnonymity? Privacy = null,
    string? TruthPostNoisePath = null, int BatchSize = 20_000)
{
    /// <summary>The reference setting.</summary>
    public static TopicOptions Reference { get; } = new();
}

/// <summary>One topic: its index (0 = largest), posts and distinct authors (a k-anonymous cell), words (empty when suppressed) and NPMI coherence.</summary>
public sealed record TopicSummary(int Index, KCell<long> Posts, IReadOnlyList<TopicWord> Words, double Coherence);

/// <summary>Wall-clock seconds of the steps.</summary>
public sealed record TopicTimings(double ReadAndTokenize, double Cluster, double Store, double Total);

/// <summary>Everything one topic run produced.</summary>
/// <param name="RunId">Key of the run's rows in <c>post_topics</c>, <c>topic_words</c>, <c>analysis_metrics</c>.</param>
/// <param name="DataFingerprint">The store's data fingerprint when it ran.</param>
/// <param name="Posts">Texted posts clustered.</param>
/// <param name="ChinesePosts">Of which segmented as Chinese.</param>
/// <param name="WithoutWords">Posts without any vocabulary word (topic -1).</param>
/// <param name="Vocabulary">Words kept.</param>
/// <param name="WordsSeen">Distinct words before pruning.</param>
/// <param name="Topics">Topics, largest first.</param>
/// <param name="Timeline">Topics over time.</param>
/// <param name="MeanCoherence">Mean NPMI over topics.</param>
/// <param name="Truth">Agreement with the planted themes, when a truth file was given.</param>
/// <param name="Objective">Spherical k-means objective (sum of cosines).</param>
/// <param name="Timings">Step timings.</param>
/// <param name="Options">What ran.</param>
public sealed record TopicResult(
    string RunId, string DataFingerprint, int Posts, int ChinesePosts, int WithoutWords, int Vocabulary, int WordsSeen,
    IReadOnlyList<TopicSummary> Topics, TopicTimeline Timeline, double MeanCoherence, IReadOnlyList<TopicAgreement>? Truth,
    double Objective, TopicTimings Timings, TopicOptions Options);

/// <summary>
/// Topics of the store's post texts as one library call: texts streamed from DuckDB in batches and tokenised
/// (<see cref="TopicTokenizer"/>, jieba for Chinese), a canonical sparse term matrix (<see cref="TermDocumentBuilder"/>),
/// TF-IDF and spherical k-means (<see cref="TopicModel"/>), c-TF-IDF words, the assignment stored in
/// <c>post_topics</c>, counts per topic and time bin in SQL (<see cref="TopicsOverTime"/>), NPMI coherence and, with a
/// truth file, NMI/ARI/purity against the planted themes (<see cref="TopicTruth"/>). Memory is the vocabulary, the
/// sparse matrix and the k concept vectors: texts are not kept.
/// </summary>
public static class TopicAnalysis
{
    /// <summary>Runs the analysis on <paramref name="store"/> (opened writable: the assignment is stored).</summary>
    public static TopicResult Run(AnalyticsStore store, TopicOptions? options = null)
    {
        options ??= TopicOptions.Reference;
        if (store.ReadOnly) throw new InvalidOperationException($"{store.Path}: the topic analysis stores its results; open the store writable.");
        if (options.K < 1) throw new ArgumentOutOfRangeException(nameof(options), options.K, "--k must be at least 1");
        if (options.Words < 1 || options.WordsPerBin < 1) throw new ArgumentOutOfRangeException(nameof(options), "--words must be at least 1");
        var privacy = options.Privacy ?? KAnonymity.Default;
        var db = store.Connection;
        var total = Stopwatch.StartNew();
        var (matrix, chinese) = Read(db, options);
        if (matrix.Documents == 0) throw new InvalidOperationException($"{store.Path} has no posts with text; run `socialfusion ingest` first.");
        double readSeconds = total.Elapsed.TotalSeconds;
        var fit = TopicModel.Fit(matrix, options.K, options.Words, options.Clustering);
        var coherence = TopicCoherence.Npmi(matrix, fit.Words.Select(w => (IReadOnlyList<string>)w.Select(x => x.Word).ToList()).ToList());
        double clusterSeconds = total.Elapsed.TotalSeconds - readSeconds;

        var fingerprint = store.DataFingerprint();
        string runId = "topics-" + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss.fffffff", CultureInfo.InvariantCulture);
        var clustering = options.Clustering ?? SphericalKMeansConfig.Reference;
        AnalysisRuns.Record(db, runId, "topics", JsonSerializer.Serialize(new
        {
            k = options.K, words = options.Words, bin = TopicsOverTime.Unit(options.Bin), words_per_bin = options.WordsPerBin,
            seed = clustering.Seed, restarts = clustering.Restarts, tokenizer = options.Tokenizer ?? TokenizerConfig.Reference,
            vocabulary = options.Vocabulary ?? VocabularyConfig.Reference, min_users = privacy.MinUsers,
        }), fingerprint);
        WriteAssignments(db, runId, matrix, fit);
        var users = TopicUsers(db, runId, options.K);
        var timeline = TopicsOverTime.Compute(db, runId, matrix, fit, options.Bin, options.WordsPerBin, privacy);
        WriteWords(db, runId, fit, timeline);
        var topics = Enumerable.Range(0, options.K).Select(t =>
        {
            var cell = privacy.Cell((long)fit.Sizes[t], users[t]);
            return new TopicSummary(t, cell, cell.Suppressed ? [] : fit.Words[t], coherence[t]);
        }).ToList();
        IReadOnlyList<TopicAgreement>? truth = null;
        if (options.TruthPostNoisePath is { } path)
        {
            var byId = new Dictionary<string, int>(matrix.Documents, StringComparer.Ordinal);
            for (int i = 0; i < matrix.Documents; i++) byId[matrix.Ids[i]] = fit.Assignments[i];
            truth = TopicTruth.Score(byId, TopicTruth.ReadNoise(path), Locations(db));
        }
        double mean = coherence.Where(c => !double.IsNaN(c)).DefaultIfEmpty(double.NaN).Average();
        int without = fit.Assignments.Count(a => a < 0);
        var metrics = new List<(string, double)> { ("topics.k", options.K), ("topics.posts", matrix.Documents), ("topics.vocabulary", matrix.Terms.Length),
            ("topics.without_words", without), ("topics.coherence_npmi", mean), ("topics.objective", fit.Objective) };
        foreach (var (a, name) in (truth ?? []).Zip(new[] { "location", "theme" }))
            metrics.AddRange([($"topics.{name}.nmi", a.Nmi), ($"topics.{name}.ari", a.Ari), ($"topics.{name}.purity", a.Purity)]);
        // An undefined figure (no truth to score against) is left out rather than stored as NaN.
        AnalysisRuns.Metrics(db, runId, metrics.Where(m => !double.IsNaN(m.Item2)));
        double all = total.Elapsed.TotalSeconds;
        return new TopicResult(runId, fingerprint, matrix.Documents, chinese, without, matrix.Terms.Length, matrix.WordsSeen, topics, timeline,
            mean, truth, fit.Objective, new TopicTimings(readSeconds, clusterSeconds, all - readSeconds - clusterSeconds, all), options);
    }

    /// <summary>Streams the texted posts in batches, tokenises each batch in parallel, builds the canonical matrix.</summary>
    private static (TermDocumentMatrix Matrix, int Chinese) Read(DuckDBConnection db, TopicOptions options)
    {
        var tokenizer = new TopicTokenizer(options.Tokenizer);
        var builder = new TermDocumentBuilder();
        int chinese = 0, size = Math.Max(1, options.BatchSize);
        var batch = new List<(string Id, string User, long Ticks, string Text)>(size);
        void Flush()
        {
            var words = new List<string>[batch.Count];
            var zh = new bool[batch.Count];
            Parallel.For(0, batch.Count, i =>
            {
                var (language, w) = tokenizer.Tokenize(batch[i].Text);
                zh[i] = language == PostLanguage.Chinese;
                words[i] = w;
            });
            for (int i = 0; i < batch.Count; i++) builder.Add(batch[i].Id, batch[i].Ticks, batch[i].User, words[i]);
            chinese += zh.Count(z => z);
            batch.Clear();
        }
        using var cmd = db.CreateCommand();
        cmd.UseStreamingMode = true;
        cmd.CommandText = "SELECT post_id, user_id, created_at, text FROM posts WHERE text IS NOT NULL AND trim(text) <> ''";
        using (var r = cmd.ExecuteReader())
            while (r.Read())
            {
                batch.Add((r.GetString(0), r.GetString(1), r.GetDateTime(2).Ticks, r.GetString(3)));
                if (batch.Count == size) Flush();
            }
        Flush();
        return (builder.Build(options.Vocabulary), chinese);
    }

    private static void WriteAssignments(DuckDBConnection db, string runId, TermDocumentMatrix m, TopicFit fit)
    {
        using var appender = db.CreateAppender("post_topics");
        for (int i = 0; i < m.Documents; i++)
        {
            var row = appender.CreateRow().AppendValue(runId).AppendValue(m.Ids[i]).AppendValue(m.Users[m.UserIndex[i]]).AppendValue(fit.Assignments[i]);
            if (fit.Assignments[i] < 0) row.AppendNullValue(); else row.AppendValue((double)fit.Similarity[i]);
            row.EndRow();
        }
    }

    private static void WriteWords(DuckDBConnection db, string runId, TopicFit fit, TopicTimeline timeline)
    {
        using var appender = db.CreateAppender("topic_words");
        void Rows(int topic, DateTime? bin, IReadOnlyList<TopicWord> words)
        {
            for (int r = 0; r < words.Count; r++)
            {
                var row = appender.CreateRow().AppendValue(runId).AppendValue(topic);
                (bin is { } b ? row.AppendValue(b) : row.AppendNullValue()).AppendValue((short)(r + 1)).AppendValue(words[r].Word).AppendValue(words[r].Weight).EndRow();
            }
        }
        for (int t = 0; t < fit.Words.Count; t++)
        {
            Rows(t, null, fit.Words[t]);
            for (int b = 0; b < timeline.Starts.Count; b++) Rows(t, timeline.Starts[b], timeline.Words[t][b]);
        }
    }

    /// <summary>Distinct authors per topic (SQL over the stored assignment).</summary>
    private static long[] TopicUsers(DuckDBConnection db, string runId, int k)
    {
        var users = new long[k];
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT topic, count(DISTINCT user_id) FROM post_topics WHERE run_id = $run AND topic >= 0 GROUP BY topic";
        cmd.Parameters.Add(new DuckDBParameter("run", runId));
        using var r = cmd.ExecuteReader();
        while (r.Read()) users[r.GetInt32(0)] = r.GetInt64(1);
        return users;
    }

    private static Dictionary<string, string> Locations(DuckDBConnection db)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT post_id, location FROM posts WHERE location IS NOT NULL AND text IS NOT NULL";
        using var r = cmd.ExecuteReader();
        while (r.Read()) d[r.GetString(0)] = r.GetString(1);
        return d;
    }
}
