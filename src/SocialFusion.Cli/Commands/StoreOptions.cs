using System.CommandLine;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Cli.Commands;

/// <summary>The options every analytics-store command shares: <c>--db</c> and <c>--key-file</c>.</summary>
public sealed class StoreOptions
{
    public Option<FileInfo?> Db { get; } = new("--db")
    {
        Description = $"Analytics database file (default: {AnalyticsStore.DefaultFileName} in the working folder).",
    };

    public Option<FileInfo?> KeyFile { get; } = new("--key-file")
    {
        Description = "Pseudonym key file, created on first use with mode 0600 (default: $XDG_CONFIG_HOME/socialfusion/pseudonym.key, or ~/.config/socialfusion/pseudonym.key).",
    };

    public void AddTo(Command command, bool withKey)
    {
        command.Options.Add(Db);
        if (withKey) command.Options.Add(KeyFile);
    }

    public AnalyticsStore Open(ParseResult parse, bool readOnly = false) => AnalyticsStore.Open(parse.GetValue(Db)?.FullName, readOnly);

    public Pseudonymizer Pseudonymizer(ParseResult parse)
    {
        var key = PseudonymKey.LoadOrCreate(parse.GetValue(KeyFile)?.FullName);
        if (key.Created) Console.Error.WriteLine($"created pseudonym key {key.Path} (keep it: the same key gives the same pseudonyms)");
        return new Pseudonymizer(key);
    }
}
