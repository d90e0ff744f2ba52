using System.Globalization;
using System.Text.Json;

namespace SocialFusion.Models.MultiTask;

/// <summary>What a head predicts.</summary>
public enum TaskKind
{
    /// <summary>One of a fixed set of classes (softmax + cross-entropy).</summary>
    Classification,
    /// <summary>A real number (squared error on the standardised value).</summary>
    Regression,
}

/// <summary>One head of a multi-task model.</summary>
/// <param name="Name">Label column the head predicts.</param>
/// <param name="Kind">Classification or regression.</param>
/// <param name="Classes">Class names in index order (ordinal sort); empty for regression.</param>
/// <param name="Mean">Regression: mean of the training values (targets are standardised with it).</param>
/// <param name="Std">Regression: standard deviation of the training values (1 when they are constant).</param>
public sealed record TaskHead(string Name, TaskKind Kind, IReadOnlyList<string> Classes, double Mean = 0, double Std = 1)
{
    /// <summary>Width of the head's output: C for classification, 1 for regression.</summary>
    public int Outputs => Kind == TaskKind.Classification ? Classes.Count : 1;

    /// <summary>The encoded target of <paramref name="value"/>: class index or standardised number; null when it is unusable.</summary>
    public float? Encode(string? value)
    {
        if (value is null) return null;
        if (Kind == TaskKind.Classification)
        {
            for (int i = 0; i < Classes.Count; i++) if (string.Equals(Classes[i], value, StringComparison.Ordinal)) return i;
            return null; // a class never seen when the schema was built cannot be trained on
        }
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x)
            ? (float)((x - Mean) / Std) : null;
    }
}

/// <summary>Encoded targets of N posts for T heads, row-major [N, T]; <see cref="Present"/> is false where a label is missing.</summary>
/// <param name="Values">[N*T] class index (as float) or standardised regression value; 0 where missing.</param>
/// <param name="Present">[N*T] true where the post has a usable label for the head.</param>
/// <param name="Tasks">T.</param>
public sealed record TaskTargets(float[] Values, bool[] Present, int Tasks)
{
    /// <summary>N.</summary>
    public int Count => Tasks == 0 ? 0 : Values.Length / Tasks;

    /// <summary>The targets of rows <paramref name="rows"/>, in that order.</summary>
    public TaskTargets Select(IReadOnlyList<int> rows)
    {
        var v = new float[rows.Count * Tasks];
        var p = new bool[rows.Count * Tasks];
        for (int r = 0; r < rows.Count; r++)
        {
            Array.Copy(Values, rows[r] * Tasks, v, r * Tasks, Tasks);
            Array.Copy(Present, rows[r] * Tasks, p, r * Tasks, Tasks);
        }
        return new TaskTargets(v, p, Tasks);
    }

    /// <summary>How many rows carry each class of head <paramref name="task"/> (classification; rows without the label are not counted).</summary>
    public int[] ClassCounts(int task, int classes)
    {
        if (task < 0 || task >= Tasks) throw new ArgumentOutOfRangeException(nameof(task), $"Head {task} of {Tasks}.");
        var counts = new int[classes];
        for (int r = 0; r < Count; r++)
        {
            if (!Present[r * Tasks + task]) continue;
            int c = (int)Values[r * Tasks + task];
            if (c < 0 || c >= classes) throw new ArgumentException($"Row {r} has class {c} for head {task}, which has {classes} classes.");
            counts[c]++;
        }
        return counts;
    }
}

