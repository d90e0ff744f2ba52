namespace SocialFusion.Data.Demo;

/// <summary>
/// A language of the demo posts: its phrase banks (strong and weak location cues, lines that point at another place,
/// chatter, sentiment) and how a post is written in it (<see cref="Compose"/>: punctuation, emoji, mentions, links,
/// hashtag style, paraphrases and the slips its users make). What a post says is decided the same way in every
/// language (<see cref="Clauses"/>); only the wording and the layout differ.
/// </summary>
public abstract class DemoLanguage
{
    /// <summary>English, the default (the text of generator 1.0.0, unchanged).</summary>
    public static DemoLanguage English { get; } = new EnglishDemoText();

    /// <summary>Simplified Chinese written as on Weibo.</summary>
    public static DemoLanguage Chinese { get; } = new ChineseDemoText();

    /// <summary>Every language the generator writes, default first.</summary>
    public static IReadOnlyList<DemoLanguage> All { get; } = [English, Chinese];

    /// <summary>The language with this <see cref="Code"/>; <see cref="ArgumentException"/> listing the known codes otherwise.</summary>
    public static DemoLanguage FromCode(string code) =>
        All.FirstOrDefault(l => l.Code == code)
        ?? throw new ArgumentException($"unknown demo language '{code}' (known: {string.Join(", ", All.Select(l => l.Code))})", nameof(code));

    /// <summary>ISO 639-1 code ("en", "zh").</summary>
    public abstract string Code { get; }

    /// <summary>Strong cues per location: phrases that name what one does there.</summary>
    public abstract IReadOnlyDictionary<string, string[]> StrongCues { get; }
    /// <summary>Weak cues per location: shared or vague hints a model has to combine with time or image.</summary>
    public abstract IReadOnlyDictionary<string, string[]> WeakCues { get; }
    /// <summary>Templates with <c>{0}</c> for another place ("wish I was at {0}").</summary>
    public abstract IReadOnlyList<string> MisleadingTemplates { get; }
    /// <summary>How the misleading templates name each location.</summary>
    public abstract IReadOnlyDictionary<string, string> PlaceNames { get; }
    /// <summary>Chatter without a location cue; <c>{day}</c> is the weekday.</summary>
    public abstract IReadOnlyList<string> Chatter { get; }
    /// <summary>Sentence openers (empty ones keep most posts plain).</summary>
    public abstract IReadOnlyList<string> Openers { get; }
    /// <summary>Sentiment clauses; neutral may be empty.</summary>
    public abstract IReadOnlyList<string> Positive { get; }
    /// <inheritdoc cref="Positive"/>
    public abstract IReadOnlyList<string> Negative { get; }
    /// <inheritdoc cref="Positive"/>
    public abstract IReadOnlyList<string> Neutral { get; }
    /// <summary>
    /// Topics of the planted trend bursts, in the same order in every language (entry i is the same event), so a
    /// collection in another language plants the translated tag in the same window.
    /// </summary>
    public abstract IReadOnlyList<string> TrendTopics { get; }

    /// <summary>A topic written as a hashtag in this language's style ("#mood", Weibo "#心情#").</summary>
    public abstract string Hashtag(string topic);

    /// <summary>Topic of the i-th trend burst once <see cref="TrendTopics"/> are used up.</summary>
    public abstract string ExtraTrendTopic(int i);

    /// <summary>The weekday as the chatter writes it.</summary>
    public abstract string DayName(DayOfWeek day);

    /// <summary>Writes the text of one post.</summary>
    public abstract string Compose(TextComposer.Request r, DemoRandom rng);

    /// <summary>
    /// What the post says, the same in every language: an opener and the cue clause (a strong or weak cue, chatter for
    /// uninformative text, a line about another place for misleading text), for verbose users a second clause (another
    /// weak cue or chatter), then the sentiment clause unless it is empty.
    /// </summary>
    protected List<string> Clauses(TextComposer.Request r, DemoRandom rng)
    {
        var parts = new List<string>();
        string core = r.Kind switch
        {
            TextComposer.MisleadingKind => string.Format(rng.Pick(MisleadingTemplates), PlaceNames[r.MisleadTo!]),
            TextComposer.Uninformative => rng.Pick(Chatter).Replace("{day}", DayName(r.Day)),
            _ => rng.Chance(0.55) ? rng.Pick(StrongCues[r.Location]) : rng.Pick(WeakCues[r.Location]),
        };
        parts.Add(rng.Pick(Openers) + core);
        if (rng.Chance(r.User.Verbosity))
            parts.Add(r.Kind == TextComposer.Informative && rng.Chance(0.5) ? rng.Pick(WeakCues[r.Location])
                : rng.Pick(Chatter).Replace("{day}", DayName(r.Day)));
        string mood = r.Sentiment switch { "positive" => rng.Pick(Positive), "negative" => rng.Pick(Negative), _ => rng.Pick(Neutral) };
        if (mood.Length > 0) parts.Add(mood);
        return parts;
    }
}
