using System.CommandLine;
using SocialFusion.Models.Config;
using Spectre.Console;

namespace SocialFusion.Cli.Commands;

/// <summary><c>socialfusion presets</c>: lists the named model presets, or prints one as JSON.</summary>
public static class PresetsCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("name") { Description = "Print this preset's JSON.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("presets", "List the model presets (SG-MFT, ablations, baselines) or print one as JSON.") { name };
        command.SetAction(parse =>
        {
            var one = parse.GetValue(name);
            if (one is not null)
            {
                Console.WriteLine(ModelPresets.ToJson(ModelPresets.Load(one)));
                return 0;
            }
            var table = new Table().AddColumns("preset", "JSON");
            foreach (var n in ModelPresets.Names)
                table.AddRow(Markup.Escape(n), Markup.Escape(ModelPresets.ToJson(ModelPresets.Load(n)).ReplaceLineEndings(" ")));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
