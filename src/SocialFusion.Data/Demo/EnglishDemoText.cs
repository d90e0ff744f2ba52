using System.Text;

namespace SocialFusion.Data.Demo;

/// <summary>
/// English demo text (generator 1.0.0, byte for byte): clauses joined by a comma, dash, ellipsis or space, then emoji,
/// @mentions, links and <c>#word</c> hashtags, synonym swaps on common words, and now and then a typo (swapped
/// letters), ALL CAPS or an elongated vowel. Cues are spread over many paraphrases so no single word gives the
/// location away.
/// </summary>
internal sealed class EnglishDemoText : DemoLanguage
{
    private static readonly Dictionary<string, string[]> StrongBank = new()
    {
        ["home"] = ["finally back on my own couch", "lazy evening on the sofa", "cleaning the flat all day", "home sweet home", "in my pyjamas watching series", "cooking in my tiny kitchen", "the living room is a mess again", "staying in tonight"],
        ["school"] = ["lecture hall is freezing", "the teacher gave us a pop quiz", "group project meeting after class", "stuck in the library studying", "exam week is killing me", "chemistry lab ran late", "waiting for the bell", "homework pile on my desk at campus"],
        ["workplace"] = ["back-to-back meetings at the office", "my inbox at work is on fire", "boss wants the report by five", "coffee machine on our floor broke", "standup ran long again", "open-plan office noise", "deadline crunch with the team", "badge in, laptop open"],
        ["restaurant"] = ["the waiter recommended the special", "dinner reservation for two", "this pasta place is packed", "ordered way too many starters", "tasting menu tonight", "the chef came out to say hi", "splitting the bill with friends", "best ramen in town"],
        ["gym"] = ["leg day done", "new deadlift PR", "treadmill for 40 minutes", "spin class destroyed me", "the squat rack is always taken", "pre-workout kicking in", "sweaty set after sweaty set", "locker room selfie skipped"],
        ["park"] = ["walking the dog under the trees", "picnic on the grass", "feeding ducks by the pond", "sunny bench, good book", "jogging loop around the lawn", "kids on the swings", "autumn leaves everywhere on the path", "frisbee in the meadow"],
        ["shopping"] = ["queue at the checkout is endless", "found the perfect jacket on sale", "mall is crowded today", "grocery run done", "trying on shoes for an hour", "shopping bags everywhere", "the sale rack won again", "window shopping downtown"],
        ["transit"] = ["train delayed again", "stuck on the bus", "missed my connection", "platform is packed", "subway smells like rain", "tram has no seats left", "commute podcast time", "signal failure on the line"],
        ["beach"] = ["sand in everything", "waves are perfect today", "sunscreen and a towel", "sunset over the sea", "swimming till my fingers wrinkle", "beach volleyball with the crew", "salty hair, no care", "building sandcastles"],
        ["cafe"] = ["flat white and a croissant", "barista drew a heart in my latte", "working from the coffee shop", "oat milk cappuccino", "corner table by the espresso bar", "cold brew kind of morning", "cafe playlist is a vibe", "pastry case is dangerous"],
    };

    // Weak cues hint at a place but are shared or vague (a model must combine them with time or image).
    private static readonly Dictionary<string, string[]> WeakBank = new()
    {
        ["home"] = ["finally some quiet", "laundry never ends", "neighbours are loud", "ordering takeout"],
        ["school"] = ["so many notes to copy", "prof is late", "need to cram", "sitting in the back row"],
        ["workplace"] = ["another spreadsheet", "printer jammed", "calendar is full", "quick call in five"],
        ["restaurant"] = ["food here is great", "dessert menu looks good", "table by the window", "waiting for our order"],
        ["gym"] = ["muscles are sore", "need a protein shake", "cardio done", "sweating buckets"],
        ["park"] = ["fresh air helps", "birds are loud today", "nice breeze out here", "the dog is so happy"],
        ["shopping"] = ["spent too much again", "couldn't find my size", "so many choices", "receipt is long"],
        ["transit"] = ["running late", "crowded as always", "headphones on", "almost at my stop"],
        ["beach"] = ["so much sun", "water is cold", "vacation mode", "need more sunscreen"],
        ["cafe"] = ["caffeine needed", "third coffee today", "smells like coffee in here", "tiny table, big laptop"],
    };

    private static readonly string[] MisleadingBank =
        ["wish I was at {0} right now", "can't stop thinking about {0}", "missing {0} so much", "tomorrow: {0}!!", "throwback to {0} last week", "dreaming of {0}"];
    private static readonly Dictionary<string, string> PlaceBank = new()
    {
        ["home"] = "my own bed", ["school"] = "campus", ["workplace"] = "the office", ["restaurant"] = "that sushi place",
        ["gym"] = "the gym", ["park"] = "the park", ["shopping"] = "the mall", ["transit"] = "the train", ["beach"] = "the beach", ["cafe"] = "my favourite cafe",
    };

