namespace SocialFusion.Data.Posts;

/// <summary>
/// Reads posts from JSON Lines or CSV (format: <c>docs/data-format.md</c>), streaming line by line.
/// Every line ends up as a post, a rejection, or (empty lines) nothing; warnings note any change made.
/// </summary>
public static class PostReader
{
    /// <summary>Reads <paramref name="path"/>, choosing the format by extension (.jsonl/.ndjson/.json or .csv).</summary>
    public static PostReadResult Read(string path, PostReadOptions? options = null)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new IOException($"{full} is a directory, not a posts file (give a .jsonl or .csv file)");
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var folder = Path.GetDirectoryName(full) ?? ".";
        return Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" or ".json" => ReadJsonl(stream, full, folder, options),
            ".csv" => ReadCsv(stream, full, folder, options),
            var ext => throw new NotSupportedException($"{full}: unknown posts file extension '{ext}' (use .jsonl, .ndjson, .json or .csv)"),
        };
    }

    /// <summary>Reads JSON Lines from <paramref name="stream"/>; relative image paths resolve against <paramref name="baseFolder"/>.</summary>
    public static PostReadResult ReadJsonl(Stream stream, string sourceName, string baseFolder, PostReadOptions? options = null)
    {
        var session = new ReadSession(sourceName, baseFolder, options ?? PostReadOptions.Default);
        JsonlPostParser.Parse(LineSource.Lines(stream, session.Options.MaxLineBytes, sourceName), session);
        return session.Result();
    }

    /// <summary>Reads CSV from <paramref name="stream"/>; relative image paths resolve against <paramref name="baseFolder"/>.</summary>
    public static PostReadResult ReadCsv(Stream stream, string sourceName, string baseFolder, PostReadOptions? options = null)
    {
        var session = new ReadSession(sourceName, baseFolder, options ?? PostReadOptions.Default);
        CsvPostParser.Parse(LineSource.Lines(stream, session.Options.MaxLineBytes, sourceName), session);
        return session.Result();
    }
}
