namespace SocialFusion.Analytics.Trends;

/// <summary>Width of a series bin.</summary>
public enum BinWidth
{
    /// <summary>One clock hour, [HH:00, HH+1:00).</summary>
    Hour,
    /// <summary>One calendar day, [00:00, 24:00).</summary>
    Day,
}

/// <summary>Which clock a bin is read on.</summary>
public enum TimeBasis
{
    /// <summary>UTC (<c>posts.created_at</c>): one bin is one span of instants.</summary>
    Utc,
    /// <summary>
    /// The poster's local clock (<c>created_at + utc_offset_minutes</c>): posts written at 09:xx local time share a bin
    /// whatever their offset, so a bin pools different instants (what "the morning" means to each poster).
    /// </summary>
    Local,
}

/// <summary>
/// The bins every series of one query shares: bin i covers [<see cref="Start"/> + i w, <see cref="Start"/> + (i + 1) w)
/// on the clock of <see cref="Basis"/> (start inclusive, end exclusive; bins are labelled by their start). Times are
/// <see cref="DateTimeKind.Unspecified"/> wall-clock values of that clock.
/// </summary>
/// <param name="Start">Start of bin 0 (the bin of the earliest post).</param>
/// <param name="Width">Bin width.</param>
/// <param name="Basis">UTC or the posters' local clock.</param>
/// <param name="Count">Number of bins (0 for a store without posts).</param>
public sealed record TimeAxis(DateTime Start, BinWidth Width, TimeBasis Basis, int Count)
{
    /// <summary>The bin width as a time span.</summary>
    public TimeSpan Step => Width == BinWidth.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    /// <summary>Hours in one bin.</summary>
    public double BinHours => Step.TotalHours;

    /// <summary>Start of bin <paramref name="i"/> (i = <see cref="Count"/> gives the end of the axis).</summary>
    public DateTime BinStart(int i) => Start + i * Step;

    /// <summary>Index of the bin holding <paramref name="t"/>; may lie outside [0, Count).</summary>
    public int IndexOf(DateTime t) => (int)Math.Floor((t - Start) / Step);

    /// <summary>
    /// The seasonal slot of bin <paramref name="i"/>: hour of week (0 = Monday 00h .. 167) for hourly bins, day of
    /// week (0 = Monday .. 6) for daily bins, on the axis clock.
    /// </summary>
    public int Season(int i)
    {
        var t = BinStart(i);
        int dow = ((int)t.DayOfWeek + 6) % 7;
        return Width == BinWidth.Hour ? dow * 24 + t.Hour : dow;
    }

    /// <summary>Slots per season: 168 hours of the week, or 7 days.</summary>
    public int SeasonLength => Width == BinWidth.Hour ? 168 : 7;
}
