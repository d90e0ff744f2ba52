using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SocialFusion.Analytics.Communities;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion analyze communities</c>: Louvain or Leiden on the store's follow graph, modularity, community
/// sizes, NMI/ARI against planted communities (<c>--truth</c>); <c>--json</c> lists every user with its community
/// (keyed pseudonyms unless <c>--raw</c>).
/// </summary>
public static class AnalyzeCommunitiesCommand
{
    public static Command Create()
    {
        var db = new Option<FileInfo>("--db") { Description = "Analytics store (DuckDB file).", DefaultValueFactory = _ => new FileInfo(AnalyticsStore.DefaultFileName) };
        var method = new Option<string>("--method") { Description = "louvain or leiden.", DefaultValueFactory = _ => "leiden" };
        method.AcceptOnlyFromAmong("louvain", "leiden");
        var graph = new Option<string>("--graph") { Description = $"Graph preset: {string.Join(", ", CommunityGraphSpec.Presets.Keys)} (see docs/analytics.md).", DefaultValueFactory = _ => "follows" };
        graph.AcceptOnlyFromAmong([.. CommunityGraphSpec.Presets.Keys]);
        var resolution = new Option<double>("--resolution") { Description = "Modularity resolution gamma (larger: more, smaller communities).", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed (the same seed gives the same communities).", DefaultValueFactory = _ => 42 };
        var truth = new Option<FileInfo?>("--truth") { Description = "Demo truth/users.jsonl: score against the planted communities (NMI, ARI)." };
        var minUsers = new Option<int>("--min-users") { Description = "k-anonymity: community sizes under k users are not shown one by one.", DefaultValueFactory = _ => KAnonymity.DefaultMinUsers };
        var top = new Option<int>("--top") { Description = "Communities listed in the table.", DefaultValueFactory = _ => 15 };
        var json = new Option<bool>("--json") { Description = "Write every user with its community id, and the summary, as JSON to standard output." };
        var raw = new Option<bool>("--raw") { Description = "Show user ids as ingested instead of keyed pseudonyms (the data owner's own view)." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = $"Pseudonym key file (created on first use; default {PseudonymKey.DefaultPath})." };
        var command = new Command("communities", "Communities of the follow graph (Louvain or Leiden), modularity, sizes, NMI/ARI against planted communities.")
        {
            db, method, graph, resolution, seed, truth, minUsers, top, json, raw, keyFile,
        };
        command.SetAction(parse =>
        {
            var truthFile = parse.GetValue(truth);
            if (truthFile is { Exists: false }) throw new FileNotFoundException($"--truth: {truthFile.FullName} does not exist.");
            var options = new CommunityOptions(CommunityGraphSpec.Presets[parse.GetRequiredValue(graph)],
                parse.GetRequiredValue(method) == "louvain" ? CommunityMethod.Louvain : CommunityMethod.Leiden,
                parse.GetValue(resolution), parse.GetValue(seed), truthFile?.FullName);
            var k = new KAnonymity(parse.GetValue(minUsers));
            using var store = AnalyticsStore.Open(parse.GetRequiredValue(db).FullName);
            var r = CommunityAnalysis.Run(store, options);
            Func<string, string> name = id => id;
            bool pseudonymized = !parse.GetValue(raw);
            if (pseudonymized)
            {
                var pseudonyms = new Pseudonymizer(PseudonymKey.LoadOrCreate(parse.GetValue(keyFile)?.FullName));
                pseudonyms.EnsureKeyMatches(store);
                name = pseudonyms.Of;
            }
            var sizes = r.Partition.Sizes();
            if (parse.GetValue(json))
            {
                var doc = new
                {
                    method = options.Method.ToString().ToLowerInvariant(), graph = parse.GetRequiredValue(graph), direction = options.Graph.Direction.ToString().ToLowerInvariant(),
                    resolution = options.Resolution, seed = options.Seed, users = r.UserIds.Length, pairs = r.Pairs, isolated = r.Isolated,
                    communities = r.Partition.Count, modularity = r.Partition.Modularity, levels = r.Partition.Levels,
                    graph_seconds = r.GraphSeconds, seconds = r.Seconds,
                    truth = r.Truth is { } t ? new { nmi = t.Nmi, ari = t.Ari, scored = t.Scored, only_in_store = t.OnlyInStore, only_in_truth = t.OnlyInTruth, planted = t.Planted } : null,
                    sizes, pseudonymized,
                    members = r.UserIds.Select((u, i) => new { user = name(u), community = r.Partition.Membership[i] }),
                };
                Console.Out.WriteLine(JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
                return 0;
            }
            var summary = new Table().AddColumns("", "value");
            summary.AddRow("method / graph", $"{options.Method} on {Markup.Escape(parse.GetRequiredValue(graph))} ({options.Graph.Direction.ToString().ToLowerInvariant()}, gamma {options.Resolution.ToString(CultureInfo.InvariantCulture)}, seed {options.Seed})");
            summary.AddRow("users / linked pairs / isolated", $"{r.UserIds.Length:N0} / {r.Pairs:N0} / {r.Isolated:N0}");
            summary.AddRow("communities", $"{r.Partition.Count:N0} ({sizes.Count(s => s == 1):N0} singletons)");
            summary.AddRow("modularity", r.Partition.Modularity.ToString("F4", CultureInfo.InvariantCulture));
            summary.AddRow("time", $"graph {r.GraphSeconds:F2} s, {options.Method} {r.Seconds:F2} s ({r.Partition.Levels} levels)");
            if (r.Truth is { } s)
                summary.AddRow("vs planted", $"NMI {s.Nmi:F3}, ARI {s.Ari:F3} over {s.Scored:N0} users in {s.Planted} planted communities" +
                    (s.OnlyInStore + s.OnlyInTruth > 0 ? $" ({s.OnlyInStore} store-only and {s.OnlyInTruth} truth-only users left out)" : ""));
            AnsiConsole.Write(summary);
            var table = new Table().AddColumns("community", "users", "share of users", "edge ends inside");
            for (int c = 0; c < Math.Min(parse.GetValue(top), r.Partition.Count); c++)
            {
                if (!k.Allows(sizes[c])) break; // sizes descend: the rest are smaller still
                double inside = c < CommunityMixing.Top ? r.Mixing.Share(c, c) : double.NaN;
                table.AddRow(c.ToString(CultureInfo.InvariantCulture), sizes[c].ToString("N0", CultureInfo.InvariantCulture),
                    (sizes[c] / (double)r.UserIds.Length).ToString("P1", CultureInfo.InvariantCulture), double.IsNaN(inside) ? "" : inside.ToString("P1", CultureInfo.InvariantCulture));
            }
            int small = sizes.Count(x => !k.Allows(x));
            if (small > 0) table.Caption($"{small:N0} communities of fewer than {k.MinUsers} users ({sizes.Where(x => !k.Allows(x)).Sum():N0} users together) not listed one by one");
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
