using System.CommandLine;
using System.Globalization;
using SocialFusion.Models.Config;

namespace SocialFusion.Cli.Commands;

/// <summary>Options shared by the commands that run experiments (demo, train).</summary>
internal static class ExperimentOptions
{
    public static Option<string> Seeds(string defaults) =>
        new("--seeds") { Description = "Comma-separated training seeds (mean ± std over them).", DefaultValueFactory = _ => defaults };

    public static Option<string> Presets(string defaults) =>
        new("--presets", "--preset") { Description = "Comma-separated preset names or preset JSON files (see `socialfusion presets`).", DefaultValueFactory = _ => defaults };

    public static IReadOnlyList<int> ParseSeeds(string text) =>
        Split(text).Select(s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v : throw new ArgumentException($"--seeds: '{s}' is not an integer.")).ToArray();

    /// <summary>Resolves names and JSON files to configurations; <paramref name="adjust"/> applies size overrides.</summary>
    public static IReadOnlyList<SgmftConfig> ParsePresets(string text, Func<SgmftConfig, SgmftConfig> adjust) =>
        Split(text).Select(s => adjust(s.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(s)
            ? ModelPresets.LoadFile(s) : ModelPresets.Load(s)).Validate()).ToArray();

    private static string[] Split(string text)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 ? parts : throw new ArgumentException("Expected at least one comma-separated value.");
    }
}
