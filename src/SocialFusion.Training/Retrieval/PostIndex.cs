using SocialFusion.Models.Layers;
using System.Text;
using System.Text.Json;
using SocialFusion.Training.Features;
using static TorchSharp.torch;

namespace SocialFusion.Training.Retrieval;

/// <summary>What an index was built from, stored in its file so queries can be embedded the same way.</summary>
/// <param name="ExtractorKind">"builtin" or "clip".</param>
/// <param name="ExtractorFolder">Folder of the encoder (built-in encoder folder or CLIP checkpoint).</param>
/// <param name="Fingerprint">The extractor's fingerprint; a query extractor with another one is refused.</param>
/// <param name="DataPath">Posts file the index was built from (for showing results), or null.</param>
/// <param name="CreatedAt">Creation time.</param>
public sealed record IndexMetadata(string ExtractorKind, string ExtractorFolder, string Fingerprint, string? DataPath, DateTimeOffset CreatedAt);

/// <summary>A post found by a search.</summary>
public sealed record PostHit(string PostId, float Score);

/// <summary>
/// A persistent cross-modal index of a post collection: for every post its unit-norm text embedding and image
/// embedding in one aligned space (CLIP's, or the built-in contrastive encoders'), exact blocked search over both.
/// One binary file: magic "SFVX", version, metadata JSON, post ids, then the text and the image matrix
/// (validity flags + raw little-endian float32 rows).
/// </summary>
public sealed class PostIndex : IDisposable
{
    private const string Magic = "SFVX";
    private const int Version = 1;
    private readonly Dictionary<string, int> rowOf;

    /// <summary>Post ids in row order.</summary>
    public IReadOnlyList<string> Ids { get; }
    /// <summary>Text embeddings (invalid rows: posts without text).</summary>
    public EmbeddingMatrix Text { get; }
    /// <summary>Image embeddings (invalid rows: posts without an image).</summary>
    public EmbeddingMatrix Image { get; }
    /// <summary>Provenance.</summary>
    public IndexMetadata Metadata { get; }

    /// <summary>Wraps matrices with the same rows.</summary>
    public PostIndex(IReadOnlyList<string> ids, EmbeddingMatrix text, EmbeddingMatrix image, IndexMetadata metadata)
    {
        if (text.Count != ids.Count || image.Count != ids.Count || text.Dim != image.Dim)
            throw new ArgumentException($"Index parts disagree: {ids.Count} ids, {text.Count}x{text.Dim} text, {image.Count}x{image.Dim} image.");
        Ids = ids; Text = text; Image = image; Metadata = metadata;
        rowOf = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (int i = 0; i < ids.Count; i++)
            if (!rowOf.TryAdd(ids[i], i)) throw new ArgumentException($"Duplicate post id '{ids[i]}' in the index.");
    }

    /// <summary>Builds the index from per-post features (pooled embeddings); requires an aligned pooled space.</summary>
    public static PostIndex Build(IReadOnlyList<PostFeatures> features, int dim, IndexMetadata metadata)
    {
        var text = EmbeddingMatrix.Create(features.Select(f => f.TextLength > 0 ? f.TextPooled : null).ToList(), dim);
        var image = EmbeddingMatrix.Create(features.Select(f => f.Images.Length > 0 ? f.ImagePooled : null).ToList(), dim);
        return new PostIndex(features.Select(f => f.PostId).ToList(), text, image, metadata);
    }

    /// <summary>Number of posts.</summary>
    public int Count => Ids.Count;

    /// <summary>True when the index holds <paramref name="postId"/>.</summary>
    public bool Contains(string postId) => rowOf.ContainsKey(postId);

    /// <summary>Posts whose image best matches the unit-norm text embedding <paramref name="query"/> [D].</summary>
    public IReadOnlyList<PostHit> ImagesForText(float[] query, int k) => Hits(Image.Search(Query(query), k)[0]);

