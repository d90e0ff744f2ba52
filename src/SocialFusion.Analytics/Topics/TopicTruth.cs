using System.Text.Json;
using SocialFusion.Analytics.Evaluation;

namespace SocialFusion.Analytics.Topics;

/// <summary>Agreement of the topics with one planted labelling of the posts.</summary>
/// <param name="Truth">Which planted label: see <see cref="TopicTruth"/>.</param>
/// <param name="Posts">Posts scored.</param>
/// <param name="Classes">Distinct planted labels among them.</param>
/// <param name="Nmi">Normalised mutual information (arithmetic mean).</param>
/// <param name="Ari">Adjusted Rand index.</param>
/// <param name="Purity">Share of posts whose topic's most common planted label is their own.</param>
public sealed record TopicAgreement(string Truth, int Posts, int Classes, double Nmi, double Ari, double Purity);

/// <summary>
/// What the demo generator planted in a post's text (<c>truth/post_noise.jsonl</c> beside the store's location labels)
/// and the topics' agreement with it. The demo's texts are written from a location cue (strong or weak paraphrase),
/// generic chatter (uninformative), or a line naming another place (misleading), plus a sentiment clause, emoji and
/// generic hashtags that carry no topic; so the planted topic of a text is a place:
/// <list type="bullet">
/// <item><c>location (informative posts)</c>: the location label of posts whose text has a cue for it (neither
/// uninformative nor misleading): the one semantic theme the generator plants.</item>
/// <item><c>text theme (all texted posts)</c>: what the text talks about: the location for informative posts, the place
/// named for misleading ones, and "chatter" for uninformative ones.</item>
/// </list>
/// Hashtags are not a usable truth: the demo's tags (<c>#mood</c>, <c>#tbt</c>) are drawn independently of the text, and
/// trend tags only mark a time window.
/// </summary>
public static class TopicTruth
{
    /// <summary>A post's noise flags as the generator wrote them.</summary>
    public readonly record struct Flags(bool Uninformative, bool Misleading, bool Textless, string? MisleadingTo);

    /// <summary>Reads <c>truth/post_noise.jsonl</c>; a malformed line is an error naming file and line.</summary>
    public static Dictionary<string, Flags> ReadNoise(string path)
    {
        var flags = new Dictionary<string, Flags>(StringComparer.Ordinal);
        int line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try
            {
                using var doc = JsonDocument.Parse(text);
                var r = doc.RootElement;
                var to = r.TryGetProperty("misleading_to", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                flags[r.GetProperty("id").GetString()!] = new Flags(r.GetProperty("uninformative_text").GetBoolean(),
                    r.GetProperty("misleading_text").GetBoolean(), r.GetProperty("textless").GetBoolean(), to);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"{path}:{line}: not a post_noise record ({e.Message}).", e);
            }
        }
        return flags;
    }

    /// <summary>
    /// Scores <paramref name="topics"/> (post id to topic) against both planted labellings, over the posts that the
    /// topics, the noise file and the location labels all cover.
    /// </summary>
    public static IReadOnlyList<TopicAgreement> Score(IReadOnlyDictionary<string, int> topics, IReadOnlyDictionary<string, Flags> noise,
        IReadOnlyDictionary<string, string> locations)
    {
        var informative = new Dictionary<string, string>(StringComparer.Ordinal);
        var theme = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, _) in topics)
        {
            if (!noise.TryGetValue(id, out var f) || f.Textless || !locations.TryGetValue(id, out var loc)) continue;
            if (f.Uninformative) theme[id] = "chatter";
            else if (f.Misleading) theme[id] = f.MisleadingTo ?? "chatter";
            else { informative[id] = loc; theme[id] = loc; }
        }
        return [Agreement("location (informative posts)", topics, informative), Agreement("text theme (all texted posts)", topics, theme)];
    }

    private static TopicAgreement Agreement(string name, IReadOnlyDictionary<string, int> topics, Dictionary<string, string> truth)
    {
        if (truth.Count == 0) return new TopicAgreement(name, 0, 0, double.NaN, double.NaN, double.NaN);
        var mine = truth.Keys.ToDictionary(id => id, id => topics[id], StringComparer.Ordinal);
        long majority = mine.GroupBy(p => p.Value)
            .Sum(g => g.GroupBy(p => truth[p.Key]).Max(h => (long)h.Count()));
        return new TopicAgreement(name, truth.Count, truth.Values.Distinct().Count(),
            PartitionAgreement.NormalizedMutualInformation(mine, truth), PartitionAgreement.AdjustedRandIndex(mine, truth), majority / (double)truth.Count);
    }
}
