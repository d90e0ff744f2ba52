using System.Diagnostics;
using static TorchSharp.torch;

namespace SocialFusion.Training.Retrieval;

/// <summary>Measured cost of exact search over N synthetic D-dimensional unit vectors (one modality matrix).</summary>
/// <param name="Posts">N.</param>
/// <param name="Dim">D.</param>
/// <param name="Threads">Torch intra-op threads during the run.</param>
/// <param name="MatrixBytes">N * D * 4, the rows themselves.</param>
/// <param name="WorkingSetDeltaBytes">Growth of the process working set while building the matrix (includes allocator slack).</param>
/// <param name="BuildSeconds">Time to create the matrix.</param>
/// <param name="SingleQueryMs">Median latency of one query (top-10).</param>
/// <param name="BatchedQueryMs">Median latency per query when <see cref="BatchSize"/> queries are searched together.</param>
/// <param name="BatchSize">Queries per batch.</param>
/// <param name="SaveSeconds">Time to write the matrix to a file.</param>
/// <param name="LoadSeconds">Time to read it back.</param>
/// <param name="FileBytes">Size of that file.</param>
public sealed record IndexBenchmarkResult(int Posts, int Dim, int Threads, long MatrixBytes, long WorkingSetDeltaBytes, double BuildSeconds,
    double SingleQueryMs, double BatchedQueryMs, int BatchSize, double SaveSeconds, double LoadSeconds, long FileBytes);

/// <summary>
/// Measures exact search on synthetic vectors (not a unit test: at 1M posts it needs GBs and seconds). A full
/// <see cref="PostIndex"/> holds two such matrices (text and image), so its memory is twice <see cref="IndexBenchmarkResult.MatrixBytes"/>.
/// </summary>
public static class IndexBenchmark
{
    /// <summary>Runs the benchmark; the temporary file goes to <paramref name="tempFolder"/> (deleted afterwards).</summary>
    public static IndexBenchmarkResult Run(int posts, int dim, int repeats = 15, int batchSize = 64, string? tempFolder = null)
    {
        GC.Collect(); GC.WaitForPendingFinalizers();
        var proc = Process.GetCurrentProcess();
        proc.Refresh();
        long before = proc.WorkingSet64;
        var clock = Stopwatch.StartNew();
        using var matrix = EmbeddingMatrix.Random(posts, dim, seed: 1);
        double build = clock.Elapsed.TotalSeconds;
        proc.Refresh();
        long delta = proc.WorkingSet64 - before;

        var gen = new Generator(2);
        double Median(int q)
        {
            var times = new List<double>();
            for (int r = 0; r < repeats + 2; r++)
            {
                using var scope = NewDisposeScope();
                var queries = nn.functional.normalize(randn(new long[] { q, dim }, generator: gen), dim: 1); // [Q, D]
                var t = Stopwatch.StartNew();
                matrix.Search(queries, 10);
                if (r >= 2) times.Add(t.Elapsed.TotalMilliseconds); // first two runs warm caches and the allocator
            }
            times.Sort();
            return times[times.Count / 2];
        }
        double single = Median(1);
        double batched = Median(batchSize) / batchSize;

        var path = Path.Combine(tempFolder ?? Path.GetTempPath(), $"sf-index-bench-{Guid.NewGuid():N}.bin");
        try
        {
            clock.Restart();
            using (var w = new BinaryWriter(File.Create(path))) matrix.Write(w);
            double save = clock.Elapsed.TotalSeconds;
            long size = new FileInfo(path).Length;
            clock.Restart();
            using (var r = new BinaryReader(File.OpenRead(path))) using (EmbeddingMatrix.Read(r)) { }
            double load = clock.Elapsed.TotalSeconds;
            return new IndexBenchmarkResult(posts, dim, get_num_threads(), matrix.Bytes, delta, build, single, batched, batchSize, save, load, size);
        }
        finally { File.Delete(path); }
    }
}
