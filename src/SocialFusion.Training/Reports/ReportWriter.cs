using System.Globalization;
using System.Text;
using System.Text.Json;
using SocialFusion.Training.Evaluation;
using SocialFusion.Training.Training;

namespace SocialFusion.Training.Reports;

/// <summary>One preset's test metrics over seeds, for a comparison report.</summary>
public sealed record PresetRuns(string Preset, IReadOnlyList<MetricSet> Runs);

/// <summary>JSON and Markdown reports of a run and of a preset comparison.</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes report.json, report.md and confusion.png of one run into <paramref name="folder"/>.</summary>
    public static void WriteRun(string folder, string title, MetricSet test, IReadOnlyList<EpochRecord>? history = null)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(new { title, test, history }, Json));
        var md = new StringBuilder($"# {title}\n\n");
        md.Append(Invariant($"Accuracy {test.Accuracy:F4} | macro-F1 {test.MacroF1:F4} | weighted-F1 {test.WeightedF1:F4} | ECE {test.Ece:F4}\n\n"));
        md.Append("| label | precision | recall | F1 | support |\n|---|---:|---:|---:|---:|\n");
        foreach (var c in test.PerClass) md.Append(Invariant($"| {Escape(c.Label)} | {c.Precision:F3} | {c.Recall:F3} | {c.F1:F3} | {c.Support} |\n"));
        md.Append("\n## Confusion matrix (rows gold, columns predicted)\n\n").Append(ConfusionMarkdown(test));
        if (history is { Count: > 0 })
        {
            md.Append("\n## Training\n\n| epoch | train loss | lr | dev macro-F1 | dev accuracy |\n|---:|---:|---:|---:|---:|\n");
            foreach (var h in history) md.Append(Invariant($"| {h.Epoch} | {h.TrainLoss:F4} | {h.LearningRate:G3} | {h.Dev.MacroF1:F4} | {h.Dev.Accuracy:F4} |\n"));
        }
        File.WriteAllText(Path.Combine(folder, "report.md"), md.ToString());
        ConfusionMatrixPlot.Save(Path.Combine(folder, "confusion.png"), test.Confusion, test.PerClass.Select(c => c.Label).ToArray(), title);
    }

    /// <summary>Writes comparison.json and comparison.md: preset | macro-F1 | accuracy | weighted-F1 | ECE, mean ± std over seeds.</summary>
    public static void WriteComparison(string folder, IReadOnlyList<PresetRuns> presets)
    {
        Directory.CreateDirectory(folder);
        var rows = presets.Select(p => (p.Preset, Agg: SeedAggregate.Aggregate(p.Runs), Seeds: p.Runs.Count)).ToArray();
        File.WriteAllText(Path.Combine(folder, "comparison.json"), JsonSerializer.Serialize(
            rows.Select(r => new { preset = r.Preset, seeds = r.Seeds, metrics = r.Agg }), Json));
        var md = new StringBuilder("# Preset comparison (test, mean ± sample std over seeds)\n\n");
        md.Append("| preset | seeds | macro-F1 | accuracy | weighted-F1 | ECE |\n|---|---:|---:|---:|---:|---:|\n");
        foreach (var r in rows)
            md.Append($"| {Escape(r.Preset)} | {r.Seeds} | {r.Agg["macro_f1"]} | {r.Agg["accuracy"]} | {r.Agg["weighted_f1"]} | {r.Agg["ece"]} |\n");
        File.WriteAllText(Path.Combine(folder, "comparison.md"), md.ToString());
    }

    /// <summary>Confusion matrix as a Markdown table.</summary>
    public static string ConfusionMarkdown(MetricSet m)
    {
        var labels = m.PerClass.Select(c => Escape(c.Label)).ToArray();
        var sb = new StringBuilder("| gold \\ predicted | " + string.Join(" | ", labels) + " |\n");
        sb.Append("|---|" + string.Concat(labels.Select(_ => "---:|")) + "\n");
        for (int g = 0; g < labels.Length; g++) sb.Append($"| {labels[g]} | " + string.Join(" | ", m.Confusion[g]) + " |\n");
        return sb.ToString();
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
    private static string Escape(string s) => s.Replace("|", "\\|");
}
