using System.Globalization;
using System.Text;
using System.Text.Json;
using SocialFusion.Models.MultiTask;
using SocialFusion.Training.Evaluation;

namespace SocialFusion.Training.MultiTask;

/// <summary>One row of the comparison table: a head's test metric, mean ± sample std over seeds.</summary>
public sealed record ComparisonRow(string Task, string Metric, MeanStd MultiTask, MeanStd? SingleTask);

/// <summary>Summary tables of a <see cref="MultiTaskExperimentResult"/> and their JSON/Markdown files.</summary>
public static class MultiTaskReport
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Mean and sample (n-1) standard deviation of <paramref name="values"/>.</summary>
    public static MeanStd Aggregate(IReadOnlyList<double> values)
    {
        double mean = values.Average();
        double std = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1));
        return new MeanStd(mean, std, values.Count);
    }

    /// <summary>Per head: macro-F1 and accuracy (classification) or RMSE and MAE (regression), multi-task vs single-task.</summary>
    public static IReadOnlyList<ComparisonRow> Comparison(MultiTaskExperimentResult r)
    {
        var rows = new List<ComparisonRow>();
        foreach (var head in r.Schema.Tasks)
        {
            var metrics = head.Kind == TaskKind.Classification
                ? new (string, Func<HeadEvaluation, double>)[] { ("macro_f1", h => h.Classification!.MacroF1), ("accuracy", h => h.Classification!.Accuracy) }
                : [("rmse", h => h.Regression!.Rmse), ("mae", h => h.Regression!.Mae)];
            foreach (var (name, get) in metrics)
            {
                var mt = Aggregate(r.Runs.Select(x => get(x.MultiTask[head.Name])).ToList());
                var single = r.Runs.Where(x => x.SingleTask.ContainsKey(head.Name)).Select(x => get(x.SingleTask[head.Name])).ToList();
                rows.Add(new ComparisonRow(head.Name, name, mt, single.Count > 0 ? Aggregate(single) : null));
            }
        }
        return rows;
    }

    /// <summary>Transfer accuracy per (head, posts, view), mean ± std over seeds.</summary>
    public static IReadOnlyList<(string Task, string Posts, ModalityView View, int Count, MeanStd Accuracy, MeanStd MacroF1)> Transfer(MultiTaskExperimentResult r) =>
        r.Runs.SelectMany(x => x.Transfer).GroupBy(t => (t.Task, t.Posts, t.View))
            .Select(g => (g.Key.Task, g.Key.Posts, g.Key.View, g.First().Count, Aggregate(g.Select(t => t.Accuracy).ToList()), Aggregate(g.Select(t => t.MacroF1).ToList())))
            .ToList();

    /// <summary>Loss weights per head, mean ± std over seeds.</summary>
    public static IReadOnlyDictionary<string, MeanStd> Weights(MultiTaskExperimentResult r) =>
        r.Schema.Tasks.ToDictionary(t => t.Name, t => Aggregate(r.Runs.Select(x => x.Weights[t.Name]).ToList()));

    /// <summary>Writes multitask.json (everything, per seed) and multitask.md (the tables) into <paramref name="folder"/>.</summary>
    public static void Write(string folder, MultiTaskExperimentResult r)
    {
        Directory.CreateDirectory(folder);
        var comparison = Comparison(r);
        var transfer = Transfer(r);
        var weights = Weights(r);
        File.WriteAllText(Path.Combine(folder, "multitask.json"), JsonSerializer.Serialize(new
        {
            schema = r.Schema.Tasks,
            weighting = r.Options.Weighting.ToString().ToLowerInvariant(),
            model = r.Options.Model, multi_task_model = r.MultiTaskModelConfig ?? r.Options.Model, training = r.Options.Training,
            parameters = new { multi_task = r.MultiTaskParameters, single_task = r.SingleTaskParameters },
            split = new { train = r.TrainPosts, dev = r.DevPosts, test = r.TestPosts },
            unseen_test_labels = r.UnseenTestLabels ?? new Dictionary<string, int>(),
            comparison,
            weights,
            transfer = transfer.Select(t => new { t.Task, t.Posts, view = t.View.ToString(), t.Count, t.Accuracy, macro_f1 = t.MacroF1 }),
            runs = r.Runs,
        }, Json));
        File.WriteAllText(Path.Combine(folder, "multitask.md"), Markdown(r, comparison, transfer, weights));
    }

    /// <summary>
    /// Writes the evaluation of one multi-task model: <c>report.json</c> and <c>report.md</c> (every head's figures) in
    /// <paramref name="folder"/>, plus per classification head <c>&lt;head&gt;/</c> with its full report and confusion matrix.
    /// </summary>
    public static void WriteEvaluation(string folder, string title, MultiTaskEvaluation evaluation, int unlabelled, IReadOnlyDictionary<string, int> unknownLabels)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(new
        {
            title, heads = evaluation.Heads, mean_macro_f1 = evaluation.MeanMacroF1, unlabelled, unknown_labels = unknownLabels,
        }, Json));
        var md = new StringBuilder($"# {title}\n\n| head | posts | accuracy | macro-F1 | weighted-F1 | ECE | RMSE | MAE | R² |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var h in evaluation.Heads)
        {
            md.Append(h.Classification is { } c
                ? Inv($"| {h.Task} | {h.Count} | {c.Accuracy:F3} | {c.MacroF1:F3} | {c.WeightedF1:F3} | {c.Ece:F3} | – | – | – |\n")
                : Inv($"| {h.Task} | {h.Count} | – | – | – | – | {h.Regression!.Rmse:F3} | {h.Regression.Mae:F3} | {h.Regression.R2:F3} |\n"));
            if (h.Classification is { } m) Reports.ReportWriter.WriteRun(Path.Combine(folder, string.Concat(h.Task.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'))), $"{title}: {h.Task}", m);
        }
        md.Append(Inv($"\n{unlabelled} posts carried no usable label for any head."));
        foreach (var (head, n) in unknownLabels.Where(kv => kv.Value > 0))
            md.Append(Inv($" {n} posts had a '{head}' value the model does not know and were not scored for it."));
        File.WriteAllText(Path.Combine(folder, "report.md"), md.Append('\n').ToString());
    }

    private static string Markdown(MultiTaskExperimentResult r, IReadOnlyList<ComparisonRow> comparison,
        IReadOnlyList<(string Task, string Posts, ModalityView View, int Count, MeanStd Accuracy, MeanStd MacroF1)> transfer,
        IReadOnlyDictionary<string, MeanStd> weights)
    {
        var md = new StringBuilder("# Multi-task vs single-task (test, mean ± sample std over seeds)\n\n");
        md.Append(Inv($"Posts: {r.TrainPosts} train / {r.DevPosts} dev / {r.TestPosts} test. Seeds: {string.Join(", ", r.Runs.Select(x => x.Seed))}. "));
        md.Append(Inv($"Weighting: {r.Options.Weighting.ToString().ToLowerInvariant()}. Class weights: {r.Options.Training.ClassWeights.ToString().ToLowerInvariant()}. Trunk: {r.Options.Model.Trunk}, D = {r.Options.Model.D}"));
        var mt = r.MultiTaskModelConfig ?? r.Options.Model;
        md.Append(Inv($" (multi-task model: D = {mt.D}{(mt.TaskPooling ? ", per-head pooling and fusion" : "")}; parameters {r.MultiTaskParameters:N0} multi-task, {r.SingleTaskParameters:N0} single-task models together).\n\n"));
        md.Append("| head | metric | multi-task | single-task | difference |\n|---|---|---:|---:|---:|\n");
        foreach (var c in comparison)
            md.Append(Inv($"| {c.Task} | {c.Metric} | {c.MultiTask} | {(c.SingleTask?.ToString() ?? "–")} | {(c.SingleTask is null ? "–" : (c.MultiTask.Mean - c.SingleTask.Mean).ToString("+0.000;-0.000", CultureInfo.InvariantCulture))} |\n"));
        foreach (var line in UnseenLines(r)) md.Append('\n').Append(line).Append('\n');
        double mtSec = r.Runs.Average(x => x.MultiTaskSeconds), stSec = r.Runs.Average(x => x.SingleTaskSeconds);
        md.Append(Inv($"\nTraining time per seed: multi-task {mtSec:F1} s (one model), single-task {stSec:F1} s ({r.Schema.Tasks.Count} models).\n"));
        md.Append("\n## Loss weights at the best epoch\n\n| head | weight (mean ± std) | per seed |\n|---|---:|---|\n");
        foreach (var (head, w) in weights)
            md.Append(Inv($"| {head} | {w} | {string.Join(", ", r.Runs.Select(x => x.Weights[head].ToString("F3", CultureInfo.InvariantCulture)))} |\n"));
        md.Append("\n## Cross-modal transfer (multi-task model)\n\n");
        md.Append("`both` = test posts with text and image, shown as given or with one modality hidden; `text-only`/`image-only` = test posts that lack the other modality.\n\n");
        md.Append("| head | posts | shown | n | accuracy | macro-F1 |\n|---|---|---|---:|---:|---:|\n");
        foreach (var t in transfer.OrderBy(t => t.Task, StringComparer.Ordinal))
            md.Append(Inv($"| {t.Task} | {t.Posts} | {View(t.View)} | {t.Count} | {t.Accuracy} | {t.MacroF1} |\n"));
        return md.ToString();
    }

    /// <summary>One sentence per head with test posts whose class never occurs in training (they are not in that head's scores).</summary>
    public static IEnumerable<string> UnseenLines(MultiTaskExperimentResult r) =>
        (r.UnseenTestLabels ?? new Dictionary<string, int>()).Where(kv => kv.Value > 0).Select(kv =>
            Inv($"{kv.Value} test posts have a '{kv.Key}' class that no training post has; they are not in the '{kv.Key}' scores."));

    private static string View(ModalityView v) => v switch { ModalityView.TextOnly => "text only", ModalityView.ImageOnly => "image only", _ => "as given" };
    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
