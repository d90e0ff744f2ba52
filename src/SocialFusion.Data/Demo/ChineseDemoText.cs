using System.Text;

namespace SocialFusion.Data.Demo;

/// <summary>
/// Simplified Chinese demo text written as on Weibo: clauses joined by full-width commas, tildes, ellipses or spaces
/// with an ending that follows the mood, no space before emoji (Unicode ones and Weibo's bracketed codes such as
/// <c>[哈哈]</c>), <c>@昵称</c> mentions followed by a space, <c>t.cn</c> short links, and topics written
/// <c>#话题#</c> with the closing '#' Weibo uses, at the start of the post or at its end. Users paraphrase, pick the
/// wrong homophone from the pinyin input method now and then, and laugh or shout in repeated characters.
/// </summary>
internal sealed partial class ChineseDemoText : DemoLanguage
{
    public override string Code => "zh";
    public override IReadOnlyDictionary<string, string[]> StrongCues => StrongBank;
    public override IReadOnlyDictionary<string, string[]> WeakCues => WeakBank;
    public override IReadOnlyList<string> MisleadingTemplates => MisleadingBank;
    public override IReadOnlyDictionary<string, string> PlaceNames => PlaceBank;
    public override IReadOnlyList<string> Chatter => ChatterBank;
    public override IReadOnlyList<string> Openers => OpenerBank;
    public override IReadOnlyList<string> Positive => PositiveBank;
    public override IReadOnlyList<string> Negative => NegativeBank;
    public override IReadOnlyList<string> Neutral => NeutralBank;
    public override IReadOnlyList<string> TrendTopics => TrendBank;
    public override string Hashtag(string topic) => "#" + topic + "#";
    public override string ExtraTrendTopic(int i) => $"热点{i + 1}";
    public override string DayName(DayOfWeek day) => Weekdays[(int)day];

    public override string Compose(TextComposer.Request r, DemoRandom rng)
    {
        var u = r.User;
        var parts = Clauses(r, rng);
        var body = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.Count; i++) body.Append(rng.Pick(Joins)).Append(parts[i]);
        body.Append(rng.Pick(r.Sentiment switch { "positive" => PositiveEndings, "negative" => NegativeEndings, _ => NeutralEndings }));
        var text = new StringBuilder(Distort(Paraphrase(body.ToString(), rng), u, r.Sentiment, rng));

        if (rng.Chance(u.EmojiUse))
        {
            var set = r.Sentiment switch { "positive" => PosEmoji, "negative" => NegEmoji, _ => NeuEmoji };
            int n = 1 + rng.Next(3);
            for (int i = 0; i < n; i++) text.Append(rng.Pick(set));
        }
        if (rng.Chance(0.08)) text.Append(' ').Append(rng.Pick(Mentions)).Append(' ');
        if (rng.Chance(0.04)) text.Append(" http://t.cn/").Append(ShortLink(rng));
        var topics = new List<string>();
        if (rng.Chance(u.HashtagUse)) topics.Add(Hashtag(rng.Pick(Topics)));
        if (r.TrendTag != null) topics.Add(r.TrendTag);
        // Weibo clients put a topic chosen before writing at the front ("#话题#正文"), one added after at the end.
        foreach (var topic in topics)
        {
            if (rng.Chance(0.5)) text.Insert(0, rng.Chance(0.5) ? topic : topic + " ");
            else text.Append(' ').Append(topic);
        }
        return text.ToString().Trim();
    }

    private static string ShortLink(DemoRandom rng)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var link = new char[7];
        for (int i = 0; i < link.Length; i++) link[i] = alphabet[rng.Next(alphabet.Length)];
        return new string(link);
    }

    private static string Paraphrase(string s, DemoRandom rng)
    {
        foreach (var (word, alternatives) in Synonyms)
        {
            int at = s.IndexOf(word, StringComparison.Ordinal);
            if (at >= 0 && rng.Chance(0.4)) s = s[..at] + rng.Pick(alternatives) + s[(at + word.Length)..];
        }
        return s;
    }

    /// <summary>A wrong homophone, a shout in repeated exclamation marks, or a laugh in repeated characters.</summary>
    private static string Distort(string s, DemoUser u, string sentiment, DemoRandom rng)
    {
        if (rng.Chance(u.Typos))
        {
            var candidates = Homophones.Where(h => s.Contains(h.Right, StringComparison.Ordinal)).ToList();
            if (candidates.Count > 0)
            {
                var (right, wrong) = rng.Pick(candidates);
                int at = s.IndexOf(right, StringComparison.Ordinal);
                s = s[..at] + wrong + s[(at + right.Length)..];
            }
        }
        if (rng.Chance(0.03)) s = s.TrimEnd('。', '！', '～', '~', '…', '.') + "！！！";
        if (rng.Chance(0.05)) s += new string(sentiment switch { "positive" => '哈', "negative" => rng.Pick(['呜', '啊']), _ => rng.Pick(['哈', '啊']) }, 3 + rng.Next(5));
        return s;
    }
}
