using System.Security.Cryptography;
using System.Text;

namespace SocialFusion.Analytics.Privacy;

/// <summary>
/// The secret key behind pseudonyms: 32 random bytes in a small text file kept outside the database (default
/// <see cref="DefaultPath"/>, <c>--key-file</c> on the commands), created on first use with owner-only permissions
/// (0600). Whoever holds the key can re-identify pseudonyms by hashing candidate ids, so it never goes into the store,
/// an export or a report; deleting it makes existing pseudonyms unlinkable to new ones.
/// </summary>
public sealed class PseudonymKey
{
    private const string Header = "socialfusion-pseudonym-key v1";
    private readonly byte[] _key;

    private PseudonymKey(string path, byte[] key) { Path = path; _key = key; }

    /// <summary>Where the key lives unless told otherwise: <c>$XDG_CONFIG_HOME/socialfusion/pseudonym.key</c>
    /// (<c>~/.config/socialfusion/pseudonym.key</c> when XDG_CONFIG_HOME is unset).</summary>
    public static string DefaultPath
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(config))
                config = System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return System.IO.Path.Combine(config, "socialfusion", "pseudonym.key");
        }
    }

    /// <summary>The key file.</summary>
    public string Path { get; }

    /// <summary>True when this call created the file.</summary>
    public bool Created { get; private init; }

    /// <summary>
    /// A public check value of the key (HMAC of a fixed string, 16 hex digits): the store records it with the first
    /// pseudonyms it hands out, so a different key is detected instead of silently producing unlinkable pseudonyms.
    /// </summary>
    public string Fingerprint => Hex(HMACSHA256.HashData(_key, "socialfusion key check"u8))[..16];

    /// <summary>HMAC-SHA256 of <paramref name="value"/> (UTF-8) under the key.</summary>
    public byte[] Mac(string value) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value));

    /// <summary>Reads the key at <paramref name="path"/> (default <see cref="DefaultPath"/>), creating it when missing.</summary>
    /// <exception cref="InvalidDataException">The file exists but is not a SocialFusion key (corrupt or another file).</exception>
    public static PseudonymKey LoadOrCreate(string? path = null)
    {
        var full = System.IO.Path.GetFullPath(path ?? DefaultPath);
        if (File.Exists(full)) return Load(full);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var key = RandomNumberGenerator.GetBytes(32);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(full, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
            writer.Write($"{Header}\n{Convert.ToBase64String(key)}\n");
        return new PseudonymKey(full, key) { Created = true };
    }

    /// <summary>Reads an existing key file.</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a SocialFusion key (corrupt or another file).</exception>
    public static PseudonymKey Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"pseudonym key file {full} does not exist", full);
        var info = new FileInfo(full);
        if (info.Length > 4096) throw Corrupt(full, $"it has {info.Length} bytes, a key file has about 80");
        var lines = File.ReadAllText(full).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length != 2 || lines[0] != Header) throw Corrupt(full, $"the first line is not '{Header}'");
        byte[] key;
        try { key = Convert.FromBase64String(lines[1]); }
        catch (FormatException) { throw Corrupt(full, "the key line is not base64"); }
        if (key.Length != 32) throw Corrupt(full, $"the key has {key.Length} bytes, expected 32");
        return new PseudonymKey(full, key);
    }

    private static InvalidDataException Corrupt(string path, string why) =>
        new($"pseudonym key file {path} is not a valid SocialFusion key ({why}); restore the original key file, or point --key-file at it");

    internal static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
