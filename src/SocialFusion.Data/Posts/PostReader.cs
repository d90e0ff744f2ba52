namespace SocialFusion.Data.Posts;

/// <summary>
/// Reads posts from JSON Lines or CSV (format: <c>docs/data-format.md</c>), streaming line by line.
/// Every line ends up as a post, a rejection, or (empty lines) nothing; warnings note any change made.
/// </summary>
public static class PostReader
{
    /// <summary>Reads <paramref name="path"/>, choosing the format by extension (.jsonl/.ndjson/.json or .csv).</summary>
    public static PostReadResult Read(string path, PostReadOptions? options = null) => Read(path, options, null);

    /// <summary>
    /// Reads <paramref name="path"/> like <see cref="Read(string, PostReadOptions?)"/> but hands every accepted post to
    /// <paramref name="onPost"/> as it is read instead of keeping it: memory stays flat for files of any size (only
    /// the ids seen so far are kept, for the duplicate check). The result's <see cref="PostReadResult.Posts"/> is empty.
    /// </summary>
    public static PostReadResult Stream(string path, Action<Post> onPost, PostReadOptions? options = null) =>
        Read(path, options, onPost ?? throw new ArgumentNullException(nameof(onPost)));

    private static PostReadResult Read(string path, PostReadOptions? options, Action<Post>? sink)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
            throw new IOException($"{full} is a directory, not a posts file (give a .jsonl or .csv file)");
        using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var folder = Path.GetDirectoryName(full) ?? ".";
        return Path.GetExtension(full).ToLowerInvariant() switch
        {
            ".jsonl" or ".ndjson" or ".json" => Parse(JsonlPostParser.Parse, stream, full, folder, options, sink),
            ".csv" => Parse(CsvPostParser.Parse, stream, full, folder, options, sink),
            var ext => throw new NotSupportedException($"{full}: unknown posts file extension '{ext}' (use .jsonl, .ndjson, .json or .csv)"),
        };
    }

    /// <summary>Reads JSON Lines from <paramref name="stream"/>; relative image paths resolve against <paramref name="baseFolder"/>.</summary>
    public static PostReadResult ReadJsonl(Stream stream, string sourceName, string baseFolder, PostReadOptions? options = null) =>
        Parse(JsonlPostParser.Parse, stream, sourceName, baseFolder, options, null);

    /// <summary>Reads CSV from <paramref name="stream"/>; relative image paths resolve against <paramref name="baseFolder"/>.</summary>
    public static PostReadResult ReadCsv(Stream stream, string sourceName, string baseFolder, PostReadOptions? options = null) =>
        Parse(CsvPostParser.Parse, stream, sourceName, baseFolder, options, null);

    private static PostReadResult Parse(Action<IEnumerable<RawLine>, ReadSession> parser, Stream stream, string sourceName,
        string baseFolder, PostReadOptions? options, Action<Post>? sink)
    {
        var session = new ReadSession(sourceName, baseFolder, options ?? PostReadOptions.Default, sink);
        parser(LineSource.Lines(stream, session.Options.MaxLineBytes, sourceName), session);
        return session.Result();
    }
}

