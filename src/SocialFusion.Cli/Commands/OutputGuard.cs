using System.CommandLine;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// The one rule for files a command writes: an output that resolves (symlinks included) to one of the command's inputs
/// is refused, always; an output that already exists is refused unless <c>--force</c> is given, and then the command
/// says what it replaces. Side files derived from an output's name (<c>OUT.rejected.jsonl</c>) follow their output.
/// </summary>
internal static class OutputGuard
{
    /// <summary>A fresh <c>--force</c> option for a command that writes files.</summary>
    public static Option<bool> ForceOption() => new("--force") { Description = "Replace output files that already exist (never an input file)." };

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="output"/> is one of <paramref name="inputs"/> after
    /// resolving symlinks, or when it exists and <paramref name="force"/> is false; with <paramref name="force"/> prints
    /// what is replaced. <paramref name="option"/> names the option in the messages.
    /// </summary>
    public static void Check(string option, string output, IEnumerable<string?> inputs, bool force)
    {
        NotAnInput(option, output, inputs);
        if (Directory.Exists(output) && !File.Exists(output))
            throw new ArgumentException($"{option} {output} is a folder; give a file path.");
        if (!File.Exists(output)) return;
        if (!force) throw new ArgumentException($"{option} {output} already exists; pass --force to replace it.");
        Console.Error.WriteLine($"replacing {output} (--force)");
    }

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="output"/> resolves (symlinks included) to one of <paramref name="inputs"/>.</summary>
    public static void NotAnInput(string option, string output, IEnumerable<string?> inputs)
    {
        string target = Resolve(output);
        foreach (var input in inputs)
            if (input is not null && (File.Exists(input) || Directory.Exists(input)) && string.Equals(Resolve(input), target, StringComparison.Ordinal))
                throw new ArgumentException(
                    $"{option} {output} is the input file {input}{(target != Path.GetFullPath(input) ? $" (both resolve to {target})" : "")}: writing it would destroy the input. Choose another output path.");
    }

    /// <summary>
    /// Like <see cref="Check"/> for an output folder: refused when it resolves to an input or holds one of
    /// <paramref name="files"/> already, unless <paramref name="force"/>, which replaces them and says how many.
    /// </summary>
    public static void CheckFolder(string option, string folder, IReadOnlyList<string> files, bool force)
    {
        var present = files.Where(f => File.Exists(Path.Combine(folder, f))).ToList();
        if (present.Count == 0) return;
        if (!force) throw new ArgumentException($"{option} {folder} already holds {string.Join(", ", present)}; pass --force to replace them.");
        Console.Error.WriteLine($"replacing {string.Join(", ", present)} in {folder} (--force)");
    }

    /// <summary>The absolute path with every symlink along it resolved (missing tail components kept as they are).</summary>
    public static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        for (int hops = 0; ; )
        {
            bool restarted = false;
            var parts = full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            current = root;
            for (int i = 0; i < parts.Length; i++)
            {
                var next = Path.Combine(current, parts[i]);
                FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
                if (info.Exists && info.LinkTarget is { } link)
                {
                    if (++hops > 40) throw new IOException($"{path}: too many levels of symbolic links");
                    // Relative link targets are relative to the link's folder; the rest of the path follows the target.
                    var resolved = Path.GetFullPath(link, current);
                    full = Path.Combine([resolved, .. parts[(i + 1)..]]);
                    restarted = true;
                    break;
                }
                current = next;
            }
            if (!restarted) return current;
        }
    }
}
