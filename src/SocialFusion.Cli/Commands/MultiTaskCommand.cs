using System.CommandLine;
using SocialFusion.Training.Experiments;
using SocialFusion.Training.MultiTask;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// <c>socialfusion multitask</c>: one model for every label column versus one model per label, over seeds. The same
/// run as <c>train --task multitask --single-task</c> with the comparison's defaults (seeds 1, 2, 3).
/// </summary>
public static class MultiTaskCommand
{
    public static Command Create()
    {
        var defaults = new MultiTaskExperimentOptions();
        var data = new Option<FileInfo>("--data", "-d") { Description = "Posts file (.jsonl or .csv) with label columns.", Required = true };
        var output = new Option<DirectoryInfo>("--out", "-o") { Description = "Output folder.", Required = true };
        var seeds = ExperimentOptions.Seeds(string.Join(",", defaults.Seeds));
        var epochs = new Option<int>("--epochs") { Description = "Maximum epochs per model.", DefaultValueFactory = _ => defaults.Training.MaxEpochs };
        var noBaselines = new Option<bool>("--no-single-task") { Description = "Skip the single-task baselines." };
        var multitask = new MultiTaskOptions();
        var features = new FeatureSourceOptions();
        var command = new Command("multitask", "Train one multi-task model over every label column and compare it with one single-task model per label.")
        {
            data, output, seeds, epochs, noBaselines,
        };
        multitask.AddTo(command);
        features.AddTo(command);
        command.SetAction(parse => MultiTaskOptions.Run(new MultiTaskRunOptions
        {
            DataPath = parse.GetRequiredValue(data).FullName,
            OutputFolder = parse.GetRequiredValue(output).FullName,
            Features = features.Source(parse),
            Explain = parse.GetValue(multitask.Explain),
            Experiment = multitask.Apply(parse, defaults with
            {
                Seeds = ExperimentOptions.ParseSeeds(parse.GetRequiredValue(seeds)),
                Training = defaults.Training with { MaxEpochs = parse.GetValue(epochs) },
                SingleTaskBaselines = !parse.GetValue(noBaselines),
            }),
        }));
        return command;
    }
}
