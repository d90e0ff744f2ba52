using System.CommandLine;
using SocialFusion.Analytics.Users;
using SocialFusion.Cli.Rendering;
using SocialFusion.Data.Demo;
using SocialFusion.Training;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.Training;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion demo</c>: the one command. Generates the demo posts if missing, trains SG-MFT, its ablations and
/// the baselines over three seeds on the same features and prints the comparison. Before training, the analytics
/// step ingests the posts and follows into runs/demo/analytics.duckdb and prints user segments and recommendation scores.
/// </summary>
public static class DemoCommand
{
    public static Command Create()
    {
        var profile = new DemoProfile();
        var language = new Option<string>("--language") { Description = "Language of the demo posts: en, or zh (the same collection in Weibo-style Chinese).", DefaultValueFactory = _ => profile.Language };
        language.AcceptOnlyFromAmong([.. DemoLanguage.All.Select(l => l.Code)]);
        var data = new Option<DirectoryInfo?>("--data") { Description = "Demo data folder, generated when it has no posts.jsonl (default: demo-data, or demo-data-LANG for --language LANG other than en)." };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Output folder: encoder, features, checkpoints, reports (default: runs/demo, or runs/demo-LANG)." };
        var posts = new Option<int>("--posts") { Description = "Posts to generate when the data is missing.", DefaultValueFactory = _ => profile.Posts };
        var seeds = ExperimentOptions.Seeds(string.Join(',', profile.Seeds));
        var presets = ExperimentOptions.Presets(string.Join(',', profile.Presets));
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs per run.", DefaultValueFactory = _ => profile.MaxEpochs };
        var ablations = new Option<bool>("--ablations") { Description = "Also train SG-MFT's ablations (sgmft-no-coarse, -no-fine, -no-sim, -no-sfm)." };
        var fresh = new Option<bool>("--fresh") { Description = "Retrain every run even when a finished one is in the output folder." };
        var command = new Command("demo", "Generate demo data if missing, run the user analytics (segments, recommendation, HTML report), train sgmft and the baselines over 3 seeds, print the comparison.")
        {
            language, data, output, posts, seeds, presets, ablations, epochs, fresh,
        };
        command.SetAction(parse =>
        {
            var p = profile with { Posts = parse.GetValue(posts), MaxEpochs = parse.GetValue(epochs), Language = parse.GetRequiredValue(language) };
            if (parse.GetValue<int?>("--threads") is null) TorchSharp.torch.set_num_threads(p.Threads);
            var dataDir = (parse.GetValue(data) ?? new DirectoryInfo(p.DataFolder)).FullName;
            var outDir = (parse.GetValue(output) ?? new DirectoryInfo(p.OutputFolder)).FullName;
            var postsFile = Path.Combine(dataDir, "posts.jsonl");
            if (!File.Exists(postsFile))
            {
                var summary = Output.WithProgress($"generating {p.Posts} demo posts", report =>
                    DemoDataGenerator.Generate(new DemoDataOptions { Posts = p.Posts, Seed = (ulong)p.DataSeed, Language = p.Language }, dataDir,
                        new SyncProgress<double>(f => report(f, ""))));
                Output.DemoData(summary);
            }
            else
            {
                // Never train a language's comparison on another language's posts found in the folder.
                DemoDataGenerator.EnsureLanguage(dataDir, p.Language);
                Console.WriteLine($"using demo data in {dataDir}");
            }
            // Analytics first: seconds, no training, and its scores do not depend on the models below.
            var analytics = DemoAnalytics.Run(dataDir, outDir);
            Console.WriteLine($"analytics: {analytics.Ingest.Posts} posts ingested into {analytics.StorePath}");
            UsersView.Segments(analytics.Analysis);
            if (analytics.Analysis.Recommendation is { } rec) UsersView.Recommendation(rec);
            Console.WriteLine($"analytics report: {analytics.ReportPath}");
            var options = new LocationExperimentOptions
            {
                DataPath = postsFile,
                OutputFolder = outDir,
                Presets = ExperimentOptions.ParsePresets(
                    parse.GetRequiredValue(presets) + (parse.GetValue(ablations) ? "," + string.Join(',', p.Ablations) : ""),
                    c => c with
                    {
                        D = p.Width, Heads = p.Heads, MaxTextTokens = p.MaxTextTokens, MaxImages = p.MaxImages,
                        SimLayers = c.SimLayers > 0 ? p.SimLayers : 0,
                    }),
                Seeds = ExperimentOptions.ParseSeeds(parse.GetRequiredValue(seeds)),
                Training = new TrainingConfig { MaxEpochs = p.MaxEpochs, Patience = p.Patience, LearningRate = p.LearningRate, ClassWeights = p.ClassWeights },
                ReuseFinishedRuns = !parse.GetValue(fresh),
            };
            var result = ExperimentView.Run(progress => LocationExperiment.Run(options, progress, ExperimentView.RunFinished));
            ExperimentView.Comparison(result);
            return 0;
        });
        return command;
    }
}
