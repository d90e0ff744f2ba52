using System.CommandLine;
using System.Globalization;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Reports;
using SocialFusion.Analytics.Store;
using SocialFusion.Analytics.Users;
using SocialFusion.Cli.Rendering;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion analyze users</c>: per-user profiles and segments from the analytics store, as Spectre tables or
/// (<c>--json</c>) JSON on standard output; users appear as keyed pseudonyms unless <c>--raw</c>.
/// </summary>
public static class AnalyzeCommand
{
    public static Command Create()
    {
        var analyze = new Command("analyze", "Analyses over the analytics store (tables, or JSON with --json).");
        analyze.Subcommands.Add(Users());
        analyze.Subcommands.Add(AnalyzeCommunitiesCommand.Create());
        analyze.Subcommands.Add(AnalyzeForecastCommand.Create());
        analyze.Subcommands.Add(AnalyzeCascadesCommand.Create());
        analyze.Subcommands.Add(AnalyzeInfluenceCommand.Create());
        analyze.Subcommands.Add(AnalyzeTrendsCommand.Create());
        analyze.Subcommands.Add(AnalyzeTopicsCommand.Create());
        return analyze;
    }

    /// <summary>Options shared by the user analysis commands (analyze users, report).</summary>
    internal sealed class UserAnalysisOptionSet
    {
        public Option<FileInfo> Db { get; } = new("--db") { Description = "Analytics store (DuckDB file).", DefaultValueFactory = _ => new FileInfo(AnalyticsStore.DefaultFileName) };
        public Option<int> MinUsers { get; } = new("--min-users") { Description = "k-anonymity: aggregate cells covering fewer distinct users are suppressed.", DefaultValueFactory = _ => KAnonymity.DefaultMinUsers };
        public Option<int?> K { get; } = new("--k") { Description = "Number of segments (default: chosen by silhouette over 2..8)." };
        public Option<string> Features { get; } = new("--features") { Description = "Segmentation features preset: routine (where and when people post) or full (adds sentiment, engagement, replies).", DefaultValueFactory = _ => "routine" };
        public Option<FileInfo?> Truth { get; } = new("--truth") { Description = "Demo truth/users.jsonl: score the segments against the planted user types (ARI, NMI)." };

        public void AddTo(Command c) { c.Options.Add(Db); c.Options.Add(MinUsers); c.Options.Add(K); c.Options.Add(Features); c.Options.Add(Truth); }

        public UserAnalysisOptions Resolve(ParseResult parse, bool recommendation)
        {
            var preset = parse.GetRequiredValue(Features);
            if (!SegmentationConfig.Presets.TryGetValue(preset, out var seg))
                throw new ArgumentException($"--features: unknown preset '{preset}'; choose one of {string.Join(", ", SegmentationConfig.Presets.Keys)}.");
            var truth = parse.GetValue(Truth);
            if (truth is { Exists: false }) throw new FileNotFoundException($"--truth: {truth.FullName} does not exist.");
            return new UserAnalysisOptions(
                Segmentation: seg with { K = parse.GetValue(K) }, Privacy: new KAnonymity(parse.GetValue(MinUsers)), TruthUsersPath: truth?.FullName,
                Recommendation: recommendation ? SocialFusion.Analytics.Recommendation.ContextConfig.Reference : null);
        }
    }

    private static Command Users()
    {
        var set = new UserAnalysisOptionSet();
        var user = new Option<string?>("--user") { Description = "Show this user's profile (the id as ingested)." };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to standard output instead of tables." };
        var raw = new Option<bool>("--raw") { Description = "Show user ids as ingested instead of keyed pseudonyms (the data owner's own view)." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = $"Pseudonym key file (created on first use; default {PseudonymKey.DefaultPath})." };
        var command = new Command("users", "Per-user profiles (activity, locations, hashtags, sentiment, engagement, replies/reposts) and user segments.") { user, json, raw, keyFile };
        set.AddTo(command);
        command.SetAction(parse =>
        {
            using var store = AnalyticsStore.Open(parse.GetRequiredValue(set.Db).FullName);
            var result = UserAnalysis.Run(store, set.Resolve(parse, recommendation: false));
            var one = parse.GetValue(user);
            var profiles = UserProfileView.Read(store.Connection, result.RunId, result.RunId, one == null ? null : [one]);
            if (one != null && profiles.Count == 0) throw new InvalidOperationException($"--user: no posts by user '{one}' in {store.Path}.");
            Func<string, string> name = id => id;
            bool pseudonymized = !parse.GetValue(raw);
            if (pseudonymized)
            {
                var pseudonyms = new Pseudonymizer(PseudonymKey.LoadOrCreate(parse.GetValue(keyFile)?.FullName));
                pseudonyms.EnsureKeyMatches(store);
                name = pseudonyms.Of;
            }
            if (parse.GetValue(json))
            {
                // Through Console.Out (not the raw stream) so that redirection in-process sees it too.
                using var buffer = new MemoryStream();
                UserAnalysisJson.Write(buffer, result, profiles, name, pseudonymized);
                Console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                return 0;
            }
            UsersView.Render(result, profiles, name, one != null);
            return 0;
        });
        return command;
    }
}
