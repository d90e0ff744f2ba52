using SocialFusion.Data.Posts;

namespace SocialFusion.Training.Experiments;

/// <summary>The first step of every experiment: read and validate the posts file.</summary>
internal static class ExperimentPosts
{
    /// <summary>
    /// Reads <paramref name="dataPath"/>; everything rejected goes to <c>rejected.jsonl</c> in <paramref name="outDir"/>,
    /// never silently dropped. Throws when no valid post is left.
    /// </summary>
    public static PostReadResult Read(string dataPath, string outDir, IProgress<ExperimentProgress>? progress)
    {
        progress?.Report(new ExperimentProgress("read", 0, dataPath));
        var read = PostReader.Read(dataPath);
        RejectedRecordWriter.Write(Path.Combine(outDir, "rejected.jsonl"), read);
        if (read.Posts.Count == 0) throw new InvalidDataException($"{dataPath}: no valid posts ({read.Summary}).");
        return read;
    }
}
