using SocialFusion.Training.Experiments;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SocialFusion.Data.Posts;
using SocialFusion.Training.Retrieval;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion search</c>: text to images, image to texts, or post to similar posts, with cosine scores.</summary>
public static class SearchCommand
{
    public static Command Create()
    {
        var indexOpt = new Option<FileInfo>("--index", "-i") { Description = "Index file written by 'socialfusion index'.", Required = true };
        var text = new Option<string?>("--text") { Description = "Find posts whose IMAGE matches this text." };
        var image = new Option<FileInfo?>("--image") { Description = "Find posts whose TEXT matches this image file." };
        var like = new Option<string?>("--like") { Description = "Find posts similar to this post id (text and image together)." };
        var k = new Option<int>("-k") { Description = "Number of results.", DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print results as JSON." };
        var command = new Command("search", "Search an index across modalities.") { indexOpt, text, image, like, k, json };
        command.Validators.Add(r =>
        {
            int given = (r.GetValue(text) is null ? 0 : 1) + (r.GetValue(image) is null ? 0 : 1) + (r.GetValue(like) is null ? 0 : 1);
            if (given != 1) r.AddError("Give exactly one of --text, --image or --like.");
        });
        command.SetAction(parse =>
        {
            using var index = PostIndex.Load(parse.GetRequiredValue(indexOpt).FullName);
            int top = parse.GetValue(k);
            IReadOnlyList<PostHit> hits;
            string mode;
            if (parse.GetValue(like) is { } id) { hits = index.Similar(id, top); mode = $"posts similar to {id}"; }
            else
            {
                var extractor = ExperimentFeatures.OpenExtractor(index.Metadata.ExtractorKind, index.Metadata.ExtractorFolder);
                using var disposable = extractor as IDisposable;
                if (extractor.Fingerprint != index.Metadata.Fingerprint)
                    throw new InvalidDataException($"The encoder in {index.Metadata.ExtractorFolder} is not the one the index was built with (fingerprint differs); rebuild the index.");
                var embedder = new QueryEmbedder(extractor);
                if (parse.GetValue(text) is { } q) { hits = index.ImagesForText(embedder.Text(q), top); mode = $"images matching \"{q}\""; }
                else { var f = parse.GetValue(image)!; hits = index.TextsForImage(embedder.Image(f.FullName), top); mode = $"texts matching {f.Name}"; }
            }
            var posts = LoadPosts(index.Metadata.DataPath);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(hits.Select((h, i) => new { rank = i + 1, post_id = h.PostId, score = h.Score,
                    text = posts?.GetValueOrDefault(h.PostId)?.Text, images = posts?.GetValueOrDefault(h.PostId)?.Images })));
                return 0;
            }
            var table = new Table().Title(Markup.Escape(mode)).AddColumns("#", "post", "score", "text", "image");
            for (int i = 0; i < hits.Count; i++)
            {
                var p = posts?.GetValueOrDefault(hits[i].PostId);
                var t = p?.Text ?? "";
                table.AddRow((i + 1).ToString(), Markup.Escape(hits[i].PostId), hits[i].Score.ToString("F3", CultureInfo.InvariantCulture),
                    Markup.Escape(t.Length > 60 ? t[..59] + "…" : t), Markup.Escape(p?.Images.FirstOrDefault() is { } img ? Path.GetFileName(img) : ""));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The indexed posts for display, when the posts file is still where it was.</summary>
    private static Dictionary<string, Post>? LoadPosts(string? path)
    {
        if (path is null || !File.Exists(path)) return null;
        return PostReader.Read(path, new PostReadOptions { RequireImageFiles = false }).Posts.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }
}