    /// <summary>Posts whose text best matches the unit-norm image embedding <paramref name="query"/> [D].</summary>
    public IReadOnlyList<PostHit> TextsForImage(float[] query, int k) => Hits(Text.Search(Query(query), k)[0]);

    /// <summary>
    /// Posts similar to <paramref name="postId"/> (itself excluded). A post is represented by u = normalize(t + v) over
    /// the modalities it has; score_j = u . (t_j + v_j) / |t_j + v_j|, computed from the two stored matrices so no third
    /// matrix is kept.
    /// </summary>
    public IReadOnlyList<PostHit> Similar(string postId, int k)
    {
        if (!rowOf.TryGetValue(postId, out var row)) throw new KeyNotFoundException($"Post '{postId}' is not in the index.");
        var t = Text.Row(row); var v = Image.Row(row);
        var u = t.Zip(v, (a, b) => a + b).ToArray();
        double norm = Math.Sqrt(u.Sum(x => (double)x * x));
        if (norm == 0) return [];
        for (int d = 0; d < u.Length; d++) u[d] = (float)(u[d] / norm);
        using var scope = NewDisposeScope();
        var q = tensor(u).view(1, -1);                                                    // [1, D]
        var hits = TopK.Run(Text.Blocks.Count, 1, b =>
        {
            var tb = Text.Blocks[b]; var vb = Image.Blocks[b];                            // [rows, D]
            var inv = (tb + vb).norm(1).reciprocal().nan_to_num(0, 0, 0);                   // [rows], 0 where both missing
            var s = (mm(q, tb.t()) + mm(q, vb.t())) * inv.view(1, -1);                     // [1, rows]
            var bothMissing = Text.Penalty(b).isinf().logical_and(Image.Penalty(b).isinf());
            return AttentionBias.MaskedFill(s, bothMissing.view(1, -1), double.NegativeInfinity);
        }, k, r => r == row);
        return Hits(hits[0]);
    }

    private static Tensor Query(float[] query) => tensor(query).view(1, -1);         // [1, D]

    private List<PostHit> Hits(IReadOnlyList<SearchHit> hits) => hits.Select(h => new PostHit(Ids[h.Row], h.Score)).ToList();

    /// <summary>Writes the index to one file (written to a temporary name, then moved, so a crash never leaves half a file).</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp";
        using (var w = new BinaryWriter(File.Create(tmp), Encoding.UTF8))
        {
            w.Write(Encoding.ASCII.GetBytes(Magic));
            w.Write(Version);
            w.Write(JsonSerializer.Serialize(Metadata));
            w.Write(Ids.Count);
            foreach (var id in Ids) w.Write(id);
            Text.Write(w);
            Image.Write(w);
        }
        File.Move(tmp, full, true);
    }

    /// <summary>Reads an index; clear errors for a missing, foreign, newer or truncated file.</summary>
    public static PostIndex Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: index file not found.", path);
        using var r = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        try
        {
            var magic = Encoding.ASCII.GetString(r.ReadBytes(4));
            if (magic != Magic) throw new InvalidDataException($"not a SocialFusion index (magic '{magic}').");
            int version = r.ReadInt32();
            if (version != Version) throw new InvalidDataException($"index version {version}, this build reads {Version}.");
            var metadata = JsonSerializer.Deserialize<IndexMetadata>(r.ReadString()) ?? throw new InvalidDataException("empty metadata.");
            int n = r.ReadInt32();
            var ids = new string[n];
            for (int i = 0; i < n; i++) ids[i] = r.ReadString();
            var text = EmbeddingMatrix.Read(r);
            var image = EmbeddingMatrix.Read(r);
            return new PostIndex(ids, text, image, metadata);
        }
        catch (EndOfStreamException e) { throw new InvalidDataException($"{path}: index file is truncated.", e); }
        // Every other failure inside a cut or damaged file (bad counts, bad strings) also names the file.
        catch (Exception e) when (e is InvalidDataException or IOException or JsonException or ArgumentException or FormatException or OverflowException)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <inheritdoc />
    public void Dispose() { Text.Dispose(); Image.Dispose(); }
}
