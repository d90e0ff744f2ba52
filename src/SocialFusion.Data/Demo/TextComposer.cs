namespace SocialFusion.Data.Demo;

/// <summary>
/// Post text: what each post must say (where it was made, which kind of location cue, which sentiment, the burst tag)
/// handed to the collection's <see cref="DemoLanguage"/>, which writes it.
/// </summary>
public static class TextComposer
{
    /// <summary>The pieces <see cref="DemoLanguage.Compose"/> needs.</summary>
    public sealed record Request(DemoUser User, string Location, string Kind, string? MisleadTo, string Sentiment, string? TrendTag, DayOfWeek Day);

    /// <summary>Kinds of location cue in the text.</summary>
    public const string Informative = "informative", Uninformative = "uninformative", MisleadingKind = "misleading";
}
