using System.CommandLine;
using SocialFusion.Cli.Rendering;
using SocialFusion.Training.Data;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.Features;
using SocialFusion.Training.Training;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion train</c>: trains one or more presets over one or more seeds on the user's posts.</summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var reference = new TrainingConfig();
        var data = new Option<FileInfo>("--data", "-d") { Description = "Posts file (.jsonl or .csv, see docs/data-format.md).", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder (encoder, features, checkpoints, reports).", Required = true };
        var presets = ExperimentOptions.Presets("sgmft");
        var seeds = ExperimentOptions.Seeds(reference.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var label = new Option<string>("--label") { Description = "Label to predict.", DefaultValueFactory = _ => "location" };
        var features = new Option<string>("--features") { Description = "Feature source: builtin (encoders trained on your posts) or clip.", DefaultValueFactory = _ => "builtin" };
        features.AcceptOnlyFromAmong("builtin", "clip");
        var clip = new Option<DirectoryInfo?>("--clip") { Description = "CLIP checkpoint folder (Hugging Face format) for --features clip." };
        var width = new Option<int?>("--width") { Description = "Override the model width D of every preset." };
        var heads = new Option<int?>("--heads") { Description = "Override the number of attention heads." };
        var maxText = new Option<int?>("--max-text-tokens") { Description = "Override the text tokens per post the models keep." };
        var maxImages = new Option<int?>("--max-images") { Description = "Override the images per post the models keep." };
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs.", DefaultValueFactory = _ => reference.MaxEpochs };
        var patience = new Option<int>("--patience") { Description = "Early-stopping patience (epochs without dev macro-F1 gain).", DefaultValueFactory = _ => reference.Patience };
        var batch = new Option<int>("--batch-size") { Description = "Training batch size.", DefaultValueFactory = _ => reference.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate.", DefaultValueFactory = _ => reference.LearningRate };
        var weights = new Option<ClassWeighting>("--class-weights") { Description = "Class weights in the loss.", DefaultValueFactory = _ => reference.ClassWeights };
        var noGroup = new Option<bool>("--no-group-by-user") { Description = "Split posts without keeping each user in one split." };
        var half = new Option<bool>("--float16") { Description = "Store cached features as float16." };
        var command = new Command("train", "Train location models (presets x seeds) and write checkpoints and reports.")
        {
            data, output, presets, seeds, label, features, clip, width, heads, maxText, maxImages, epochs, patience, batch, lr, weights, noGroup, half,
        };
        command.SetAction(parse =>
        {
            int? w = parse.GetValue(width), h = parse.GetValue(heads), lt = parse.GetValue(maxText), mi = parse.GetValue(maxImages);
            var source = parse.GetValue(features) == "clip"
                ? FeatureSource.Clip(parse.GetValue(clip)?.FullName ?? throw new ArgumentException("--features clip needs --clip DIR."))
                : FeatureSource.Builtin();
            var options = new LocationExperimentOptions
            {
                DataPath = parse.GetRequiredValue(data).FullName,
                OutputFolder = parse.GetRequiredValue(output).FullName,
                LabelName = parse.GetRequiredValue(label),
                Presets = ExperimentOptions.ParsePresets(parse.GetRequiredValue(presets), c => c with { D = w ?? c.D, Heads = h ?? c.Heads, MaxTextTokens = lt ?? c.MaxTextTokens, MaxImages = mi ?? c.MaxImages }),
                Seeds = ExperimentOptions.ParseSeeds(parse.GetRequiredValue(seeds)),
                Training = reference with
                {
                    MaxEpochs = parse.GetValue(epochs), Patience = parse.GetValue(patience), BatchSize = parse.GetValue(batch),
                    LearningRate = parse.GetValue(lr), ClassWeights = parse.GetValue(weights),
                },
                Split = new SplitOptions(GroupByUser: !parse.GetValue(noGroup)),
                Features = source,
                Storage = parse.GetValue(half) ? FeatureStorage.Float16 : FeatureStorage.Float32,
            };
            var result = ExperimentView.Run(progress => LocationExperiment.Run(options, progress, ExperimentView.RunFinished));
            ExperimentView.Comparison(result);
            return 0;
        });
        return command;
    }
}
