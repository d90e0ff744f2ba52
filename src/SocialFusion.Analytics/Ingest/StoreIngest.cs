using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.Data.Posts;

namespace SocialFusion.Analytics.Ingest;

/// <summary>What to ingest. Only <see cref="Posts"/> is required.</summary>
/// <param name="Posts">Posts file (.jsonl or .csv, docs/data-format.md).</param>
/// <param name="Follows">Optional follow-edge CSV.</param>
/// <param name="Predictions">Optional predictions JSONL written by <c>socialfusion predict</c>.</param>
/// <param name="Model">Name the predictions are stored under (default: the predictions file's name without extension).</param>
/// <param name="Scrub">Replace e-mails, phone numbers, URLs and @mentions in stored text with placeholders.</param>
public sealed record IngestRequest(string Posts, string? Follows = null, string? Predictions = null, string? Model = null, bool Scrub = false)
{
    /// <summary>Validation for the posts: image files need not exist (the store keeps only their count).</summary>
    public PostReadOptions ReadOptions { get; init; } = new() { RequireImageFiles = false };
}

/// <summary>New / updated / unchanged counts of one merge.</summary>
public sealed record MergeCounts(long New, long Updated, long Unchanged)
{
    /// <inheritdoc />
    public override string ToString() => $"{New} new, {Updated} updated, {Unchanged} unchanged";
}

/// <summary>Everything one ingest did.</summary>
public sealed record IngestReport(
    PostReadResult PostsRead, string PostsSideFile, MergeCounts Posts, long UnknownParentsInFile, long UnknownParentsInStore,
    FollowReadResult? FollowsRead, string? FollowsSideFile, MergeCounts? Follows,
    PredictionReadResult? PredictionsRead, string? PredictionsSideFile, MergeCounts? Predictions, long PredictionsForUnknownPosts,
    ScrubCounts? Scrubbed, long StorePosts, long StoreUsers, TimeSpan Elapsed);

/// <summary>
/// <c>socialfusion ingest</c>: streams posts (through <see cref="PostReader.Stream"/>, so rejected records get the same
/// file/line/field/reason treatment and side file as <c>validate</c>), follow edges and predictions into scratch tables
/// through the Appender, then merges them into the store in SQL inside one transaction: idempotent by key (post id;
/// follower and followee; post id, model, head and rank), a changed record is updated (by content hash), and a failure
/// leaves the store as it was. Replies and reposts whose parent is not in the store are kept and counted.
/// </summary>
public static class StoreIngest
{
    /// <summary>Ingests <paramref name="request"/> into <paramref name="store"/>.</summary>
    public static IngestReport Run(AnalyticsStore store, IngestRequest request, IProgress<string>? progress = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var postsPath = Path.GetFullPath(request.Posts);
        var scrub = request.Scrub ? new ScrubCounts() : null;
        PostReadResult postsRead;
        using (var staging = new PostStaging(store.Connection, scrub))
        {
            progress?.Report($"reading {postsPath}");
            postsRead = PostReader.Stream(postsPath, staging.Add, request.ReadOptions);
            staging.Complete();
        }
        var postsSide = SideFile(postsPath);
        RejectedRecordWriter.Write(postsSide, postsRead);

        FollowReadResult? followsRead = null;
        string? followsSide = null;
        if (request.Follows is { } follows)
        {
            var full = Path.GetFullPath(follows);
            using var staging = new FollowStaging(store.Connection);
            followsRead = FollowReader.Read(full, staging.Add);
            staging.Complete();
            followsSide = SideFile(full);
            RejectedRecordWriter.Write(followsSide, followsRead.Rejected, followsRead.Warnings);
        }

        PredictionReadResult? predictionsRead = null;
        string? predictionsSide = null;
        if (request.Predictions is { } predictions)
        {
            var full = Path.GetFullPath(predictions);
            var model = request.Model ?? Path.GetFileNameWithoutExtension(full);
            using var staging = new PredictionStaging(store.Connection, model);
            predictionsRead = PredictionReader.Read(full, staging.Add);
            staging.Complete();
            predictionsSide = SideFile(full);
            RejectedRecordWriter.Write(predictionsSide, predictionsRead.Rejected, []);
        }

        progress?.Report("merging");
        MergeCounts posts;
        MergeCounts? followCounts = null, predictionCounts = null;
        long unknownInFile, unknownInStore, predictionsUnknown = 0;
        using (var tx = store.Connection.BeginTransaction())
        {
            posts = StoreMerge.Posts(store);
            if (followsRead is not null) { progress?.Report("merging follows"); followCounts = StoreMerge.Follows(store); }
            progress?.Report("rebuilding users and reply/repost edges");
            StoreMerge.RefreshDerived(store);
            unknownInFile = Convert.ToInt64(store.Scalar(
                $"SELECT count(*) FROM post_edges e JOIN {PostStaging.Table} s ON s.post_id = e.child_id WHERE e.parent_user_id IS NULL"));
            unknownInStore = Convert.ToInt64(store.Scalar("SELECT count(*) FROM post_edges WHERE parent_user_id IS NULL"));
            progress?.Report("committing");
            if (predictionsRead is not null)
            {
                predictionCounts = StoreMerge.Predictions(store);
                predictionsUnknown = Convert.ToInt64(store.Scalar(
                    $"SELECT count(DISTINCT s.post_id) FROM {PredictionStaging.Table} s ANTI JOIN posts p ON p.post_id = s.post_id"));
            }
            tx.Commit();
        }
        progress?.Report("committed");
        store.Execute($"DROP TABLE IF EXISTS {PostStaging.Table}; DROP TABLE IF EXISTS {FollowStaging.Table}; DROP TABLE IF EXISTS {PredictionStaging.Table}");
        return new IngestReport(postsRead, postsSide, posts, unknownInFile, unknownInStore,
            followsRead, followsSide, followCounts, predictionsRead, predictionsSide, predictionCounts, predictionsUnknown,
            scrub, store.Count("posts"), store.Count("users"), clock.Elapsed);
    }

    /// <summary>The side file next to <paramref name="input"/> (never the input itself).</summary>
    public static string SideFile(string input) => input + ".rejected.jsonl";
}