/// <summary>
/// The heads of a multi-task model, inferred from the label columns of the posts: every column becomes a head,
/// a regression head when every value parses as a finite number (invariant culture), otherwise a classification
/// head over the distinct values. Columns with fewer than two classes are skipped (nothing to learn).
/// </summary>
/// <param name="Tasks">Heads in ordinal name order.</param>
public sealed record TaskSchema(IReadOnlyList<TaskHead> Tasks)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>Index of the head named <paramref name="name"/>; throws naming the known heads otherwise.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Tasks.Count; i++) if (Tasks[i].Name == name) return i;
        throw new KeyNotFoundException($"No head '{name}' (heads: {string.Join(", ", Tasks.Select(t => t.Name))}).");
    }

    /// <summary>The schema with only the head <paramref name="name"/> (for single-task baselines).</summary>
    public TaskSchema Only(string name) => new([Tasks[IndexOf(name)]]);

    /// <summary>
    /// Infers the schema from label dictionaries (usually the training posts' <c>Labels</c>).
    /// <paramref name="columns"/> restricts the heads to those columns; <paramref name="forceClassification"/> lists
    /// numeric columns that are still categories (e.g. star ratings treated as classes).
    /// </summary>
    public static TaskSchema Infer(IEnumerable<IReadOnlyDictionary<string, string>> labels,
        IReadOnlyCollection<string>? columns = null, IReadOnlyCollection<string>? forceClassification = null)
    {
        var values = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var row in labels)
            foreach (var (k, v) in row)
            {
                if (columns is not null && !columns.Contains(k)) continue;
                if (!values.TryGetValue(k, out var list)) values[k] = list = new();
                list.Add(v);
            }
        var tasks = new List<TaskHead>();
        foreach (var (name, list) in values)
        {
            var numbers = list.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? x : (double?)null).ToList();
            bool numeric = numbers.All(x => x.HasValue) && forceClassification?.Contains(name) != true;
            if (numeric)
            {
                double mean = numbers.Average(x => x!.Value);
                double std = Math.Sqrt(numbers.Average(x => (x!.Value - mean) * (x.Value - mean)));
                tasks.Add(new TaskHead(name, TaskKind.Regression, [], mean, std > 1e-12 ? std : 1));
                continue;
            }
            var classes = list.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            if (classes.Length >= 2) tasks.Add(new TaskHead(name, TaskKind.Classification, classes));
        }
        if (tasks.Count == 0) throw new ArgumentException("No label column with at least two classes or numeric values: nothing to train a head on.");
        return new TaskSchema(tasks);
    }

    /// <summary>Encodes the labels of N posts into [N, T] targets with presence flags.</summary>
    public TaskTargets Encode(IReadOnlyList<IReadOnlyDictionary<string, string>> labels)
    {
        int t = Tasks.Count;
        var v = new float[labels.Count * t];
        var p = new bool[labels.Count * t];
        for (int i = 0; i < labels.Count; i++)
            for (int k = 0; k < t; k++)
            {
                var e = Tasks[k].Encode(labels[i].TryGetValue(Tasks[k].Name, out var s) ? s : null);
                if (e is null) continue;
                v[i * t + k] = e.Value;
                p[i * t + k] = true;
            }
        return new TaskTargets(v, p, t);
    }

    /// <summary>
    /// Balanced class weights n / (C * n_c) per classification head from the rows of <paramref name="targets"/> that
    /// carry its label (n of them, n_c of class c), so every class contributes as much to the loss as any other;
    /// a class without any such row gets 0 (it can never be a target). Regression heads: null.
    /// </summary>
    public IReadOnlyList<float[]?> BalancedClassWeights(TaskTargets targets)
    {
        if (targets.Tasks != Tasks.Count) throw new ArgumentException($"Targets have {targets.Tasks} heads, the schema {Tasks.Count}.");
        return Tasks.Select((head, k) =>
        {
            if (head.Kind != TaskKind.Classification) return null;
            return ClassBalance.Weights(targets.ClassCounts(k, head.Classes.Count));
        }).ToArray();
    }

    /// <summary>JSON of the schema (stored with a trained model).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a schema written by <see cref="ToJson"/>.</summary>
    public static TaskSchema FromJson(string json) =>
        JsonSerializer.Deserialize<TaskSchema>(json) ?? throw new FormatException("Task schema JSON is null.");
}
