using System.CommandLine;
using System.Globalization;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Topics;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion analyze topics</c>: topics of the post texts (TF-IDF, spherical k-means, c-TF-IDF words; Chinese
/// through jieba), their sizes and words, topics over time, and with <c>--truth</c> the agreement with the demo's planted
/// themes; as Spectre tables or (<c>--json</c>) JSON on standard output. Everything is computed by
/// <see cref="TopicAnalysis.Run"/>; no user is shown.
/// </summary>
public static class AnalyzeTopicsCommand
{
    public static Command Create()
    {
        var db = new Option<FileInfo>("--db") { Description = "Analytics store (DuckDB file).", DefaultValueFactory = _ => new FileInfo(AnalyticsStore.DefaultFileName) };
        var k = new Option<int>("--k") { Description = "Number of topics.", DefaultValueFactory = _ => TopicOptions.Reference.K };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the k-means++ seeding (the same seed gives the same topics whatever the input order).", DefaultValueFactory = _ => SphericalKMeansConfig.Reference.Seed };
        var words = new Option<int>("--words") { Description = "c-TF-IDF words per topic.", DefaultValueFactory = _ => TopicOptions.Reference.Words };
        var bin = new Option<string>("--bin") { Description = "Time bins of topics over time, UTC: hour, day or week.", DefaultValueFactory = _ => "day" };
        var minUsers = new Option<int>("--min-users") { Description = "k-anonymity: topics and topic-bins covering fewer distinct users are suppressed.", DefaultValueFactory = _ => KAnonymity.DefaultMinUsers };
        var truth = new Option<FileInfo?>("--truth") { Description = "Demo truth/post_noise.jsonl: score the topics against the planted text themes (NMI, ARI, purity)." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to standard output instead of tables." };
        var command = new Command("topics", "Topics of the post texts with their c-TF-IDF words, sizes and shares over time.") { db, k, seed, words, bin, minUsers, truth, json };
        command.SetAction(parse =>
        {
            var binName = parse.GetRequiredValue(bin);
            var timeBin = binName switch
            {
                "hour" => TimeBin.Hour, "day" => TimeBin.Day, "week" => TimeBin.Week,
                _ => throw new ArgumentException($"--bin: '{binName}' is not hour, day or week."),
            };
            var truthFile = parse.GetValue(truth);
            if (truthFile is { Exists: false }) throw new FileNotFoundException($"--truth: {truthFile.FullName} does not exist.");
            using var store = AnalyticsStore.Open(parse.GetRequiredValue(db).FullName);
            var result = TopicAnalysis.Run(store, TopicOptions.Reference with
            {
                K = parse.GetValue(k), Words = parse.GetValue(words), Bin = timeBin, Privacy = new KAnonymity(parse.GetValue(minUsers)),
                Clustering = SphericalKMeansConfig.Reference with { Seed = parse.GetValue(seed) }, TruthPostNoisePath = truthFile?.FullName,
            });
            if (parse.GetValue(json))
            {
                using var buffer = new MemoryStream();
                TopicJson.Write(buffer, result);
                Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                return 0;
            }
            Render(result);
            return 0;
        });
        return command;
    }

    private static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";

    private static void Render(TopicResult r)
    {
        int minUsers = (r.Options.Privacy ?? KAnonymity.Default).MinUsers;
        var table = new Table().Title($"topics (k = {r.Options.K}, seed {(r.Options.Clustering ?? SphericalKMeansConfig.Reference).Seed}; {r.Posts:N0} texted posts, " +
                $"{r.ChinesePosts:N0} segmented as Chinese, {r.WithoutWords:N0} without a vocabulary word; vocabulary {r.Vocabulary:N0} of {r.WordsSeen:N0} words; " +
                $"topics under {minUsers} users suppressed)")
            .AddColumns("topic", "posts", "share", "users", "NPMI", "c-TF-IDF words");
        foreach (var t in r.Topics)
            table.AddRow(t.Index.ToString(CultureInfo.InvariantCulture), Markup.Escape(t.Posts.Display(v => v.ToString("N0", CultureInfo.InvariantCulture))),
                t.Posts.Suppressed ? "-" : F(t.Posts.Value / (double)r.Posts, "0.0%"), t.Posts.DistinctUsers.ToString(CultureInfo.InvariantCulture), F(t.Coherence),
                Markup.Escape(t.Posts.Suppressed ? KAnonymity.SuppressedMark : string.Join(", ", t.Words.Select(w => w.Word))));
        AnsiConsole.Write(table);
        var tl = r.Timeline;
        int peakBins = tl.Starts.Count;
        Console.WriteLine($"topics over time: {peakBins} {TopicsOverTime.Unit(tl.Bin)} bins (UTC) from {tl.Starts.FirstOrDefault():yyyy-MM-dd HH:mm} to {tl.Starts.LastOrDefault():yyyy-MM-dd HH:mm}; --json has every bin.");
        var over = new Table().Title("each topic's busiest bin").AddColumns("topic", "bin (UTC)", "posts", "share of the bin", "words in that bin");
        for (int t = 0; t < tl.Counts.Length; t++)
        {
            int best = Enumerable.Range(0, peakBins).Where(b => !tl.Counts[t][b].Suppressed).DefaultIfEmpty(-1).MaxBy(b => b < 0 ? -1 : tl.Counts[t][b].Value);
            if (best < 0) { over.AddRow(t.ToString(CultureInfo.InvariantCulture), "-", Markup.Escape(KAnonymity.SuppressedMark), "-", "-"); continue; }
            over.AddRow(t.ToString(CultureInfo.InvariantCulture), tl.Starts[best].ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                tl.Counts[t][best].Value.ToString(CultureInfo.InvariantCulture), F(tl.Share(t, best).Value, "0.0%"), Markup.Escape(string.Join(", ", tl.Words[t][best].Select(w => w.Word))));
        }
        AnsiConsole.Write(over);
        Console.WriteLine($"mean NPMI coherence {F(r.MeanCoherence)}; spherical k-means objective {F(r.Objective, "0.0")}; " +
            $"read and tokenise {F(r.Timings.ReadAndTokenize, "0.0")} s, cluster {F(r.Timings.Cluster, "0.0")} s, store and count {F(r.Timings.Store, "0.0")} s; run {r.RunId}");
        if (r.Truth is { } truth)
        {
            var score = new Table().Title("topics vs planted themes").AddColumns("truth", "posts", "classes", "NMI", "ARI", "purity");
            foreach (var a in truth)
                score.AddRow(Markup.Escape(a.Truth), a.Posts.ToString(CultureInfo.InvariantCulture), a.Classes.ToString(CultureInfo.InvariantCulture), F(a.Nmi), F(a.Ari), F(a.Purity));
            AnsiConsole.Write(score);
        }
    }
}
