using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using SocialFusion.Data.Text;
using Xunit;

namespace SocialFusion.Data.Tests.Text;

/// <summary>Chinese in the social pre-tokenizer, the BPE tokenizer and hashtag extraction.</summary>
public class ChineseTextTests
{
    [Fact]
    public void PreTokenizer_SplitsIdeographs_KeepsTopicsEmoticonsEmojiMentionsAndLinks()
    {
        var pre = SocialPreTokenizer.Split("#周末愉快#今天终于回家了！[哈哈]😊 @小鹿酱 看看 http://t.cn/a1B2c3D");
        Assert.Equal(["#周末愉快#", "今", "天", "终", "于", "回", "家", "了", "!", "[哈哈]", "😊", "<user>", "看", "看", "<url>"], pre);
    }

    [Fact]
    public void PreTokenizer_TopicsNeedTheClosingHashAndNoSpace_EnglishStyleStaysAsBefore()
    {
        Assert.Equal(["#", "话", "题", "没", "闭", "合"], SocialPreTokenizer.Split("#话题 没闭合"));
        Assert.Equal(["#", "mood", "今", "天"], SocialPreTokenizer.Split("#mood 今天"));
        // Full-width '＃' is '#' after NFKC; a Latin word inside a topic stays in the topic.
        Assert.Equal(["#今日份快乐#", "#vlog日常#"], SocialPreTokenizer.Split("＃今日份快乐＃ #vlog日常#"));
        // Without an ideograph inside, brackets and hashes split exactly as for English text.
        Assert.Equal(["[", "link", "]", "#", "a", "#"], SocialPreTokenizer.Split("[link] #a#"));
    }

    [Fact]
    public void PreTokenizer_PunctuationRunStopsBeforeATopicOrEmoticon()
    {
        Assert.Equal(["好", "耶", "!!", "[心]"], SocialPreTokenizer.Split("好耶！！[心]"));
        Assert.Equal(["[", "doge", "]", "[二哈]"], SocialPreTokenizer.Split("[doge][二哈]"));
        Assert.Equal(["累", "。", "#打卡#"], SocialPreTokenizer.Split("累。#打卡#"));
    }

    private static readonly Gen<string> MixedText =
        Gen.OneOf(
                Gen.Choose(0x4E00, 0x9FFF).Select(c => ((char)c).ToString()),
                Gen.Elements("a", "b", "z", "7", " ", "，", "。", "!", "~", "#", "[", "]", "😊", "👨‍👩‍👧", "[哈哈]", "#打卡#", "嗯", "_"))
            .ListOf().Select(l => string.Concat(l));

    [Fact]
    public void PreTokenizer_Property_IdeographsStandAloneUnlessInATopicOrEmoticon()
    {
        Prop.ForAll(MixedText.ToArbitrary(), s => SocialPreTokenizer.Split(s).All(t =>
            !t.Any(c => Cjk.IsIdeograph(c))
            || new StringInfo(t).LengthInTextElements == 1
            || t.Length >= 3 && t[0] == '#' && t[^1] == '#' && !t[1..^1].Contains('#')
            || t.Length >= 3 && t[0] == '[' && t[^1] == ']')).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void PreTokenizer_Property_LosesNothingButWhitespace()
    {
        // No '@' or link in the alphabet, so no pre-token stands for replaced text.
        Prop.ForAll(MixedText.ToArbitrary(), s =>
            string.Concat(SocialPreTokenizer.Split(s)) == string.Concat(SocialPreTokenizer.Normalize(s).Where(c => c != ' ')))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Tokenizer_LearnsFrequentTopicsWhole_AndEncodesIdeographsOneByOne()
    {
        string[] corpus = ["#今日份快乐#在公园野餐[哈哈]", "#今日份快乐#草坪上扔飞盘", "在公园遛狗 #今日份快乐#", "公园里的樱花开了[哈哈]"];
        var tok = SocialTokenizerTrainer.Train(corpus, new SocialTokenizerOptions(300, 2));
        var ids = tok.Encode("#今日份快乐#公园[哈哈]");
        Assert.Equal(["#今日份快乐#", "公", "园", "[哈哈]"], tok.Tokens(ids));
        Assert.Equal([SocialTokenizer.UnkId], tok.Encode("龘"));
    }

    [Fact]
    public void Hashtags_Extract_BothStyles_InOrder()
    {
        Assert.Equal(["#mood", "#life"], Hashtags.Extract("so #mood, #Life! c# issue#4 #"));
        Assert.Equal(["#今日份快乐#", "#打卡#", "#mood"], Hashtags.Extract("#今日份快乐#今天好开心 ＃打卡＃ #mood"));
        Assert.Equal(["#周末"], Hashtags.Extract("#周末 没闭合")); // unclosed: Twitter style, up to the space
        Assert.Empty(Hashtags.Extract(null));
    }

    [Fact]
    public void Hashtags_Property_EveryClosedTopicIsOnePreToken()
    {
        Prop.ForAll(MixedText.ToArbitrary(), s =>
        {
            var pre = SocialPreTokenizer.Split(s);
            return Hashtags.Extract(s).Where(t => t.EndsWith('#')).All(pre.Contains);
        }).QuickCheckThrowOnFailure();
    }
}
