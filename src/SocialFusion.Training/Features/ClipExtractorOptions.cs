using System.Security.Cryptography;
using System.Text;
using SocialFusion.Data.Clip;
using SocialFusion.Data.Images;

namespace SocialFusion.Training.Features;

/// <summary>Settings of <see cref="ClipFeatureExtractor"/> that change speed, not features (none is part of the fingerprint).</summary>
/// <param name="BatchSize">Texts or images per forward pass.</param>
/// <param name="PrefetchBatches">Decoded image batches kept ready ahead of the model.</param>
/// <param name="DecodeThreads">Workers decoding and preprocessing images of one batch (the model keeps running meanwhile).</param>
/// <param name="ImageDecode">Size limits applied to untrusted images.</param>
public sealed record ClipExtractorOptions(int BatchSize = 32, int PrefetchBatches = 2, int DecodeThreads = 1, ImageDecodeOptions? ImageDecode = null)
{
    /// <summary>Throws when a value is out of range.</summary>
    public void Validate()
    {
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "batch size must be at least 1");
        if (PrefetchBatches < 1) throw new ArgumentOutOfRangeException(nameof(PrefetchBatches), PrefetchBatches, "prefetch must be at least 1");
        if (DecodeThreads < 1) throw new ArgumentOutOfRangeException(nameof(DecodeThreads), DecodeThreads, "decode threads must be at least 1");
    }
}

/// <summary>Fingerprint of a CLIP checkpoint folder: content hashes of its files plus the preprocessing settings.</summary>
public static class ClipFingerprint
{
    /// <summary>Version of the feature definition; bump when what is stored changes.</summary>
    public const string Version = "socialfusion-clip-features/v1 text=last_hidden_state(final_ln,trimmed) image=last_hidden_state(all_tokens) pooled=l2(projected)";

    private static readonly Dictionary<(string, long, DateTime), string> HashCache = new();

    /// <summary>
    /// SHA-256 over <see cref="Version"/>, the SHA-256 of the family's files (<see cref="ClipCheckpointKind.FingerprintFiles"/>:
    /// for CLIP <c>config.json</c>, <c>model.safetensors</c>, <c>vocab.json</c>, <c>merges.txt</c>; optional files count
    /// when present), the image size, mean, std, the context length and, for other than CLIP's short side + centre
    /// crop, the image transform. File hashes are memoised per process by (path, size, modification time), so
    /// opening the same checkpoint twice reads it once.
    /// </summary>
    public static string Compute(string dir, ClipCheckpointKind kind, IClipImagePreprocessor preprocessor, int contextLength)
    {
        var sb = new StringBuilder(Version).Append('\n');
        foreach (var name in kind.FingerprintFiles)
            if (kind.RequiredFiles.Contains(name) || name == "config.json" || File.Exists(Path.Combine(dir, name)))
                sb.Append(name).Append('=').Append(FileHash(Path.Combine(dir, name))).Append('\n');
        static string Floats(IEnumerable<float> v) => string.Join(",", v.Select(x => x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        sb.Append($"size={preprocessor.Size};mean={Floats(preprocessor.Mean)};std={Floats(preprocessor.Std)};context={contextLength}\n");
        // CLIP's fingerprint stays what it was before other transforms existed, so existing caches remain valid.
        if (preprocessor is not ClipImagePreprocessor) sb.Append($"transform={preprocessor.Transform};kind={kind.ModelType}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..32];
    }

    /// <summary>The OpenAI CLIP fingerprint (<see cref="ClipCheckpointKind.OpenAiClip"/>).</summary>
    public static string Compute(string dir, ClipImagePreprocessor preprocessor, int contextLength) =>
        Compute(dir, ClipCheckpointKind.OpenAiClip, preprocessor, contextLength);

    private static string FileHash(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FileNotFoundException($"CLIP folder lacks {info.Name}", path);
        var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
        lock (HashCache)
            if (HashCache.TryGetValue(key, out var cached)) return cached;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        var hash = Convert.ToHexStringLower(SHA256.HashData(stream));
        lock (HashCache) HashCache[key] = hash;
        return hash;
    }
}
