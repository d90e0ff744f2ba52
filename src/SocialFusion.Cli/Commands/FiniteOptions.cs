using System.CommandLine;
using System.Globalization;

namespace SocialFusion.Cli.Commands;

/// <summary>
/// Every floating-point option of every command refuses NaN and ±Infinity (also "1e400", which parses as Infinity) at
/// parse time, so that <c>--lr Infinity</c> is a usage error (exit 2) naming the option instead of a NaN loss many
/// steps later. Added once for the whole command tree, so a new option cannot forget it. Numbers inside a text option
/// (<c>--weights head=x</c>) go through <see cref="Parse"/>.
/// </summary>
internal static class FiniteOptions
{
    /// <summary>Adds the check to every <c>double</c>/<c>float</c> option (nullable or not) of <paramref name="command"/> and its subcommands.</summary>
    public static void RequireFinite(Command command)
    {
        foreach (var option in command.Options)
            if (option.ValueType == typeof(double) || option.ValueType == typeof(double?) || option.ValueType == typeof(float) || option.ValueType == typeof(float?))
                option.Validators.Add(result =>
                {
                    foreach (var token in result.Tokens)
                        if (double.TryParse(token.Value, NumberStyles.Float, CultureInfo.CurrentCulture, out var v) && !double.IsFinite(v))
                            result.AddError($"{option.Name} must be a finite number, got '{token.Value}'.");
                });
        foreach (var sub in command.Subcommands) RequireFinite(sub);
    }

    /// <summary>A finite number from <paramref name="text"/> (invariant culture); <see cref="ArgumentException"/> naming <paramref name="what"/> otherwise.</summary>
    public static double Parse(string text, string what) =>
        !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? throw new ArgumentException($"{what}: '{text}' is not a number.")
        : double.IsFinite(v) ? v : throw new ArgumentException($"{what}: '{text}' is not a finite number.");
}
