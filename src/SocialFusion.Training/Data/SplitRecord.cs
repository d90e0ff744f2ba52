using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SocialFusion.Data.Posts;
using SocialFusion.Training.Features;

namespace SocialFusion.Training.Data;

/// <summary>
/// Which posts a run was trained, selected and tested on, written as <c>split.json</c> into every experiment and run
/// folder, and the fingerprint of the data behind it. The fingerprint hashes, per split part, each post's id, content
/// hash (<see cref="PostContent"/>: text and image bytes) and the labels the run learns from, plus the split settings:
/// a finished run is reused only when it matches, so another <c>--data</c>, <c>--label</c>, <c>--no-group-by-user</c>,
/// an edited text, a replaced image or a changed label retrains it, and nothing else does.
/// </summary>
/// <param name="Label">The label the split is stratified on (and, for location runs, the one predicted).</param>
/// <param name="Labels">The label columns the run learns from: <see cref="Label"/>, or every column for multi-task runs.</param>
/// <param name="Options">Split fractions, grouping and seed.</param>
/// <param name="DataFingerprint">Hash of the split's posts (ids, content, learned labels) and <see cref="Options"/>.</param>
/// <param name="Train">Training post ids, sorted.</param>
/// <param name="Dev">Development post ids, sorted.</param>
/// <param name="Test">Test post ids, sorted.</param>
public sealed record SplitRecord(string Label, IReadOnlyList<string> Labels, SplitOptions Options, string DataFingerprint,
    IReadOnlyList<string> Train, IReadOnlyList<string> Dev, IReadOnlyList<string> Test)
{
    /// <summary>File name in experiment and run folders.</summary>
    public const string FileName = "split.json";

    /// <summary>Names of the parts, as <c>evaluate --split</c> takes them.</summary>
    public static readonly string[] Parts = ["train", "dev", "test"];

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// The record of <paramref name="split"/>, stratified on <paramref name="label"/> under <paramref name="options"/>;
    /// <paramref name="labels"/> are the label columns the run learns from (null: every column of each post).
    /// </summary>
    public static SplitRecord Create(DataSplit split, string label, SplitOptions options, IReadOnlyList<string>? labels)
    {
        var sb = new StringBuilder("split-1\n").Append(JsonSerializer.Serialize(options)).Append('\n').Append(label).Append('\n');
        string[] names = ["train", "dev", "test"];
        var parts = new[] { split.Train, split.Dev, split.Test };
        for (int i = 0; i < 3; i++)
        {
            sb.Append('[').Append(names[i]).Append("]\n");
            foreach (var p in parts[i].OrderBy(p => p.Id, StringComparer.Ordinal))
            {
                sb.Append(PostContent.Key(p));
                var learned = labels is null ? p.Labels.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, (string?)kv.Value))
                    : labels.Select(l => (l, p.Label(l)));
                foreach (var (k, v) in learned) sb.Append('\t').Append(k).Append('=').Append(v is null ? "\0" : v);
                sb.Append('\n');
            }
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
        IReadOnlyList<string> Ids(IReadOnlyList<Post> ps) => ps.Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        return new SplitRecord(label, labels ?? ["*"], options, hash, Ids(split.Train), Ids(split.Dev), Ids(split.Test));
    }

    /// <summary>The ids of part <paramref name="name"/> (train, dev or test).</summary>
    public IReadOnlyList<string> Part(string name) => name switch
    {
        "train" => Train, "dev" => Dev, "test" => Test,
        _ => throw new ArgumentException($"Unknown split part '{name}' (expected train, dev or test)."),
    };

    /// <summary>The posts of <paramref name="posts"/> in part <paramref name="name"/>, in file order; throws when none of them is.</summary>
    public IReadOnlyList<Post> Select(IReadOnlyList<Post> posts, string name)
    {
        var ids = Part(name).ToHashSet(StringComparer.Ordinal);
        var kept = posts.Where(p => ids.Contains(p.Id)).ToList();
        if (kept.Count == 0 && ids.Count > 0)
            throw new InvalidDataException($"None of the {ids.Count} {name} posts of the split is in the given posts file.");
        return kept;
    }

    /// <summary>Writes <c>split.json</c> into <paramref name="folder"/>.</summary>
    public void Save(string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, Json));
    }

    /// <summary>The record in <paramref name="folder"/>, or null when it has none; a damaged file throws <see cref="InvalidDataException"/> naming it.</summary>
    public static SplitRecord? TryLoad(string folder)
    {
        var file = Path.Combine(folder, FileName);
        if (!File.Exists(file)) return null;
        try
        {
            return JsonSerializer.Deserialize<SplitRecord>(File.ReadAllText(file), Json) is { DataFingerprint: not null, Train: not null, Dev: not null, Test: not null } r
                ? r : throw new InvalidDataException($"{file}: missing fields (data_fingerprint, train, dev, test).");
        }
        catch (JsonException e) { throw new InvalidDataException($"{file}: not a split record ({e.Message})", e); }
    }

    /// <summary>The record of the run folder <paramref name="checkpointFolder"/>, or of the nearest experiment folder above it.</summary>
    public static (string File, SplitRecord Record) Find(string checkpointFolder)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(checkpointFolder)); dir is not null; dir = dir.Parent)
            if (TryLoad(dir.FullName) is { } r) return (Path.Combine(dir.FullName, FileName), r);
        throw new FileNotFoundException($"No {FileName} in '{checkpointFolder}' or above it: the run was trained before splits were recorded; train it again.");
    }
}
