using System.Text.Json;

namespace SocialFusion.Training.Data;

/// <summary>Label names to class indices and back; names sorted ordinally so the map is stable across runs.</summary>
public sealed class LabelMap
{
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a map over the distinct <paramref name="labels"/>, sorted ordinally.</summary>
    public LabelMap(IEnumerable<string> labels)
    {
        Names = labels.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (Names.Count == 0) throw new ArgumentException("A label map needs at least one label.");
        _index = Names.Select((n, i) => (n, i)).ToDictionary(x => x.n, x => x.i, StringComparer.Ordinal);
    }

    /// <summary>Class names in index order.</summary>
    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of classes.</summary>
    public int Count => Names.Count;

    /// <summary>Index of <paramref name="label"/>; throws naming the label when it is unknown.</summary>
    public int IndexOf(string label) => _index.TryGetValue(label, out var i)
        ? i
        : throw new KeyNotFoundException($"Unknown label '{label}': the label map knows {Count} labels ({string.Join(", ", Names.Take(10))}{(Count > 10 ? ", ..." : "")}).");

    /// <summary>Name of class <paramref name="index"/>.</summary>
    public string NameOf(int index) => index >= 0 && index < Count
        ? Names[index]
        : throw new ArgumentOutOfRangeException(nameof(index), $"Class index {index} is outside 0..{Count - 1}.");

    /// <summary>JSON array of names in index order.</summary>
    public string ToJson() => JsonSerializer.Serialize(Names);

    /// <summary>Reads a map written by <see cref="ToJson"/>; the names must already be sorted and distinct.</summary>
    public static LabelMap FromJson(string json)
    {
        var names = JsonSerializer.Deserialize<string[]>(json) ?? throw new FormatException("Label map JSON is null.");
        var map = new LabelMap(names);
        if (!map.Names.SequenceEqual(names)) throw new FormatException("Label map JSON must list distinct labels in ordinal order.");
        return map;
    }
}
