namespace SocialFusion.Data.Demo;

/// <summary>The semantic locations the demo data is labelled with.</summary>
public static class DemoLocations
{
    public const string Home = "home", School = "school", Workplace = "workplace", Restaurant = "restaurant",
        Gym = "gym", Park = "park", Shopping = "shopping", Transit = "transit", Beach = "beach", Cafe = "cafe";

    /// <summary>All labels in a fixed order (manifest and summary use this order).</summary>
    public static IReadOnlyList<string> All { get; } =
        [Home, School, Workplace, Restaurant, Gym, Park, Shopping, Transit, Beach, Cafe];
}

/// <summary>A user's kind of life, which drives the weekly routine.</summary>
public enum UserType { Student, OfficeWorker, ShiftWorker, Retiree, Freelancer }

/// <summary>One synthetic user: type, community, habits and time zone.</summary>
public sealed record DemoUser(
    string Id, UserType Type, int Community, double Rate, double EmojiUse, double HashtagUse,
    double Verbosity, double Typos, double Positivity, int UtcOffsetHours, double FitnessAffinity);

/// <summary>
/// Weekly routines: where a user of each type tends to be, by weekday/weekend and hour.
/// Weights are relative; the imbalance (home most, gym/transit/beach rare) is intended.
/// </summary>
public static class Routines
{
    // Order matches DemoLocations.All: home school work rest gym park shop transit beach cafe
    private static double[] W(params double[] w) => w;

    /// <summary>Location weights for this user at this local time.</summary>
    public static double[] Weights(DemoUser user, DayOfWeek day, int hour)
    {
        bool weekend = day is DayOfWeek.Saturday or DayOfWeek.Sunday;
        bool night = hour < 7 || hour >= 22;
        if (night) return W(10, 0, user.Type == UserType.ShiftWorker ? 4 : 0.1, 0.3, 0.1, 0.1, 0, 0.5, 0, 0.05);
        double[] w = (user.Type, weekend) switch
        {
            (UserType.Student, false) => hour is >= 8 and < 15 ? W(1, 8, 0, 0.7, 0.4, 0.5, 0.2, 1.0, 0, 0.8)
                                                            : W(6, 0.5, 0.2, 1.2, 0.8, 1, 1, 0.8, 0.1, 1.2),
            (UserType.OfficeWorker, false) => hour is >= 9 and < 17 ? W(0.8, 0, 8, 1.0, 0.1, 0.3, 0.2, 0.8, 0, 1)
                                                                : W(6, 0, 0.5, 1.2, 1.0, 0.6, 0.8, 1.0, 0, 0.6),
            (UserType.ShiftWorker, false) => hour is >= 14 and < 22 ? W(1, 0, 7, 0.5, 0.2, 0.3, 0.3, 1.0, 0, 0.4)
                                                                : W(7, 0, 0.5, 0.7, 0.6, 0.8, 1.2, 0.7, 0.1, 0.8),
            (UserType.Retiree, _) => W(8, 0, 0, 1.0, 0.3, 2.0, 1.4, 0.4, 0.3, 1.5),
            (UserType.Freelancer, false) => W(6, 0, 2, 0.8, 0.6, 0.8, 0.6, 0.4, 0.1, 2.5),
            _ => W(7, 0.1, 0.3, 1.8, 0.8, 1.8, 1.8, 0.5, 0.7, 1.2),
        };
        w = (double[])w.Clone();
        w[4] *= user.FitnessAffinity; // gym-goers are a minority, and they go often
        return w;
    }

    /// <summary>Relative activity per local hour: quiet nights, lunch and evening peaks.</summary>
    public static readonly double[] HourActivity =
        [0.3, 0.15, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.2, 1.0, 0.9, 1.0, 1.6, 1.3, 1.0, 1.0, 1.1, 1.4, 1.8, 2.0, 2.1, 1.9, 1.3, 0.7];
}
