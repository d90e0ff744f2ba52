using System.Text.Json;

namespace SocialFusion.Cli.Tests;

/// <summary>
/// What a model that learned nothing scores, computed from the gold labels alone, so that an end-to-end test can require
/// a trained model to beat it (a metric merely lying in [0, 1] says nothing).
/// </summary>
internal static class Baselines
{
    /// <summary>
    /// The higher macro-F1 of two label-blind predictors over <paramref name="classes"/> (macro mean over every class, as
    /// the library computes it): always the most frequent gold class (its F1 is 2p / (1 + p), every other class 0), and a
    /// uniformly random class (expected F1 of class k about 2 s_k (1/C) / (s_k + 1/C), s_k its gold share).
    /// </summary>
    public static double BlindMacroF1(IReadOnlyList<string> gold, IReadOnlyList<string> classes)
    {
        int c = classes.Count;
        var share = classes.Select(k => gold.Count(g => g == k) / (double)gold.Count).ToArray();
        double p = share.Max();
        double majority = 2 * p / (1 + p) / c;
        double uniform = share.Select(s => s == 0 ? 0 : 2 * s / c / (s + 1.0 / c)).Sum() / c;
        return Math.Max(majority, uniform);
    }

    /// <summary>The <paramref name="label"/> of each post of <paramref name="postsFile"/> whose id is in the split.json (of the run folder or the nearest above it) <paramref name="part"/>.</summary>
    public static List<string> SplitLabels(string postsFile, string runFolder, string part, string label)
    {
        var dir = new DirectoryInfo(runFolder);
        while (!File.Exists(Path.Combine(dir.FullName, "split.json"))) dir = dir.Parent ?? throw new FileNotFoundException($"no split.json in or above {runFolder}");
        var ids = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.FullName, "split.json"))).RootElement.GetProperty(part)
            .EnumerateArray().Select(e => e.GetString()!).ToHashSet();
        var labels = new List<string>();
        foreach (var line in File.ReadLines(postsFile))
        {
            var p = JsonDocument.Parse(line).RootElement;
            if (ids.Contains(p.GetProperty("id").GetString()!) && p.GetProperty("labels").TryGetProperty(label, out var v)) labels.Add(v.GetString()!);
        }
        return labels;
    }
}
