using static TorchSharp.torch;

namespace SocialFusion.Training.Retrieval;

/// <summary>One search result: a row of the index and its cosine similarity to the query.</summary>
public sealed record SearchHit(int Row, float Score);

/// <summary>
/// N unit-norm float32 rows of width D, stored as blocks of at most <see cref="BlockRows"/> rows (one torch tensor each),
/// plus a per-row validity flag (a post without the modality has an invalid, all-zero row that is never returned).
/// Exact search is a blocked matrix product with a running top-k: memory stays at one [Q, block] score matrix.
/// </summary>
public sealed class EmbeddingMatrix : IDisposable
{
    /// <summary>Rows per block: 65,536 rows x 512 floats = 128 MB, small enough for one score matrix per query batch.</summary>
    public const int BlockRows = 65_536;

    private readonly List<Tensor> blocks = new();     // each [rows, D], float32, contiguous
    private readonly List<Tensor> penalties = new();  // each [rows], 0 for valid rows, -inf otherwise
    private readonly bool[] valid;

    /// <summary>N.</summary>
    public int Count { get; }
    /// <summary>D.</summary>
    public int Dim { get; }
    /// <summary>Per-row validity.</summary>
    public IReadOnlyList<bool> Valid => valid;
    /// <summary>The row blocks ([rows, D] each), in row order.</summary>
    public IReadOnlyList<Tensor> Blocks => blocks;

    private EmbeddingMatrix(int count, int dim, bool[] valid) { Count = count; Dim = dim; this.valid = valid; }

    /// <summary>Builds from N rows (null = invalid row); rows are L2-normalised here (zero rows stay invalid).</summary>
    public static EmbeddingMatrix Create(IReadOnlyList<float[]?> rows, int dim)
    {
        var valid = rows.Select(r => r is not null && r.Any(v => v != 0)).ToArray();
        var m = new EmbeddingMatrix(rows.Count, dim, valid);
        for (int start = 0; start < rows.Count; start += BlockRows)
        {
            int n = Math.Min(BlockRows, rows.Count - start);
            var data = new float[(long)n * dim];
            for (int r = 0; r < n; r++)
            {
                var row = rows[start + r];
                if (!valid[start + r]) continue;
                if (row!.Length != dim) throw new ArgumentException($"Row {start + r} has width {row.Length}, expected {dim}.");
                double norm = Math.Sqrt(row.Sum(v => (double)v * v));
                for (int d = 0; d < dim; d++) data[(long)r * dim + d] = (float)(row[d] / norm);
            }
            m.AddBlock(tensor(data, new long[] { n, dim }));
        }
        return m;
    }

    /// <summary>Synthetic random unit rows (all valid), built block by block: for benchmarks at scale.</summary>
    public static EmbeddingMatrix Random(int count, int dim, int seed)
    {
        var m = new EmbeddingMatrix(count, dim, Enumerable.Repeat(true, count).ToArray());
        var gen = new TorchSharp.torch.Generator((ulong)seed);
        for (int start = 0; start < count; start += BlockRows)
        {
            int n = Math.Min(BlockRows, count - start);
            using var raw = randn(new long[] { n, dim }, generator: gen);
            m.AddBlock(nn.functional.normalize(raw, dim: 1));
        }
        return m;
    }

    private void AddBlock(Tensor block)
    {
        long start = blocks.Sum(b => b.shape[0]);
        blocks.Add(block);
        var pen = valid.Skip((int)start).Take((int)block.shape[0]).Select(v => v ? 0f : float.NegativeInfinity).ToArray();
        penalties.Add(tensor(pen));
    }

    /// <summary>Row <paramref name="row"/> as an array (zeros when invalid).</summary>
    public float[] Row(int row) => blocks[row / BlockRows][row % BlockRows].data<float>().ToArray();

    /// <summary>Penalty vector [rows] of block <paramref name="b"/>: 0 for valid rows, -inf otherwise.</summary>
    internal Tensor Penalty(int b) => penalties[b];

