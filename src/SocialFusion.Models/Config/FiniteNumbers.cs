using System.Reflection;

namespace SocialFusion.Models.Config;

/// <summary>
/// The one NaN/Infinity rule for configuration records and numeric inputs. Range checks such as <c>x &lt; 0</c> let NaN
/// through (every comparison with NaN is false) and open bounds such as <c>x &gt; 0</c> let +Infinity through, and
/// either then surfaces much later as a NaN loss, NaN embeddings or a JSON writer refusing NaN. So every record's
/// <c>Validate</c> first asks <see cref="FirstNonFinite"/> for its floating-point fields, whatever their range rule.
/// </summary>
public static class FiniteNumbers
{
    /// <summary>
    /// The first public <c>double</c> / <c>float</c> property (nullable ones when they hold a value) of
    /// <paramref name="record"/> that is NaN or infinite, in declaration order; null when every one is finite.
    /// Nested records are not visited: each checks its own fields in its own <c>Validate</c>.
    /// </summary>
    public static (string Property, double Value)? FirstNonFinite(object record)
    {
        foreach (var p in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || !p.CanRead) continue;
            double? value = p.GetValue(record) switch
            {
                double d => d,
                float f => f,
                _ => null,
            };
            if (value is double v && !double.IsFinite(v)) return (p.Name, v);
        }
        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> "<paramref name="name"/> must be a finite number, got NaN" unless <paramref name="value"/> is finite.</summary>
    public static double Require(double value, string name) =>
        double.IsFinite(value) ? value : throw new ArgumentException($"{name} must be a finite number, got {Describe(value)}.");

    /// <summary>"NaN", "Infinity" or "-Infinity" (invariant culture, the spelling the command line accepts).</summary>
    public static string Describe(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
