using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SocialFusion.Data.Posts;
using SocialFusion.Models.Features;

namespace SocialFusion.Training.Features;

/// <summary>How feature values are stored.</summary>
public enum FeatureStorage
{
    /// <summary>Exact float32.</summary>
    Float32 = 4,
    /// <summary>IEEE half precision: half the size, about 3 significant digits.</summary>
    Float16 = 2,
}

/// <summary>
/// On-disk feature cache: a SQLite database (WAL mode) with one row per (extractor fingerprint, post id) holding
/// the post's features as one BLOB, the extractor's spec JSON and the post's content hash (<see cref="PostContent"/>).
/// <see cref="GetOrExtract"/> extracts only the posts that are missing or whose text or image bytes changed since they
/// were cached (the row is replaced), and commits them in chunks, so an interrupted run resumes where it stopped.
/// </summary>
public sealed class FeatureCache : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly FeatureStorage _storage;

    /// <summary>The database file.</summary>
    public string Path { get; }
    /// <summary>Posts extracted per committed transaction.</summary>
    public int ChunkSize { get; init; } = 256;

    /// <summary>Opens (or creates) the cache at <paramref name="path"/>; new entries use <paramref name="storage"/>.</summary>
    public FeatureCache(string path, FeatureStorage storage = FeatureStorage.Float32)
    {
        Path = System.IO.Path.GetFullPath(path);
        _storage = storage;
        if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        // No pooling: the file must be released on Dispose (tests and users delete caches).
        _db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        try
        {
            _db.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=NORMAL;");
            Execute("""
                CREATE TABLE IF NOT EXISTS features (
                    fingerprint TEXT NOT NULL, post_id TEXT NOT NULL, spec TEXT NOT NULL,
                    element_bytes INTEGER NOT NULL, text_length INTEGER NOT NULL, image_count INTEGER NOT NULL,
                    data BLOB NOT NULL, content TEXT NOT NULL DEFAULT '', PRIMARY KEY (fingerprint, post_id)) WITHOUT ROWID;
                """);
            // Caches written before content hashes were stored get the column empty: every row counts as changed once.
            using (var cols = Command("SELECT COUNT(*) FROM pragma_table_info('features') WHERE name = 'content'"))
                if ((long)cols.ExecuteScalar()! == 0) Execute("ALTER TABLE features ADD COLUMN content TEXT NOT NULL DEFAULT '';");
        }
        catch (SqliteException e)
        {
            _db.Dispose();
            throw new InvalidDataException($"{Path}: cannot open as a SocialFusion feature cache ({e.Message})", e);
        }
    }

    /// <summary>Number of cached posts for <paramref name="fingerprint"/>.</summary>
    public long Count(string fingerprint)
    {
        using var cmd = Command("SELECT COUNT(*) FROM features WHERE fingerprint = $f", ("$f", fingerprint));
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>
    /// Features of <paramref name="posts"/> in order: cached ones with the same content hash read back, missing or
    /// changed ones extracted with <paramref name="extractor"/> and stored. <paramref name="progress"/> receives the number of posts ready.
    /// Throws <see cref="InvalidDataException"/> naming the post when a cached entry is corrupt, has another spec or holds
    /// NaN or Infinity, and when the extractor gives such values (they are never stored).
    /// With <paramref name="store"/> false the cache is only read: extracted posts are returned, not written.
    /// </summary>
    public IReadOnlyList<PostFeatures> GetOrExtract(IReadOnlyList<Post> posts, IFeatureExtractor extractor, IProgress<int>? progress = null, bool store = true)
    {
        var spec = extractor.Spec;
        var specJson = JsonSerializer.Serialize(spec);
        var found = new Dictionary<string, PostFeatures>(StringComparer.Ordinal);
        var missing = new List<Post>();
        var queued = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in posts)
        {
            if (found.ContainsKey(p.Id) || queued.Contains(p.Id)) continue;
            var cached = Read(extractor.Fingerprint, p.Id, PostContent.Hash(p), spec, specJson);
            if (cached != null) found[p.Id] = cached;
            else { missing.Add(p); queued.Add(p.Id); }
        }
        int done = posts.Count - missing.Count;
        progress?.Report(done);
        for (int start = 0; start < missing.Count; start += ChunkSize)
        {
            var chunk = missing.GetRange(start, Math.Min(ChunkSize, missing.Count - start));
            var features = extractor.Extract(chunk, null);
            if (features.Count != chunk.Count)
                throw new InvalidOperationException($"extractor {extractor.Fingerprint} returned {features.Count} features for {chunk.Count} posts");
            foreach (var f in features) f.EnsureFinite($"extractor {extractor.Fingerprint}"); // never cache NaN
            if (store) Write(extractor.Fingerprint, specJson, spec, features, chunk.ToDictionary(p => p.Id, PostContent.Hash, StringComparer.Ordinal));
            foreach (var f in features) found[f.PostId] = f;
            done += chunk.Count;
            progress?.Report(done);
        }
        return posts.Select(p => found.TryGetValue(p.Id, out var f) ? f
            : throw new InvalidOperationException($"extractor returned no features for post {p.Id}")).ToList();
    }

    private PostFeatures? Read(string fingerprint, string postId, string content, FeatureSpec spec, string specJson)
    {
        using var cmd = Command("SELECT spec, element_bytes, text_length, image_count, data, content FROM features WHERE fingerprint = $f AND post_id = $p",
            ("$f", fingerprint), ("$p", postId));
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        if (r.GetString(5) != content) return null; // the post's text or images changed: extract again, replacing the row
        string where = $"{Path}: cached features of post '{postId}' (extractor {fingerprint})";
        if (r.GetString(0) != specJson)
            throw new InvalidDataException($"{where} have spec {r.GetString(0)} but the extractor's spec is {specJson}; delete the cache or use another file");
        int elem = r.GetInt32(1), len = r.GetInt32(2), count = r.GetInt32(3);
        var data = (byte[])r.GetValue(4);
        if (elem is not (2 or 4)) throw new InvalidDataException($"{where}: element size {elem} is neither 2 (float16) nor 4 (float32)");
        if (len < 0 || count < 0) throw new InvalidDataException($"{where}: negative text length {len} or image count {count}");
        long expected = Floats(spec, len, count) * elem;
        if (data.Length != expected) throw new InvalidDataException($"{where}: data has {data.Length} bytes, expected {expected} (corrupt entry)");
        var values = elem == 4 ? MemoryMarshal.Cast<byte, float>(data).ToArray() : MemoryMarshal.Cast<byte, Half>(data).ToArray().Select(h => (float)h).ToArray();
        int o = 0;
        float[] Take(int n) { var a = values.AsSpan(o, n).ToArray(); o += n; return a; }
        var text = Take(len * spec.TextDim);
        var images = Enumerable.Range(0, count).Select(_ => Take(spec.ImageTokens * spec.ImageDim)).ToArray();
        return new PostFeatures { PostId = postId, TextTokens = text, TextLength = len, Images = images, TextPooled = Take(spec.PooledDim), ImagePooled = Take(spec.PooledDim) }
            .EnsureFinite($"{Path} (extractor {fingerprint})");
    }

    private void Write(string fingerprint, string specJson, FeatureSpec spec, IReadOnlyList<PostFeatures> features, Dictionary<string, string> content)
    {
        using var tx = _db.BeginTransaction();
        using var cmd = Command("INSERT OR REPLACE INTO features (fingerprint, post_id, spec, element_bytes, text_length, image_count, data, content) VALUES ($f, $p, $s, $e, $l, $c, $d, $h)");
        cmd.Transaction = tx;
        foreach (var f in features)
        {
            Check(f, spec);
            var values = new List<float>((int)Floats(spec, f.TextLength, f.Images.Length));
            values.AddRange(f.TextTokens);
            foreach (var im in f.Images) values.AddRange(im);
            values.AddRange(f.TextPooled);
            values.AddRange(f.ImagePooled);
            var span = CollectionsMarshal.AsSpan(values);
            // float16 turns anything beyond ±65504 into Infinity, which the next read would refuse: say so now.
            if (_storage == FeatureStorage.Float16 && values.Exists(v => Math.Abs(v) > (float)Half.MaxValue))
                throw new InvalidDataException($"features of post '{f.PostId}' exceed the float16 range (±65504); store this cache as float32 (no --float16).");
            byte[] blob = _storage == FeatureStorage.Float32
                ? MemoryMarshal.AsBytes(span).ToArray()
                : MemoryMarshal.AsBytes(values.Select(v => (Half)v).ToArray().AsSpan()).ToArray();
            cmd.Parameters.Clear();
            cmd.Parameters.AddWithValue("$f", fingerprint);
            cmd.Parameters.AddWithValue("$p", f.PostId);
            cmd.Parameters.AddWithValue("$s", specJson);
            cmd.Parameters.AddWithValue("$e", (int)_storage);
            cmd.Parameters.AddWithValue("$l", f.TextLength);
            cmd.Parameters.AddWithValue("$c", f.Images.Length);
            cmd.Parameters.AddWithValue("$d", blob);
            cmd.Parameters.AddWithValue("$h", content[f.PostId]);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>Refuses to store features whose array sizes disagree with the spec.</summary>
    private static void Check(PostFeatures f, FeatureSpec spec)
    {
        string where = $"features of post '{f.PostId}'";
        if (f.TextTokens.Length != f.TextLength * spec.TextDim)
            throw new InvalidDataException($"{where}: text tokens have {f.TextTokens.Length} values, expected {f.TextLength} x {spec.TextDim}");
        for (int i = 0; i < f.Images.Length; i++)
            if (f.Images[i].Length != spec.ImageTokens * spec.ImageDim)
                throw new InvalidDataException($"{where}: image {i} has {f.Images[i].Length} values, expected {spec.ImageTokens} x {spec.ImageDim}");
        if (f.TextPooled.Length != spec.PooledDim || f.ImagePooled.Length != spec.PooledDim)
            throw new InvalidDataException($"{where}: pooled embeddings have {f.TextPooled.Length}/{f.ImagePooled.Length} values, expected {spec.PooledDim}");
    }

    private static long Floats(FeatureSpec spec, int textLength, int images) =>
        (long)textLength * spec.TextDim + (long)images * spec.ImageTokens * spec.ImageDim + 2L * spec.PooledDim;

    private SqliteCommand Command(string sql, params (string Name, object Value)[] args)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args) cmd.Parameters.AddWithValue(n, v);
        return cmd;
    }

    private void Execute(string sql)
    {
        using var cmd = Command(sql);
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();
}
