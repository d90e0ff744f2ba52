using TorchSharp;
using static TorchSharp.torch;

namespace SocialFusion.Models.IO;

/// <summary>Raised when a checkpoint does not fit a module; lists every problem at once.</summary>
public sealed class StateDictMismatchException(string message, IReadOnlyList<string> missing, IReadOnlyList<string> unexpected, IReadOnlyList<string> wrongShapes)
    : Exception(message)
{
    /// <summary>Module keys absent from the file.</summary>
    public IReadOnlyList<string> Missing { get; } = missing;
    /// <summary>File keys the module does not have.</summary>
    public IReadOnlyList<string> Unexpected { get; } = unexpected;
    /// <summary>Keys present on both sides with different shapes.</summary>
    public IReadOnlyList<string> WrongShapes { get; } = wrongShapes;
}

/// <summary>Loads a safetensors state dict into a module whose <c>state_dict()</c> keys equal the file's keys.</summary>
public static class StateDictLoader
{
    /// <summary>Non-learned buffers some exporters add; ignored when the module lacks them.</summary>
    public static bool IsKnownExtra(string key) => key.EndsWith(".position_ids", StringComparison.Ordinal);

    /// <summary>Loads <paramref name="path"/> into <paramref name="module"/> (half/double tensors converted to the parameter dtype).</summary>
    public static void Load(nn.Module module, string path)
    {
        using var file = SafeTensors.Open(path);
        Load(module, file);
    }

    /// <summary>
    /// Loads an opened file into <paramref name="module"/>; throws one <see cref="StateDictMismatchException"/> listing all
    /// mismatches, and <see cref="InvalidDataException"/> naming the key of a tensor holding NaN or Infinity (<see cref="FiniteWeights"/>).
    /// </summary>
    public static void Load(nn.Module module, SafeTensors file)
    {
        var target = module.state_dict();
        var missing = target.Keys.Where(k => !file.Contains(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var unexpected = file.Entries.Select(e => e.Name).Where(k => !target.ContainsKey(k) && !IsKnownExtra(k)).OrderBy(k => k, StringComparer.Ordinal).ToList();
        var wrong = new List<string>();
        foreach (var (key, t) in target)
        {
            if (!file.Contains(key)) continue;
            var shape = file.Entry(key).Shape;
            if (!shape.SequenceEqual(t.shape))
                wrong.Add($"{key}: file [{string.Join(", ", shape)}] vs module [{string.Join(", ", t.shape)}]");
        }
        if (missing.Count + unexpected.Count + wrong.Count > 0)
        {
            var lines = new List<string> { $"{file.Path}: checkpoint does not match {module.GetType().Name}" };
            if (missing.Count > 0) lines.Add($"missing keys ({missing.Count}): {string.Join(", ", missing)}");
            if (unexpected.Count > 0) lines.Add($"unexpected keys ({unexpected.Count}): {string.Join(", ", unexpected)}");
            if (wrong.Count > 0) lines.Add($"wrong shapes ({wrong.Count}): {string.Join("; ", wrong)}");
            throw new StateDictMismatchException(string.Join(Environment.NewLine, lines), missing, unexpected, wrong);
        }
        using var noGrad = no_grad();
        foreach (var (key, t) in target)
        {
            using var src = file.Load(key);
            FiniteWeights.Check(file.Path, key, src);
            t.copy_(src.to_type(t.dtype));
        }
    }
}
