namespace SocialFusion.Analytics.Topics;

/// <summary>
/// Which words make the vocabulary. Reference: a word must occur in at least 2 documents and in at most half of them
/// (a word in most posts separates nothing), at most 50,000 words (the most frequent, ties by ordinal order).
/// </summary>
/// <param name="MinDocumentFrequency">Fewest documents a word must occur in.</param>
/// <param name="MaxDocumentShare">Largest share of documents a word may occur in.</param>
/// <param name="MaxVocabulary">Most words kept (by document frequency).</param>
public sealed record VocabularyConfig(int MinDocumentFrequency = 2, double MaxDocumentShare = 0.5, int MaxVocabulary = 50_000)
{
    /// <summary>The reference setting.</summary>
    public static VocabularyConfig Reference { get; } = new();
}

/// <summary>
/// Term counts of a corpus as a sparse matrix (compressed sparse rows), in a canonical order that does not depend on
/// the order documents arrived in: rows sorted by document id (ordinal), the vocabulary sorted by ordinal word order,
/// columns ascending within a row. Everything computed from it (seeding, sums, ties) is therefore order-invariant.
/// Memory: the id, time and user of each document, and one (column, count) pair per distinct word of a document.
/// </summary>
public sealed class TermDocumentMatrix
{
    /// <summary>Vocabulary, ordinal order; column j is <c>Terms[j]</c>.</summary>
    public required string[] Terms { get; init; }
    /// <summary>Documents in which each term occurs.</summary>
    public required int[] DocumentFrequency { get; init; }
    /// <summary>Document ids, ordinal order; row i is <c>Ids[i]</c>.</summary>
    public required string[] Ids { get; init; }
    /// <summary>Creation time of each document (UTC ticks).</summary>
    public required long[] Ticks { get; init; }
    /// <summary>Author of each document (index into <see cref="Users"/>).</summary>
    public required int[] UserIndex { get; init; }
    /// <summary>Distinct authors.</summary>
    public required string[] Users { get; init; }
    /// <summary>Row i spans <c>Columns[RowStart[i]..RowStart[i+1]]</c>.</summary>
    public required int[] RowStart { get; init; }
    /// <summary>Column (term) of each stored entry.</summary>
    public required int[] Columns { get; init; }
    /// <summary>Count of each stored entry.</summary>
    public required int[] Counts { get; init; }
    /// <summary>Words seen before the vocabulary was pruned.</summary>
    public required int WordsSeen { get; init; }

    /// <summary>Documents (rows).</summary>
    public int Documents => Ids.Length;

    /// <summary>Row <paramref name="i"/>'s entries.</summary>
    public (ReadOnlyMemory<int> Columns, ReadOnlyMemory<int> Counts) Row(int i) =>
        (Columns.AsMemory(RowStart[i], RowStart[i + 1] - RowStart[i]), Counts.AsMemory(RowStart[i], RowStart[i + 1] - RowStart[i]));
}

/// <summary>
/// Builds a <see cref="TermDocumentMatrix"/> one document at a time (documents in any order): words get provisional
/// ids as they appear; <see cref="Build"/> prunes the vocabulary, renumbers words in ordinal order and sorts the rows
/// by document id.
/// </summary>
public sealed class TermDocumentBuilder
{
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    private readonly List<int> _df = [];
    private readonly Dictionary<string, int> _userIds = new(StringComparer.Ordinal);
    private readonly List<string> _users = [];
    private readonly List<string> _ids = [];
    private readonly List<long> _ticks = [];
    private readonly List<int> _docUser = [];
    private readonly List<int> _rowStart = [0];
    private readonly List<int> _columns = [];
    private readonly List<int> _counts = [];
    private readonly HashSet<string> _seenIds = new(StringComparer.Ordinal);

    /// <summary>Documents added so far.</summary>
    public int Documents => _ids.Count;

    /// <summary>Adds a document; a repeated id is an error naming it (ids are the canonical order).</summary>
    public void Add(string id, long ticks, string user, IReadOnlyList<string> words)
    {
        if (!_seenIds.Add(id)) throw new ArgumentException($"document '{id}' was added twice; document ids must be unique.");
        var counts = new SortedDictionary<int, int>();
        foreach (var w in words)
        {
            if (!_termIds.TryGetValue(w, out int t)) { t = _termIds[w] = _terms.Count; _terms.Add(w); _df.Add(0); }
            counts[t] = counts.GetValueOrDefault(t) + 1;
        }
        foreach (var (t, c) in counts) { _df[t]++; _columns.Add(t); _counts.Add(c); }
        _rowStart.Add(_columns.Count);
        if (!_userIds.TryGetValue(user, out int u)) { u = _userIds[user] = _users.Count; _users.Add(user); }
        _ids.Add(id); _ticks.Add(ticks); _docUser.Add(u);
    }

    /// <summary>The pruned, canonically ordered matrix.</summary>
    public TermDocumentMatrix Build(VocabularyConfig? config = null)
    {
        config ??= VocabularyConfig.Reference;
        int n = _ids.Count;
        double maxDf = config.MaxDocumentShare * n;
        var kept = Enumerable.Range(0, _terms.Count)
            .Where(t => _df[t] >= config.MinDocumentFrequency && _df[t] <= maxDf)
            .OrderByDescending(t => _df[t]).ThenBy(t => _terms[t], StringComparer.Ordinal)
            .Take(config.MaxVocabulary)
            .OrderBy(t => _terms[t], StringComparer.Ordinal).ToArray();
        var newId = Enumerable.Repeat(-1, _terms.Count).ToArray();
        for (int j = 0; j < kept.Length; j++) newId[kept[j]] = j;

        var order = Enumerable.Range(0, n).ToArray();
        var ids = _ids.ToArray();
        Array.Sort(order, (a, b) => string.CompareOrdinal(ids[a], ids[b]));
        // Users renumbered by first appearance in canonical order, so even the user table is order-invariant.
        var userNew = Enumerable.Repeat(-1, _users.Count).ToArray();
        var users = new List<string>();
        var rowStart = new int[n + 1];
        var columns = new List<int>(_columns.Count);
        var counts = new List<int>(_counts.Count);
        var entries = new List<(int Col, int Count)>();
        for (int r = 0; r < n; r++)
        {
            int i = order[r];
            if (userNew[_docUser[i]] < 0) { userNew[_docUser[i]] = users.Count; users.Add(_users[_docUser[i]]); }
            entries.Clear();
            for (int e = _rowStart[i]; e < _rowStart[i + 1]; e++)
                if (newId[_columns[e]] >= 0) entries.Add((newId[_columns[e]], _counts[e]));
            entries.Sort((a, b) => a.Col.CompareTo(b.Col));
            foreach (var (c, k) in entries) { columns.Add(c); counts.Add(k); }
            rowStart[r + 1] = columns.Count;
        }
        return new TermDocumentMatrix
        {
            Terms = kept.Select(t => _terms[t]).ToArray(), DocumentFrequency = kept.Select(t => _df[t]).ToArray(),
            Ids = order.Select(i => ids[i]).ToArray(), Ticks = order.Select(i => _ticks[i]).ToArray(),
            UserIndex = order.Select(i => userNew[_docUser[i]]).ToArray(), Users = [.. users],
            RowStart = rowStart, Columns = [.. columns], Counts = [.. counts], WordsSeen = _terms.Count,
        };
    }
}
