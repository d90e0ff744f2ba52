using System.Collections.Concurrent;
using SocialFusion.Data.Clip;
using SocialFusion.Data.Images;

namespace SocialFusion.Training.Features;

/// <summary>One image to encode: the index of its post in the extraction call, the post id and the file.</summary>
internal readonly record struct ClipImageJob(int PostIndex, string PostId, string Path);

/// <summary>
/// A batch of decoded, preprocessed images: <see cref="Pixels"/> holds [Jobs.Count, 3, S, S] float32 CLIP-normalised
/// pixels row-major; <see cref="Skipped"/> the images of this batch's share of the job list that could not be used.
/// </summary>
internal sealed record ClipImageBatch(IReadOnlyList<ClipImageJob> Jobs, float[] Pixels, IReadOnlyList<SkippedImage> Skipped, int NextPostIndex);

/// <summary>
/// Producer side of the extraction pipeline: decodes and preprocesses images on a background thread (optionally
/// several decode workers) into a bounded queue of batches, so that the model encodes batch k while batch k+1 is
/// being decoded. Failures to decode are data (<see cref="ClipImageBatch.Skipped"/>), never exceptions; any other
/// failure of the producer is rethrown to the consumer.
/// </summary>
internal sealed class ClipImagePipeline : IDisposable
{
    private readonly BlockingCollection<ClipImageBatch> _queue;
    private readonly CancellationTokenSource _cancel = new();
    private readonly Task _producer;

    /// <summary>Starts decoding <paramref name="jobs"/> in batches of <paramref name="batchSize"/> (at most <paramref name="prefetch"/> ready batches queued).</summary>
    public ClipImagePipeline(IReadOnlyList<ClipImageJob> jobs, IClipImagePreprocessor preprocessor, int batchSize, int prefetch, int decodeThreads,
        ImageDecodeOptions? decodeOptions = null)
    {
        _queue = new BlockingCollection<ClipImageBatch>(Math.Max(1, prefetch));
        var token = _cancel.Token;
        _producer = Task.Factory.StartNew(() =>
        {
            try
            {
                for (int start = 0; start < jobs.Count && !token.IsCancellationRequested; start += batchSize)
                {
                    int n = Math.Min(batchSize, jobs.Count - start);
                    int next = start + n < jobs.Count ? jobs[start + n].PostIndex : int.MaxValue;
                    _queue.Add(Decode(jobs, start, n, next, preprocessor, decodeThreads, decodeOptions), token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested) { }
            finally { _queue.CompleteAdding(); }
        }, token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static ClipImageBatch Decode(IReadOnlyList<ClipImageJob> jobs, int start, int n, int next, IClipImagePreprocessor pre,
        int threads, ImageDecodeOptions? options)
    {
        var results = new float[n][];
        var reasons = new string?[n];
        void One(int i)
        {
            var job = jobs[start + i];
            try { results[i] = pre.Preprocess(ImageDecoder.Decode(job.Path, options)); }
            catch (ImageDecodeException e) { reasons[i] = e.Reason; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidDataException)
            {
                reasons[i] = e.Message;
            }
        }
        if (threads <= 1) for (int i = 0; i < n; i++) One(i);
        else Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, One);

        var ok = new List<ClipImageJob>(n);
        var skipped = new List<SkippedImage>();
        int plane = 3 * pre.Size * pre.Size;
        int count = results.Count(r => r != null);
        var pixels = new float[(long)count * plane]; // [count, 3, S, S]
        for (int i = 0; i < n; i++)
        {
            var job = jobs[start + i];
            if (results[i] is { } chw)
            {
                Array.Copy(chw, 0, pixels, (long)ok.Count * plane, plane);
                ok.Add(job);
            }
            else skipped.Add(new SkippedImage(job.PostId, job.Path, reasons[i] ?? "unknown error"));
        }
        return new ClipImageBatch(ok, pixels, skipped, next);
    }

    /// <summary>Ready batches in job order; blocks while the producer is decoding. Rethrows a producer failure.</summary>
    public IEnumerable<ClipImageBatch> Batches()
    {
        foreach (var batch in _queue.GetConsumingEnumerable()) yield return batch;
        // Surfaces an unexpected producer exception (decode failures are already reported as skips).
        _producer.GetAwaiter().GetResult();
    }

    /// <summary>Stops the producer (when the consumer stops early) and waits for it.</summary>
    public void Dispose()
    {
        _cancel.Cancel();
        try { _producer.Wait(); } catch (AggregateException) { }
        _queue.Dispose();
        _cancel.Dispose();
    }
}
