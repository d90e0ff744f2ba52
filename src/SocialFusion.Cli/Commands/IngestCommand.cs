using System.CommandLine;
using SocialFusion.Analytics.Ingest;
using SocialFusion.Data.Posts;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion ingest</c>: posts, follow edges and predictions into the analytics store, idempotently.</summary>
public static class IngestCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var input = new Option<FileInfo>("--input", "-i") { Description = "Posts file (.jsonl or .csv).", Required = true };
        var follows = new Option<FileInfo?>("--follows") { Description = "Follow-edge CSV (header follower,followee[,weight][,created_at]; docs/data-format.md)." };
        var predictions = new Option<FileInfo?>("--predictions") { Description = "Predictions JSONL written by `socialfusion predict`." };
        var model = new Option<string?>("--model-name") { Description = "Name to store the predictions under (default: the predictions file name without extension)." };
        var scrub = new Option<bool>("--scrub") { Description = "Replace e-mails, phone numbers, URLs and @mentions in stored text with [EMAIL], [PHONE], [URL], [MENTION]." };
        var command = new Command("ingest", "Load posts (and follows, predictions) into the analytics store: idempotent by id, changed posts updated, rejected records to a side file.")
        {
            input, follows, predictions, model, scrub,
        };
        store.AddTo(command, withKey: false);
        command.SetAction(parse =>
        {
            using var db = store.Open(parse);
            var request = new IngestRequest(parse.GetRequiredValue(input).FullName, parse.GetValue(follows)?.FullName,
                parse.GetValue(predictions)?.FullName, parse.GetValue(model), parse.GetValue(scrub));
            var r = StoreIngest.Run(db, request, new Training.SyncProgress<string>(s => Console.Error.WriteLine(s)));
            Console.WriteLine($"posts: {r.PostsRead.Summary}");
            Rejected(r.PostsRead.Rejected);
            Console.WriteLine($"  {r.Posts}; side file {r.PostsSideFile}");
            Console.WriteLine($"  replies/reposts with unknown parent (kept): {r.UnknownParentsInFile} from this file, {r.UnknownParentsInStore} in the store");
            if (r.Scrubbed is { } s) Console.WriteLine($"  scrubbed: {s}");
            if (r.FollowsRead is { } f)
            {
                Console.WriteLine($"follows: read {f.LinesRead} lines: {f.Accepted} edges, {f.Rejected.Count} rejected, {f.Warnings.Count} warnings");
                Rejected(f.Rejected);
                Console.WriteLine($"  {r.Follows}; side file {r.FollowsSideFile}");
            }
            if (r.PredictionsRead is { } p)
            {
                Console.WriteLine($"predictions: read {p.LinesRead} lines: {p.Posts} posts ({p.Rows} rows), {p.Rejected.Count} rejected");
                Rejected(p.Rejected);
                Console.WriteLine($"  {r.Predictions} posts; {r.PredictionsForUnknownPosts} for posts not in the store (kept); side file {r.PredictionsSideFile}");
            }
            Console.WriteLine($"store {db.Path}: {r.StorePosts} posts, {r.StoreUsers} users ({r.Elapsed.TotalSeconds:F1} s)");
            return 0;
        });
        return command;
    }

    private static void Rejected(IReadOnlyList<RejectedRecord> rejected)
    {
        foreach (var r in rejected.Take(10)) Console.WriteLine($"  rejected {r.File}:{r.Line} {r.Field ?? "-"}: {r.Reason}");
        if (rejected.Count > 10) Console.WriteLine($"  ... {rejected.Count - 10} more");
    }
}