    private static readonly string[] ChatterBank =
        ["what a day", "can't believe it's already {day}", "anyone watching the game tonight", "new song on repeat", "thinking about life", "random thought of the day",
         "mood", "lol this", "does anyone else feel this way", "need a vacation", "my phone is dying", "so tired", "ok but why", "big news soon",
         "feeling something today", "weekend plans anyone?", "this weather though", "just vibing", "who's up", "update: nothing happened"];
    private static readonly string[] OpenerBank = ["", "", "", "honestly ", "ugh ", "okay so ", "me: ", "not gonna lie, ", "so yeah, ", "currently: "];
    private static readonly string[] PositiveBank = ["love it", "best day", "so happy", "amazing", "feeling great", "can't complain", "good vibes", "this made my day"];
    private static readonly string[] NegativeBank = ["hate this", "worst", "so annoyed", "terrible", "not ok", "ruined my mood", "why me", "exhausted and grumpy"];
    private static readonly string[] NeutralBank = ["", "", "as usual", "anyway", "fine I guess", "noted"];
    private static readonly string[] PosEmoji = ["😊", "😍", "🎉", "✨", "👍", "😄", "❤️", "🙌"];
    private static readonly string[] NegEmoji = ["😩", "😡", "😭", "🙄", "😤", "💀"];
    private static readonly string[] NeuEmoji = ["🤷", "👀", "😐", "🫠", "🤔"];
    private static readonly string[] Tags = ["#mood", "#life", "#tbt", "#monday", "#weekend", "#nofilter", "#random", "#daily", "#photooftheday", "#vibes", "#goals", "#blessed"];
    private static readonly string[] Mentions = ["@alex", "@sam_k", "@jo", "@maria.l", "@dev", "@kim", "@the_crew", "@nina"];

    // Synonym slots: each listed word may be swapped for a paraphrase, multiplying the surface forms of every template.
    private static readonly Dictionary<string, string[]> Synonyms = new()
    {
        ["so"] = ["really", "super", "sooo", "very"], ["again"] = ["once more", "as always", "AGAIN"], ["today"] = ["rn", "this morning", "tonight", "2day"],
        ["finally"] = ["at last", "fiiinally"], ["great"] = ["awesome", "lovely", "fantastic", "gr8"], ["tired"] = ["wiped out", "sleepy", "drained"],
        ["best"] = ["greatest", "top", "nicest"], ["love"] = ["adore", "luv", "really like"], ["new"] = ["fresh", "brand new"],
        ["friends"] = ["the gang", "mates", "my people"], ["packed"] = ["rammed", "full", "crowded"], ["all"] = ["the whole"],
        ["need"] = ["could use", "want", "gotta get"], ["my"] = ["my", "my own"], ["the"] = ["the", "this", "that"],
        ["worst"] = ["awful", "the pits", "dreadful"], ["annoyed"] = ["irritated", "fed up", "cross"], ["amazing"] = ["incredible", "unreal", "so good"],
    };

    private static readonly string[] TrendBank = ["heatwave", "finals", "citymarathon", "blackfriday", "festival", "transitstrike", "newphone", "firstsnow", "derby", "bookfair"];

    public override string Code => "en";
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
    public override string Hashtag(string topic) => "#" + topic;
    public override string ExtraTrendTopic(int i) => $"trend{i}";
    public override string DayName(DayOfWeek day) => day.ToString().ToLowerInvariant();

    private static string Paraphrase(string s, DemoRandom rng)
    {
        var words = s.Split(' ');
        for (int i = 0; i < words.Length; i++)
            if (Synonyms.TryGetValue(words[i], out var alts) && !(i + 1 < words.Length && words[i + 1] == "yeah,") && rng.Chance(0.4))
                words[i] = rng.Pick(alts);
        return string.Join(' ', words);
    }

    public override string Compose(TextComposer.Request r, DemoRandom rng)
    {
        var u = r.User;
        var parts = Clauses(r, rng);
        var text = new StringBuilder(string.Join(rng.Pick([", ", " - ", "... ", " "]), parts));
        if (rng.Chance(u.EmojiUse))
        {
            var set = r.Sentiment switch { "positive" => PosEmoji, "negative" => NegEmoji, _ => NeuEmoji };
            int n = 1 + rng.Next(3);
            text.Append(' ');
            for (int i = 0; i < n; i++) text.Append(rng.Pick(set));
        }
        if (rng.Chance(0.08)) text.Append(' ').Append(rng.Pick(Mentions));
        if (rng.Chance(0.04)) text.Append(" https://t.example/").Append(rng.Next(100000, 999999));
        if (rng.Chance(u.HashtagUse)) text.Append(' ').Append(rng.Pick(Tags));
        if (r.TrendTag != null) text.Append(' ').Append(r.TrendTag);
        return Distort(Paraphrase(text.ToString(), rng), u, rng);
    }

    /// <summary>Typos, ALL CAPS and elongations, as real users do now and then.</summary>
    private static string Distort(string s, DemoUser u, DemoRandom rng)
    {
        if (rng.Chance(u.Typos) && s.Length > 6)
        {
            int i = rng.Next(1, s.Length - 2);
            if (char.IsLetter(s[i]) && char.IsLetter(s[i + 1])) s = s[..i] + s[i + 1] + s[i] + s[(i + 2)..];
        }
        if (rng.Chance(0.03)) s = s.ToUpperInvariant();
        if (rng.Chance(0.05))
        {
            int i = s.IndexOfAny(['o', 'a', 'e']);
            if (i >= 0) s = s[..i] + new string(s[i], 3 + rng.Next(4)) + s[(i + 1)..];
        }
        return s;
    }
}
