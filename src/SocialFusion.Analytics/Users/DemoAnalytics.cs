using SocialFusion.Analytics.Ingest;
using SocialFusion.Analytics.Recommendation;
using SocialFusion.Analytics.Reports;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Users;

/// <summary>What the demo's analytics step produced: the ingest, the analysis and the files written.</summary>
public sealed record DemoAnalyticsResult(IngestReport Ingest, UserAnalysisResult Analysis, string StorePath, string ReportPath);

/// <summary>
/// The demo's analytics step: ingest the demo posts and follow graph into a fresh store, profile and segment the
/// users, score the segments against the planted types (<c>truth/users.jsonl</c>), evaluate recommendation, run
/// trends, topics, communities, cascades and influence against the planted truth, and write the HTML report with a
/// section for each.
/// </summary>
public static class DemoAnalytics
{
    /// <summary>Runs the step on the demo collection in <paramref name="dataDir"/>, writing <c>analytics.duckdb</c> and <c>analytics-report.html</c> to <paramref name="outDir"/>.</summary>
    public static DemoAnalyticsResult Run(string dataDir, string outDir)
    {
        Directory.CreateDirectory(outDir);
        var storePath = Path.Combine(outDir, "analytics.duckdb");
        // A derived file: rebuilt from the demo data every time, so it never holds results of other data.
        foreach (var f in new[] { storePath, storePath + ".wal" }) if (File.Exists(f)) File.Delete(f);
        using var store = AnalyticsStore.Open(storePath);
        var ingest = StoreIngest.Run(store, new IngestRequest(Path.Combine(dataDir, "posts.jsonl"), Follows: Path.Combine(dataDir, "truth", "follows.csv")));
        var analysis = UserAnalysis.Run(store, new UserAnalysisOptions(
            TruthUsersPath: Path.Combine(dataDir, "truth", "users.jsonl"), Recommendation: ContextConfig.Reference));
        // The hidden-pattern analyses, each scored against the truth the generator planted beside the posts.
        string Truth(string file) => Path.Combine(dataDir, "truth", file);
        var trends = Trends.TrendAnalysis.Run(store, Trends.TrendOptions.Reference, File.Exists(Truth("trends.jsonl")) ? Truth("trends.jsonl") : null);
        var communities = Communities.CommunityAnalysis.Run(store, Communities.CommunityOptions.Reference with { TruthUsersPath = Truth("users.jsonl") });
        var cascades = Cascades.CascadeAnalysis.Run(store, Cascades.CascadeAnalysisOptions.Reference);
        var influence = Influence.InfluenceAnalysis.Run(store, Influence.InfluenceOptions.Reference);
        var topics = Topics.TopicAnalysis.Run(store, Topics.TopicOptions.Reference with { TruthPostNoisePath = File.Exists(Truth("post_noise.jsonl")) ? Truth("post_noise.jsonl") : null });
        var report = Path.Combine(outDir, "analytics-report.html");
        UserReport.Write(report, analysis, store.Path,
        [
            new Trends.TrendsReportSection(trends), new Topics.TopicReportSection(topics),
            new CommunityReportSection(communities, new Privacy.KAnonymity(Privacy.KAnonymity.DefaultMinUsers)), new CascadeReportSection(cascades, influence),
        ]);
        return new DemoAnalyticsResult(ingest, analysis, store.Path, report);
    }
}
