using Xunit;

namespace SocialFusion.TestSupport;

/// <summary>
/// Locates the read-only <c>../shared</c> folder that sits beside the repository on the project's
/// machines and CI. Tests that need it call <see cref="RequireDirectory"/>, which skips the test with
/// the reason where it is absent (a user's own clone).
/// </summary>
public static class SharedData
{
    /// <summary>The shared folder, or null when it is not beside the repository.</summary>
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("SOCIALFUSION_SHARED");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env)) return Path.GetFullPath(env);
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SocialFusion.slnx")))
            {
                var shared = Path.Combine(dir.Parent?.FullName ?? dir.FullName, "shared");
                return Directory.Exists(shared) ? shared : null;
            }
            dir = dir.Parent;
        }
        return null;
    }

    /// <summary>Path of <paramref name="relative"/> inside shared/, or skips the calling test.</summary>
    public static string RequireDirectory(string relative)
    {
        if (Root == null)
            Assert.Skip("../shared is not beside this clone (set SOCIALFUSION_SHARED to point at it); reference data unavailable.");
        var path = Path.Combine(Root, relative);
        if (!Directory.Exists(path) && !File.Exists(path))
            Assert.Skip($"{path} does not exist; reference data unavailable.");
        return path;
    }
}

/// <summary>Locates the repository root (for tests that read presets or docs).</summary>
public static class RepoPaths
{
    /// <summary>The folder holding SocialFusion.slnx.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SocialFusion.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SocialFusion.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>The folder's path.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sf-test-" + Guid.NewGuid().ToString("N")[..12]);
    public TempDir() => Directory.CreateDirectory(Path);
    /// <summary>A path inside the folder.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);
    public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
}
