using System.CommandLine;
using System.Text;
using SocialFusion.Cli.Rendering;
using SocialFusion.Data.Clip;
using SocialFusion.Training.Features;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion clip tokenize|encode</c>: inspection commands over a CLIP checkpoint, usable by scripts.</summary>
public static class ClipCommand
{
    public static Command Create()
    {
        var command = new Command("clip", "Inspect a CLIP checkpoint: tokenize texts, encode texts and images to safetensors.");
        command.Subcommands.Add(Tokenize());
        command.Subcommands.Add(Encode());
        return command;
    }

    private static Option<DirectoryInfo> Model() =>
        new("--model", "-m") { Description = "Hugging Face CLIP or Chinese-CLIP folder (kind read from config.json; config.json and the vocabulary files suffice for tokenize).", Required = true };

    private static Command Tokenize()
    {
        var model = Model();
        var input = new Option<FileInfo?>("--input", "-i") { Description = "Read texts from this UTF-8 file instead of stdin (one per line)." };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write to this file instead of stdout." };
        var raw = new Option<bool>("--raw") { Description = "Piece ids only (BPE or WordPiece): no start/end tokens, no truncation, no padding." };
        var trim = new Option<bool>("--trim") { Description = "Start, ids and end token without the padding to the context length." };
        var context = new Option<int?>("--context-length") { Description = "Context length of the padded ids (default: the checkpoint's, 77 for CLIP, 52 for Chinese-CLIP)." };
        var force = OutputGuard.ForceOption();
        var command = new Command("tokenize",
            "Texts one per line in, one JSON array of ids per line out. Default: the model input (CLIP: start, BPE ids, end, padded with 0 to 77; Chinese-CLIP: [CLS], WordPiece ids, [SEP], padded with [PAD] to 52; too long texts truncated keeping the end token).")
        {
            model, input, output, raw, trim, context, force,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(output) is { } target)
                OutputGuard.Check("--out", target.FullName, [parse.GetValue(input)?.FullName, .. ModelFiles(parse.GetRequiredValue(model))], parse.GetValue(force));
            var dir = parse.GetRequiredValue(model).FullName;
            var tokenizer = ClipCheckpointKind.ForFolder(dir).LoadTokenizer(dir);
            bool bpeOnly = parse.GetValue(raw), trimmed = parse.GetValue(trim);
            int ctx = parse.GetValue(context) ?? tokenizer.ContextLength;
            var utf8 = new UTF8Encoding(false);
            using var reader = parse.GetValue(input) is { } inFile ? new StreamReader(inFile.FullName, utf8) : new StreamReader(Console.OpenStandardInput(), utf8);
            using var writer = parse.GetValue(output) is { } outFile ? new StreamWriter(outFile.FullName, false, utf8) : new StreamWriter(Console.OpenStandardOutput(), utf8);
            writer.NewLine = "\n";
            while (reader.ReadLine() is { } line)
            {
                var padded = tokenizer.Tokenize(line, ctx);
                IEnumerable<long> ids = bpeOnly ? tokenizer.Encode(line).Select(i => (long)i)
                    : trimmed ? padded[..Math.Min(padded.Length, tokenizer.Encode(line).Length + 2)] : padded;
                writer.WriteLine("[" + string.Join(",", ids) + "]");
            }
            return 0;
        });
        return command;
    }

    private static Command Encode()
    {
        var model = Model();
        var texts = new Option<FileInfo?>("--texts", "-t") { Description = "UTF-8 file with one text per line." };
        var images = new Option<DirectoryInfo?>("--images") { Description = "Folder of images (jpg, png, webp, gif, bmp; sorted by name)." };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Output .safetensors file.", Required = true };
        var batch = new Option<int>("--batch") { Description = "Texts or images per forward pass.", DefaultValueFactory = _ => 32 };
        var force = OutputGuard.ForceOption();
        var command = new Command("encode",
            "Encode texts and/or images; write ids, pixels, last hidden states, pooled outputs, projected embeddings and logits to safetensors.")
        {
            model, texts, images, output, batch, force,
        };
        command.SetAction(parse =>
        {
            var textFile = parse.GetValue(texts);
            var imageDir = parse.GetValue(images);
            if (textFile is null && imageDir is null) throw new ArgumentException("give --texts FILE, --images DIR or both");
            var textList = textFile is null ? [] : File.ReadAllLines(textFile.FullName, Encoding.UTF8);
            if (imageDir is not null && !imageDir.Exists) throw new DirectoryNotFoundException($"image folder '{imageDir.FullName}' does not exist");
            var imageList = imageDir is null ? [] : ClipTensorExport.ImageFiles(imageDir.FullName);
            OutputGuard.Check("--out", parse.GetRequiredValue(output).FullName,
                [textFile?.FullName, .. imageList, .. ModelFiles(parse.GetRequiredValue(model))], parse.GetValue(force));
            using var clip = ClipFeatureExtractor.FromPretrained(parse.GetRequiredValue(model).FullName, new ClipExtractorOptions(BatchSize: parse.GetValue(batch)));
            var outPath = parse.GetRequiredValue(output).FullName;
            var summary = Output.WithProgress("encoding", report =>
                ClipTensorExport.Write(clip, textList, imageList, outPath, new Reporter(f => report(f, ""))));
            Console.WriteLine($"{summary.Texts} texts, {summary.Images} images -> {outPath}");
            foreach (var (key, shape) in summary.Keys.OrderBy(k => k.Key, StringComparer.Ordinal))
                Console.WriteLine($"  {key} [{string.Join(", ", shape)}]");
            return 0;
        });
        return command;
    }

    private static IEnumerable<string> ModelFiles(DirectoryInfo model) => model.Exists ? Directory.EnumerateFiles(model.FullName) : [];

    private sealed class Reporter(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
