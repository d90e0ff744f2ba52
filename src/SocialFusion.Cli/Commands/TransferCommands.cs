using System.CommandLine;
using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion export</c>, <c>import</c> and <c>forget</c>: tables in and out as Parquet, and erasing a user.</summary>
public static class TransferCommands
{
    private static Option<string> Table() => new Option<string>("--table", "-t")
    {
        Description = "Table: " + string.Join(", ", AnalyticsSchema.Tables) + ".", Required = true,
    }.AcceptOnlyFromAmongFluent(AnalyticsSchema.Tables);

    public static Command Export()
    {
        var store = new StoreOptions();
        var table = Table();
        var output = new Option<FileInfo>("--out", "-o") { Description = "Parquet file to write.", Required = true };
        var raw = new Option<bool>("--raw") { Description = "Keep real user ids and @mentions (the data owner's own copy); default: keyed pseudonyms." };
        var command = new Command("export", "Write a table of the analytics store to Parquet; users appear as keyed pseudonyms unless --raw.") { table, output, raw };
        store.AddTo(command, withKey: true);
        command.SetAction(parse =>
        {
            using var db = store.Open(parse, readOnly: false);
            var pseudonyms = parse.GetValue(raw) ? null : store.Pseudonymizer(parse);
            var r = ParquetTransfer.Export(db, parse.GetRequiredValue(table), parse.GetRequiredValue(output).FullName, pseudonyms);
            Console.WriteLine($"exported {r.Rows} rows of {r.Table} to {r.File}" + (r.Pseudonymized ? " (users as pseudonyms)" : " (raw user ids)"));
            return 0;
        });
        return command;
    }

    public static Command Import()
    {
        var store = new StoreOptions();
        var table = Table();
        var input = new Option<FileInfo>("--input", "-i") { Description = "Parquet file to read (columns matched by name).", Required = true };
        var replace = new Option<bool>("--replace") { Description = "Replace the table's rows if it already has some." };
        var command = new Command("import", "Load a table of the analytics store from Parquet (one transaction; posts and follows rebuild users and edges).") { table, input, replace };
        store.AddTo(command, withKey: false);
        command.SetAction(parse =>
        {
            using var db = store.Open(parse);
            var r = ParquetTransfer.Import(db, parse.GetRequiredValue(table), parse.GetRequiredValue(input).FullName, parse.GetValue(replace));
            Console.WriteLine($"imported {r.Rows} rows into {r.Table} from {r.File}");
            return 0;
        });
        return command;
    }

    public static Command Forget()
    {
        var store = new StoreOptions();
        var user = new Option<string>("--user", "-u") { Description = "User id to erase.", Required = true };
        var command = new Command("forget", "Erase a user's posts, edges, predictions and derived rows from the analytics store, and say what was removed.") { user };
        store.AddTo(command, withKey: false);
        command.SetAction(parse =>
        {
            using var db = store.Open(parse);
            var r = UserEraser.Forget(db, parse.GetRequiredValue(user));
            if (r.Total == 0) { Console.WriteLine($"user {r.UserId} is not in {db.Path}: nothing removed"); return 0; }
            Console.WriteLine($"removed user {r.UserId} from {db.Path}: " + string.Join(", ", r.Removed.Where(x => x.Rows > 0).Select(x => $"{x.Table} {x.Rows}")));
            return 0;
        });
        return command;
    }

    private static Option<string> AcceptOnlyFromAmongFluent(this Option<string> option, IReadOnlyList<string> values)
    {
        option.AcceptOnlyFromAmong([.. values]);
        return option;
    }
}
