using System.CommandLine;
using SocialFusion.Cli.Rendering;
using SocialFusion.Training.Data;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.Features;
using SocialFusion.Training.MultiTask;
using SocialFusion.Training.Training;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion train</c>: trains location models (presets x seeds) or, with <c>--task multitask</c>, one multi-task
/// model over every label column per seed (optionally against one single-task model per label).
/// </summary>
public static class TrainCommand
{
    public static Command Create()
    {
        var reference = new TrainingConfig();
        var mtDefaults = new MultiTaskExperimentOptions();
        var task = new Option<string>("--task") { Description = "location: one label, SG-MFT and baseline presets; multitask: one head per label column.", DefaultValueFactory = _ => "location" };
        task.AcceptOnlyFromAmong("location", "multitask");
        var data = new Option<FileInfo>("--data", "-d") { Description = "Posts file (.jsonl or .csv, see docs/data-format.md).", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder (encoder, features, checkpoints, reports).", Required = true };
        var presets = ExperimentOptions.Presets("sgmft");
        var seeds = ExperimentOptions.Seeds(reference.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var label = new Option<string>("--label") { Description = "Label to predict.", DefaultValueFactory = _ => "location" };
        var features = new Option<string>("--features") { Description = "Feature source: builtin (encoders trained on your posts) or clip.", DefaultValueFactory = _ => "builtin" };
        features.AcceptOnlyFromAmong("builtin", "clip");
        var clip = new Option<DirectoryInfo?>("--clip") { Description = "CLIP or Chinese-CLIP checkpoint folder (Hugging Face format, kind read from its config.json) for --features clip." };
        var labelNames = new Option<FileInfo?>("--label-names") { Description = "JSON object of label to the name zero-shot prompts use (e.g. {\"home\": \"家里\"}); default: the checkpoint folder's label-names.<language>.json or built-in names." };
        var width = new Option<int?>("--width") { Description = "Override the model width D of every preset (multitask: of each single-task model; the multi-task model is widened to their parameter budget)." };
        var heads = new Option<int?>("--heads") { Description = "Override the number of attention heads." };
        var maxText = new Option<int?>("--max-text-tokens") { Description = "Override the text tokens per post the models keep." };
        var maxImages = new Option<int?>("--max-images") { Description = "Override the images per post the models keep." };
        string Defaults<T>(Func<TrainingConfig, T> get) => FormattableString.Invariant($"default {get(reference)} for location, {get(mtDefaults.Training)} for multitask");
        var epochs = new Option<int?>("--epochs") { Description = $"Maximum epochs ({Defaults(c => c.MaxEpochs)})." };
        var patience = new Option<int?>("--patience") { Description = $"Early-stopping patience, epochs without dev gain ({Defaults(c => c.Patience)})." };
        var batch = new Option<int?>("--batch-size") { Description = $"Training batch size ({Defaults(c => c.BatchSize)})." };
        var lr = new Option<double?>("--lr") { Description = $"Peak learning rate ({Defaults(c => c.LearningRate)})." };
        var weights = new Option<ClassWeighting>("--class-weights") { Description = "Class weights in the loss.", DefaultValueFactory = _ => reference.ClassWeights };
        var noGroup = new Option<bool>("--no-group-by-user") { Description = "Split posts without keeping each user in one split." };
        var half = new Option<bool>("--float16") { Description = "Store cached features as float16." };
        var singleTask = new Option<bool>("--single-task") { Description = "Multitask: also train one single-task model per label for the comparison table." };
        var multitask = new MultiTaskOptions();
        var command = new Command("train", "Train location models (presets x seeds), or a multi-task model (--task multitask), and write checkpoints and reports.")
        {
            data, output, task, presets, seeds, label, features, clip, labelNames, width, heads, maxText, maxImages, epochs, patience, batch, lr, weights, noGroup, half, singleTask,
        };
        multitask.AddTo(command);
        command.SetAction(parse =>
        {
            int? w = parse.GetValue(width), h = parse.GetValue(heads), lt = parse.GetValue(maxText), mi = parse.GetValue(maxImages);
            var source = parse.GetValue(features) == "clip"
                ? FeatureSource.Clip(parse.GetValue(clip)?.FullName ?? throw new ArgumentException("--features clip needs --clip DIR."))
                : FeatureSource.Builtin();
            TrainingConfig Training(TrainingConfig t) => t with
            {
                MaxEpochs = parse.GetValue(epochs) ?? t.MaxEpochs, Patience = parse.GetValue(patience) ?? t.Patience,
                BatchSize = parse.GetValue(batch) ?? t.BatchSize, LearningRate = parse.GetValue(lr) ?? t.LearningRate,
                ClassWeights = parse.GetResult(weights) is { Implicit: false } ? parse.GetValue(weights) : t.ClassWeights,
            };
            if (parse.GetValue(task) == "multitask")
            {
                foreach (var locationOnly in new Option[] { presets, label, heads })
                    if (parse.GetResult(locationOnly) is { Implicit: false })
                        throw new ArgumentException($"{locationOnly.Name} applies to --task location only (a multi-task model has one head per label column).");
                var model = mtDefaults.Model with { D = w ?? mtDefaults.Model.D, MaxTextTokens = lt ?? mtDefaults.Model.MaxTextTokens, MaxImages = mi ?? mtDefaults.Model.MaxImages };
                return MultiTaskOptions.Run(new MultiTaskRunOptions
                {
                    DataPath = parse.GetRequiredValue(data).FullName,
                    OutputFolder = parse.GetRequiredValue(output).FullName,
                    Features = source,
                    Storage = parse.GetValue(half) ? FeatureStorage.Float16 : FeatureStorage.Float32,
                    Explain = parse.GetValue(multitask.Explain),
                    Experiment = multitask.Apply(parse, mtDefaults with
                    {
                        Seeds = ExperimentOptions.ParseSeeds(parse.GetRequiredValue(seeds)),
                        Model = model with { Sgmft = model.Sgmft with { D = model.D, MaxTextTokens = model.MaxTextTokens, MaxImages = model.MaxImages } },
                        Training = Training(mtDefaults.Training),
                        Split = mtDefaults.Split with { GroupByUser = !parse.GetValue(noGroup) },
                        SingleTaskBaselines = parse.GetValue(singleTask),
                    }),
                });
            }
            var options = new LocationExperimentOptions
            {
                DataPath = parse.GetRequiredValue(data).FullName,
                OutputFolder = parse.GetRequiredValue(output).FullName,
                LabelName = parse.GetRequiredValue(label),
                Presets = ExperimentOptions.ParsePresets(parse.GetRequiredValue(presets), c => c with { D = w ?? c.D, Heads = h ?? c.Heads, MaxTextTokens = lt ?? c.MaxTextTokens, MaxImages = mi ?? c.MaxImages }),
                Seeds = ExperimentOptions.ParseSeeds(parse.GetRequiredValue(seeds)),
                Training = Training(reference),
                Split = new SplitOptions(GroupByUser: !parse.GetValue(noGroup)),
                Features = source,
                Storage = parse.GetValue(half) ? FeatureStorage.Float16 : FeatureStorage.Float32,
                ZeroShotLabelNames = parse.GetValue(labelNames)?.FullName,
            };
            var result = ExperimentView.Run(progress => LocationExperiment.Run(options, progress, ExperimentView.RunFinished));
            ExperimentView.Comparison(result);
            return 0;
        });
        return command;
    }
}
