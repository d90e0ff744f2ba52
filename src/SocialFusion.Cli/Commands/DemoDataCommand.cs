using System.CommandLine;
using SocialFusion.Cli.Rendering;
using SocialFusion.Data.Demo;
using SocialFusion.Training;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion demo-data</c>: writes a synthetic, realistic post collection with its ground truth.</summary>
public static class DemoDataCommand
{
    public static Command Create()
    {
        var defaults = new DemoDataOptions();
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder.", Required = true };
        var posts = new Option<int>("--posts") { Description = "Number of posts.", DefaultValueFactory = _ => defaults.Posts };
        var users = new Option<int>("--users") { Description = "Number of users.", DefaultValueFactory = _ => defaults.Users };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed, same bytes).", DefaultValueFactory = _ => defaults.Seed };
        var unrelated = Share("--unrelated-image-share", "Share of posts whose image is unrelated to the location.", defaults.UnrelatedImageShare);
        var uninformative = Share("--uninformative-text-share", "Share of posts whose text says nothing about the location.", defaults.UninformativeTextShare);
        var misleading = Share("--misleading-text-share", "Share of posts whose text points to another location.", defaults.MisleadingTextShare);
        var missing = Share("--missing-image-share", "Share of posts without an image.", defaults.MissingImageShare);
        var multi = Share("--multi-image-share", "Share of posts with several images.", defaults.MultiImageShare);
        var language = new Option<string>("--language") { Description = "Language of the post text: en, or zh (Weibo-style Simplified Chinese; same users, labels, noise and images as en for a seed).", DefaultValueFactory = _ => defaults.Language };
        language.AcceptOnlyFromAmong([.. DemoLanguage.All.Select(l => l.Code)]);
        var force = OutputGuard.ForceOption();
        var scale = new Option<bool>("--scale") { Description = "Fast text-only mode for scale tests (no images, sparse follow graph with communities of uneven sizes): e.g. --scale --posts 1000000 --users 100000." };
        var scaleDefaults = new ScaleDemoOptions(defaults);
        var meanFollows = new Option<double>("--mean-follows") { Description = "With --scale: average number of users each user follows.", DefaultValueFactory = _ => scaleDefaults.MeanFollows };
        var mixing = new Option<double>("--mixing") { Description = "With --scale: share of follow edges that leave the follower's community (LFR's mu; low mixing by default).", DefaultValueFactory = _ => scaleDefaults.Mixing };
        var communities = new Option<int?>("--communities") { Description = "Planted communities (default 6, with --scale 50)." };
        var command = new Command("demo-data", "Generate demo posts with real image files and the ground truth of users, graph, cascades and trends.")
        {
            output, posts, users, seed, language, unrelated, uninformative, misleading, missing, multi, force, scale, meanFollows, mixing, communities,
        };
        command.SetAction(parse =>
        {
            var options = defaults with
            {
                Posts = parse.GetValue(posts),
                Users = parse.GetValue(users),
                // Small collections get fewer communities rather than an error.
                Communities = Math.Min(parse.GetValue(communities) ?? (parse.GetValue(scale) ? 50 : defaults.Communities), parse.GetValue(users)),
                Seed = parse.GetValue(seed),
                Language = parse.GetRequiredValue(language),
                UnrelatedImageShare = parse.GetValue(unrelated),
                UninformativeTextShare = parse.GetValue(uninformative),
                MisleadingTextShare = parse.GetValue(misleading),
                MissingImageShare = parse.GetValue(missing),
                MultiImageShare = parse.GetValue(multi),
            };
            var dir = parse.GetRequiredValue(output).FullName;
            OutputGuard.CheckFolder("--out", dir, ["posts.jsonl", "manifest.json"], parse.GetValue(force));
            if (parse.GetValue(scale))
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                var written = Output.WithProgress("generating text-only posts", report =>
                    ScaleDemoGenerator.Generate(scaleDefaults with { Demo = options, MeanFollows = parse.GetValue(meanFollows), Mixing = parse.GetValue(mixing) }, dir, new SyncProgress<double>(f => report(f, ""))));
                Console.WriteLine($"{written.Posts} text-only posts by {options.Users} users in {clock.Elapsed.TotalSeconds:F1} s: {written.PostsPath}, truth in {Path.Combine(dir, "truth")}");
                return 0;
            }
            var summary = Output.WithProgress("generating posts", report =>
                DemoDataGenerator.Generate(options, dir, new SyncProgress<double>(f => report(f, ""))));
            Output.DemoData(summary);
            Console.WriteLine($"written to {dir}");
            return 0;
        });
        return command;
    }

    private static Option<double> Share(string name, string description, double value) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };
}
