using System.Text.Json;

namespace SocialFusion.Training.ZeroShot;

/// <summary>
/// Prompt templates and label names for zero-shot classification, per language of the checkpoint's text tower
/// (<see cref="Features.ClipCheckpointKind.Language"/>: "en" for OpenAI CLIP, "zh" for Chinese-CLIP).
/// A label name is what the prompt says for a dataset label: from a mapping file when one is given
/// (<c>--label-names FILE</c>), else from <c>label-names.{language}.json</c> in the checkpoint folder, else the
/// built-in names (for "zh": the demo's location labels), else the label itself with <c>_</c> and <c>-</c> as spaces.
/// A mapping file is one JSON object of label to name, e.g. <c>{"home": "家里", "coffee_shop": "咖啡店"}</c>.
/// </summary>
public static class ZeroShotPrompts
{
    /// <summary>English templates (CLIP prompt ensembling, Radford et al. 2021, section 3.1.4).</summary>
    public static readonly IReadOnlyList<string> English =
    [
        "a photo taken at a {label}.",
        "a photo of a {label}.",
        "a photo taken at the {label}.",
        "a photo of the inside of a {label}.",
        "a picture of a {label}.",
        "a social media photo posted from a {label}.",
        "a photo of people at a {label}.",
    ];

    /// <summary>Chinese templates in the style of Chinese-CLIP's zero-shot prompts (cn_clip <c>zeroshot_template</c>).</summary>
    public static readonly IReadOnlyList<string> Chinese =
    [
        "一张在{label}拍的照片。",
        "在{label}拍的照片。",
        "一张{label}的照片。",
        "{label}里的照片。",
        "一张在{label}拍的微博配图。",
        "人们在{label}的照片。",
    ];

    /// <summary>Built-in Chinese names of the demo's location labels (<see cref="SocialFusion.Data.Demo.DemoLocations"/>) and a few common ones.</summary>
    public static readonly IReadOnlyDictionary<string, string> ChineseNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["home"] = "家里", ["school"] = "学校", ["workplace"] = "公司", ["restaurant"] = "餐厅", ["gym"] = "健身房",
        ["park"] = "公园", ["shopping"] = "商场", ["transit"] = "地铁站", ["beach"] = "海滩", ["cafe"] = "咖啡馆",
        ["coffee_shop"] = "咖啡店", ["work"] = "公司", ["office"] = "办公室", ["hospital"] = "医院", ["airport"] = "机场",
    };

    /// <summary>The templates for <paramref name="language"/> ("zh": <see cref="Chinese"/>, otherwise <see cref="English"/>).</summary>
    public static IReadOnlyList<string> Templates(string language) => language == "zh" ? Chinese : English;

    /// <summary>
    /// The prompt name of every label (same order), resolved as the class summary says. A mapping file that is not a
    /// JSON object of strings is an error naming the file and entry; labels it does not list fall back in turn.
    /// </summary>
    public static IReadOnlyList<string> LabelNames(IReadOnlyList<string> labels, string language, string? checkpointFolder = null, string? mappingFile = null)
    {
        var layers = new List<IReadOnlyDictionary<string, string>>();
        if (mappingFile is not null)
        {
            if (!File.Exists(mappingFile)) throw new FileNotFoundException($"label-name mapping '{mappingFile}' does not exist", mappingFile);
            layers.Add(ReadMapping(mappingFile));
        }
        if (checkpointFolder is not null && File.Exists(Path.Combine(checkpointFolder, $"label-names.{language}.json")))
            layers.Add(ReadMapping(Path.Combine(checkpointFolder, $"label-names.{language}.json")));
        if (language == "zh") layers.Add(ChineseNames);
        return labels.Select(l => layers.Select(m => m.GetValueOrDefault(l)).FirstOrDefault(n => n is not null) ?? l.Replace('_', ' ').Replace('-', ' ')).ToArray();
    }

    /// <summary>Reads a mapping file: one JSON object of label to non-empty name.</summary>
    public static IReadOnlyDictionary<string, string> ReadMapping(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{path}: expected a JSON object of label to name");
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var p in doc.RootElement.EnumerateObject())
                map[p.Name] = p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Trim().Length > 0 ? p.Value.GetString()!.Trim()
                    : throw new InvalidDataException($"{path}: the name of label '{p.Name}' must be a non-empty string, found {p.Value}");
            return map;
        }
        catch (JsonException e) { throw new InvalidDataException($"{path}: not valid JSON ({e.Message})", e); }
    }
}
