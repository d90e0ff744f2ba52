using FsCheck;
using FsCheck.Fluent;
using SocialFusion.Analytics.Topics;
using Xunit;

namespace SocialFusion.Analytics.Tests.Topics;

/// <summary>Topic words in English and Chinese: what is kept, what is dropped, jieba's multi-character words.</summary>
public class TopicTokenizerTests
{
    private static readonly TopicTokenizer Tokenizer = new();

    [Fact]
    public void Chinese_posts_get_multi_character_words_from_jieba()
    {
        var (language, words) = Tokenizer.Tokenize("我今天在健身房锻炼身体");
        Assert.Equal(PostLanguage.Chinese, language);
        Assert.Contains("健身房", words);
        Assert.True(words.Contains("锻炼") || words.Contains("锻炼身体"), string.Join("/", words));
        // 我 and 在 are single characters (and stop words): never topic words.
        Assert.All(words, w => Assert.True(w.Length >= 2, w));
    }

    [Fact]
    public void Chinese_demo_like_posts_keep_topics_and_drop_codes_mentions_links_and_laughs()
    {
        var words = Tokenizer.Words("#打卡#在跑步机上跑了四十分钟，哈哈哈哈[哈哈]😊 @小鹿酱 http://t.cn/a1B2c3D");
        Assert.Contains("#打卡", words);
        Assert.Contains("跑步机", words);
        Assert.DoesNotContain("哈哈哈哈", words);
        Assert.DoesNotContain(words, w => w.Contains("哈哈") || w.Contains("小鹿") || w.Contains("t.cn") || w.Contains('['));
        Assert.Contains("火锅店", Tokenizer.Words("这家火锅店排队排到了门口"));
        Assert.Contains("图书馆", Tokenizer.Words("在图书馆自习了一整天"));
    }

    [Fact]
    public void English_lower_cases_drops_stop_words_mentions_links_placeholders_and_keeps_hashtags()
    {
        var words = Tokenizer.Words("Leg DAY done at the GYM!!! sooo tired @sam_k https://t.example/123456 [URL] [MENTION] #Gym #leg_day 2024");
        // "sooo" is "so" once the elongation is undone, a stop word like "at" and "the".
        Assert.Equal(["#gym", "#leg_day", "leg", "day", "done", "gym", "tired"], words);
        Assert.Equal(PostLanguage.Latin, Tokenizer.Tokenize("Leg day done").Language);
        // An apostrophe splits; "can" and "t" are stop words (NLTK's list).
        Assert.Equal(["believe"], Tokenizer.Words("can't believe it"));
    }

    [Fact]
    public void Language_is_decided_by_the_share_of_CJK_letters()
    {
        Assert.Equal(PostLanguage.Chinese, Tokenizer.Tokenize("今天好开心 yyds").Language);
        Assert.Equal(PostLanguage.Latin, Tokenizer.Tokenize("ordering takeout tonight 好").Language);
        Assert.Equal(PostLanguage.Latin, new TopicTokenizer(new TokenizerConfig(CjkShare: 0.5)).Tokenize("ab 好好好 cdef").Language);
        Assert.Equal(PostLanguage.Chinese, new TopicTokenizer(new TokenizerConfig(CjkShare: 0.3)).Tokenize("ab 好好好 cdef").Language);
    }

    private static readonly Gen<string> Text =
        Gen.OneOf(
                Gen.Choose(0x4E00, 0x9FFF).Select(c => ((char)c).ToString()),
                Gen.Elements("Gym", "the", "a", "b", "ZZ", "7", " ", " ", "，", "。", "!", "#", "#打卡#", "#mood", "@kim ", "[哈哈]", "😊", "'", "http://x.y/z ", "sooo", "健身房"))
            .ListOf().Select(l => string.Concat(l));

    [Fact]
    public void Property_words_are_lower_case_long_enough_lettered_and_never_stop_words_or_codes()
    {
        var stop = JiebaWords.StopWords().ToHashSet();
        Prop.ForAll(Text.ToArbitrary(), s => Tokenizer.Words(s).All(w =>
            w == w.ToLowerInvariant() && w.Length >= 2 && !stop.Contains(w) && w.Any(char.IsLetter)
            && !w.Contains(' ') && !w.Contains('@') && !w.Contains('[') && !w.Contains("http")
            && (w[0] != '#' || !w[1..].Contains('#')))).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Property_tokenizing_is_deterministic_and_case_blind()
    {
        Prop.ForAll(Text.ToArbitrary(), s =>
            Tokenizer.Words(s).SequenceEqual(Tokenizer.Words(s)) && Tokenizer.Words(s.ToUpperInvariant()).SequenceEqual(Tokenizer.Words(s)))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_hashtag_becomes_one_word()
    {
        Prop.ForAll(Text.ToArbitrary(), s =>
        {
            var words = Tokenizer.Words(s + " #打卡# #mood");
            return words.Contains("#打卡") && words.Contains("#mood");
        }).QuickCheckThrowOnFailure();
    }
}
