using JiebaNet.Segmenter;

namespace SocialFusion.Analytics.Topics;

/// <summary>
/// Chinese word segmentation through jieba.NET 0.42.2 (Anders Cui's port of Sun Junyi's jieba, MIT): a prefix
/// dictionary of 349,046 words gives a DAG of every dictionary word in the sentence, dynamic programming picks the
/// most probable path by word frequency, and runs of characters outside the dictionary go through jieba's
/// character HMM (Viterbi over B/M/E/S states), so new words are found too. "我今天在健身房锻炼身体" becomes
/// 我 / 今天 / 在 / 健身房 / 锻炼身体 (or 锻炼 / 身体), not eleven characters.
/// </summary>
/// <remarks>
/// jieba.NET loads <c>dict.txt</c>, <c>prob_emit.json</c> and <c>prob_trans.json</c> from a folder on disk at its first
/// use; its NuGet package carries them under <c>Resources/</c> but does not copy them. The analytics project copies
/// them (and <c>stopwords.txt</c>) to <c>jieba/</c> beside its assembly in every build output that references it, and
/// this class points jieba at that folder by absolute path (its own default, <c>Resources</c> relative to the
/// application base, would be another project's folder). Loading takes about a second and 100 MB, once per process.
/// </remarks>
public static class JiebaWords
{
    /// <summary>The files jieba's segmenter and our stop-word list need.</summary>
    public static readonly string[] RequiredFiles = ["dict.txt", "prob_emit.json", "prob_trans.json", "stopwords.txt"];

    private static readonly Lock Gate = new();
    private static JiebaSegmenter? _segmenter;

    /// <summary>Folder with jieba's files: <c>jieba/</c> beside this assembly.</summary>
    public static string ResourceFolder { get; } = Path.Combine(Path.GetDirectoryName(typeof(JiebaWords).Assembly.Location) ?? AppContext.BaseDirectory, "jieba");

    /// <summary>The segmenter, loaded on first use; a clear error naming the folder when the files are missing.</summary>
    private static JiebaSegmenter Segmenter()
    {
        if (_segmenter != null) return _segmenter;
        lock (Gate)
        {
            if (_segmenter != null) return _segmenter;
            var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(ResourceFolder, f))).ToList();
            if (missing.Count > 0)
                throw new FileNotFoundException(
                    $"jieba.NET's dictionary files are missing from {ResourceFolder} ({string.Join(", ", missing)}). They are copied there by " +
                    "building SocialFusion.Analytics (from the jieba.NET package's Resources folder); rebuild, or copy them by hand.");
            ConfigManager.ConfigFileBaseDir = ResourceFolder;
            _segmenter = new JiebaSegmenter();
            return _segmenter;
        }
    }

    /// <summary>
    /// The words of <paramref name="text"/> in order (jieba's accurate mode with the HMM for unknown words), punctuation
    /// and whitespace included as jieba returns them. Safe to call from several threads: the dictionary is read-only
    /// once loaded and each call keeps its own state.
    /// </summary>
    public static IEnumerable<string> Cut(string text) => Segmenter().Cut(text, cutAll: false, hmm: true);

    /// <summary>jieba's stop-word list (<c>stopwords.txt</c>: NLTK's 127 English stop words and about 520 Chinese function words).</summary>
    public static IReadOnlyList<string> StopWords()
    {
        var path = Path.Combine(ResourceFolder, "stopwords.txt");
        if (!File.Exists(path)) Segmenter(); // throws the error naming the folder
        return File.ReadAllLines(path).Select(l => l.Trim().TrimStart('\uFEFF')).Where(l => l.Length > 0).ToList();
    }
}