    /// <summary>Top-<paramref name="k"/> valid rows by cosine for each of the Q unit-norm queries in <paramref name="queries"/> [Q, D].</summary>
    public IReadOnlyList<SearchHit>[] Search(Tensor queries, int k, Func<int, bool>? exclude = null) =>
        TopK.Run(blocks.Count, queries.shape[0], b => mm(queries, blocks[b].t()) + penalties[b].view(1, -1), k, exclude); // [Q, D] x [D, rows] -> [Q, rows]

    /// <summary>Writes N, D, validity and the raw rows (little-endian float32).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Count); w.Write(Dim);
        foreach (var v in valid) w.Write(v);
        foreach (var b in blocks) w.Write(b.bytes);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> on a truncated or inconsistent file.</summary>
    public static EmbeddingMatrix Read(BinaryReader r)
    {
        int count = r.ReadInt32(), dim = r.ReadInt32();
        if (count < 0 || dim <= 0) throw new InvalidDataException($"Bad matrix header: {count} rows of width {dim}.");
        var valid = new bool[count];
        for (int i = 0; i < count; i++) valid[i] = r.ReadBoolean();
        var m = new EmbeddingMatrix(count, dim, valid);
        for (int start = 0; start < count; start += BlockRows)
        {
            int n = Math.Min(BlockRows, count - start);
            var block = empty(n, dim, dtype: ScalarType.Float32);
            var span = block.bytes;
            int read = 0;
            while (read < span.Length)
            {
                int got = r.BaseStream.Read(span[read..]);
                if (got == 0) throw new InvalidDataException($"Index file truncated: matrix block at row {start} is incomplete.");
                read += got;
            }
            m.AddBlock(block);
        }
        return m;
    }

    /// <summary>Bytes held by the rows.</summary>
    public long Bytes => (long)Count * Dim * sizeof(float);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in blocks.Concat(penalties)) t.Dispose();
        blocks.Clear(); penalties.Clear();
    }
}

/// <summary>Running top-k over score blocks.</summary>
internal static class TopK
{
    /// <summary>
    /// Merges the top-k of every block's scores [Q, rows] (block b covers rows b * BlockRows ...). Excluded rows are
    /// filtered after the fact, so k + 8 candidates are kept per block to leave room for them.
    /// </summary>
    public static IReadOnlyList<SearchHit>[] Run(int blockCount, long queries, Func<int, Tensor> scores, int k, Func<int, bool>? exclude)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "k must be >= 1");
        int keep = k + (exclude is null ? 0 : 8);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor? bestScore = null, bestRow = null;                                     // [Q, keep]
        for (int b = 0; b < blockCount; b++)
        {
            var s = scores(b);                                                        // [Q, rows]
            var (v, i) = s.topk(Math.Min(keep, (int)s.shape[1]), dim: 1);             // [Q, k']
            i = i + (long)b * EmbeddingMatrix.BlockRows;
            if (bestScore is null) { bestScore = v; bestRow = i; continue; }
            var allV = cat([bestScore, v], 1);                                        // [Q, k' + k'']
            var allI = cat([bestRow!, i], 1);
            var (tv, ti) = allV.topk(Math.Min(keep, (int)allV.shape[1]), dim: 1);
            bestScore = tv; bestRow = allI.gather(1, ti);
        }
        var result = new IReadOnlyList<SearchHit>[queries];
        if (bestScore is null) { for (int q = 0; q < queries; q++) result[q] = []; return result; }
        var sv = bestScore.contiguous().data<float>().ToArray();
        var si = bestRow!.contiguous().data<long>().ToArray();
        int width = (int)bestScore.shape[1];
        for (int q = 0; q < queries; q++)
            result[q] = Enumerable.Range(0, width).Select(j => new SearchHit((int)si[q * width + j], sv[q * width + j]))
                .Where(h => !float.IsNegativeInfinity(h.Score) && !float.IsNaN(h.Score) && exclude?.Invoke(h.Row) != true).Take(k).ToList();
        return result;
    }
}
