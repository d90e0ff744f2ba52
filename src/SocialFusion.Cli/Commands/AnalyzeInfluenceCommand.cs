using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SocialFusion.Analytics.Influence;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion analyze influence</c>: PageRank on the follow and reshare graphs, the top users of each next to the
/// most-followed, and how the rankings agree (Spearman, top-k overlap). Users appear as keyed pseudonyms unless <c>--raw</c>.
/// </summary>
public static class AnalyzeInfluenceCommand
{
    public static Command Create()
    {
        var db = new Option<FileInfo>("--db") { Description = "Analytics store (DuckDB file).", DefaultValueFactory = _ => new FileInfo(AnalyticsStore.DefaultFileName) };
        var top = new Option<int>("--top") { Description = "Users listed per ranking, and the k of the top-k overlaps.", DefaultValueFactory = _ => InfluenceOptions.Reference.Top };
        var json = new Option<bool>("--json") { Description = "Write the result as JSON to standard output instead of tables." };
        var raw = new Option<bool>("--raw") { Description = "Show user ids as ingested instead of keyed pseudonyms (the data owner's own view)." };
        var keyFile = new Option<FileInfo?>("--key-file") { Description = $"Pseudonym key file (created on first use; default {PseudonymKey.DefaultPath})." };
        var command = new Command("influence", "PageRank on the follow graph and on the reshare graph, compared with follower counts.") { db, top, json, raw, keyFile };
        command.SetAction(parse =>
        {
            int k = parse.GetValue(top);
            if (k < 1) throw new ArgumentException($"--top {k}: list at least one user.");
            using var store = AnalyticsStore.Open(parse.GetRequiredValue(db).FullName);
            var r = InfluenceAnalysis.Run(store, InfluenceOptions.Reference with { Top = k });
            Func<string, string> name = id => id;
            bool pseudonymized = !parse.GetValue(raw);
            if (pseudonymized)
            {
                var pseudonyms = new Pseudonymizer(PseudonymKey.LoadOrCreate(parse.GetValue(keyFile)?.FullName));
                pseudonyms.EnsureKeyMatches(store);
                name = pseudonyms.Of;
            }
            object Users(IReadOnlyList<InfluentialUser> list) => list.Select(u => new { User = name(u.UserId), u.FollowRank, u.ReshareRank, u.Followers, u.ReshareWeightReceived });
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    r.Users, r.FollowEdges, r.ReshareEdges, Pseudonymized = pseudonymized, r.Damping,
                    FollowPagerank = new { r.Follow.Iterations, r.Follow.Converged }, ResharePagerank = new { r.Reshare.Iterations, r.Reshare.Converged },
                    Agreement = r.Agreement.Select(a => new { a.A, a.B, a.Spearman, a.TopOverlap }),
                    TopByFollowRank = Users(r.TopByFollowRank), TopByReshareRank = Users(r.TopByReshareRank), TopByFollowers = Users(r.TopByFollowers),
                }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
                return 0;
            }
            AnsiConsole.MarkupLine(Markup.Escape($"{r.Users:N0} users; follow graph {r.FollowEdges:N0} edges (PageRank {r.Follow.Iterations} iterations{(r.Follow.Converged ? "" : ", NOT converged")}), " +
                $"reshare graph {r.ReshareEdges:N0} weighted edges ({r.Reshare.Iterations} iterations{(r.Reshare.Converged ? "" : ", NOT converged")}); damping {r.Damping}."));
            var agree = new Table().Title("agreement between rankings of all users").AddColumns("ranking", "against", "Spearman rho", $"top-{k} overlap");
            foreach (var a in r.Agreement) agree.AddRow(a.A, a.B, F(a.Spearman, "0.000"), F(a.TopOverlap, "0.00"));
            AnsiConsole.Write(agree);
            foreach (var (title, list) in new[] { ("follow-graph PageRank", r.TopByFollowRank), ("reshare-graph PageRank", r.TopByReshareRank), ("followers", r.TopByFollowers) })
            {
                var t = new Table().Title($"top {k} by {title}{(pseudonymized ? " (pseudonyms)" : "")}").AddColumns("user", "follow PageRank", "reshare PageRank", "followers", "reshares received");
                foreach (var u in list) t.AddRow(Markup.Escape(name(u.UserId)), F(u.FollowRank, "0.00000"), F(u.ReshareRank, "0.00000"), u.Followers.ToString(CultureInfo.InvariantCulture), u.ReshareWeightReceived.ToString(CultureInfo.InvariantCulture));
                AnsiConsole.Write(t);
            }
            return 0;
        });
        return command;
    }

    private static string F(double v, string format) => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
}
