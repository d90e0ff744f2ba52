namespace SocialFusion.Training;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the calling thread. <see cref="Progress{T}"/> posts to the
/// thread pool, so its last reports can arrive after the work has finished and the bar was closed.
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
