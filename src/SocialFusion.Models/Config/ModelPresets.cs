using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocialFusion.Models.Config;

/// <summary>
/// Named model presets embedded as <c>presets/&lt;name&gt;.json</c>. JSON is snake_case with enums as
/// snake_case strings; missing fields take the <see cref="SgmftConfig"/> defaults; unknown fields are errors.
/// </summary>
public static class ModelPresets
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
    };

    private const string Prefix = "presets/";

    /// <summary>Names of every embedded preset, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(ModelPresets).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".json".Length])
        .OrderBy(n => n, StringComparer.Ordinal)
        .ToArray();

    /// <summary>Loads an embedded preset by name.</summary>
    /// <exception cref="ArgumentException">Unknown name (the message lists the known ones).</exception>
    public static SgmftConfig Load(string name)
    {
        using var stream = typeof(ModelPresets).Assembly.GetManifestResourceStream(Prefix + name + ".json")
            ?? throw new ArgumentException($"Unknown model preset '{name}'. Known presets: {string.Join(", ", Names)}.", nameof(name));
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"preset '{name}'");
    }

    /// <summary>Parses a configuration from JSON.</summary>
    public static SgmftConfig FromJson(string json) => Parse(json, "model config JSON");

    /// <summary>Loads a configuration from a JSON file.</summary>
    public static SgmftConfig LoadFile(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Model config file '{path}' does not exist.", path);
        return Parse(File.ReadAllText(path), $"file '{path}'");
    }

    /// <summary>Serialises a configuration (every field, snake_case).</summary>
    public static string ToJson(SgmftConfig config) => JsonSerializer.Serialize(config, Options);

    private static SgmftConfig Parse(string json, string origin)
    {
        try
        {
            var config = JsonSerializer.Deserialize<SgmftConfig>(json, Options)
                ?? throw new ArgumentException($"Model config from {origin} is null.");
            return config.Validate();
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"Invalid model config in {origin}: {e.Message}", e);
        }
    }
}
