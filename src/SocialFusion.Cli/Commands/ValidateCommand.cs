using System.CommandLine;
using SocialFusion.Cli.Rendering;
using SocialFusion.Data.Posts;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion validate</c>: reads a post file, reports every problem, writes the rejected records.</summary>
public static class ValidateCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo>("--input", "-i") { Description = "Posts file (.jsonl or .csv).", Required = true };
        var rejected = new Option<FileInfo?>("--rejected") { Description = "Where to write rejected records and warnings (default: <input>.rejected.jsonl, replaced on every run); an existing file needs --force." };
        var force = OutputGuard.ForceOption();
        var checkImages = new Option<bool>("--decode-images") { Description = "Decode every image, not just check that it exists." };
        var command = new Command("validate", "Validate a posts file: every rejected record with file, line, field and reason.") { input, rejected, checkImages, force };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(input).FullName;
            var side = parse.GetValue(rejected)?.FullName ?? path + ".rejected.jsonl";
            if (parse.GetValue(rejected) is not null) OutputGuard.Check("--rejected", side, [path], parse.GetValue(force));
            else OutputGuard.NotAnInput("--rejected", side, [path]);
            var options = new PostReadOptions { DecodeImages = parse.GetValue(checkImages) };
            var result = PostReader.Read(path, options);
            RejectedRecordWriter.Write(side, result);
            Console.WriteLine(result.Summary);
            foreach (var r in result.Rejected.Take(20))
                Console.WriteLine($"  rejected {r.File}:{r.Line} {r.Field ?? "-"}: {r.Reason}");
            if (result.Rejected.Count > 20) Console.WriteLine($"  ... {result.Rejected.Count - 20} more");
            Console.WriteLine($"rejected records and warnings written to {side}");
            return result.Rejected.Count == 0 ? 0 : 3;
        });
        return command;
    }
}
