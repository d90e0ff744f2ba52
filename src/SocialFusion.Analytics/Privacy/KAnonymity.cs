namespace SocialFusion.Analytics.Privacy;

/// <summary>One cell of an aggregate with the number of distinct users behind it; suppressed cells carry no value.</summary>
/// <param name="Value">The aggregate value, or default when suppressed.</param>
/// <param name="DistinctUsers">Distinct users the cell covers (reported even when suppressed: it is what decided).</param>
/// <param name="Suppressed">True when fewer than k distinct users are behind the cell.</param>
public readonly record struct KCell<T>(T? Value, long DistinctUsers, bool Suppressed)
{
    /// <summary>The value as text, or <see cref="KAnonymity.SuppressedMark"/>.</summary>
    public string Display(Func<T, string> format) => Suppressed || Value is null ? KAnonymity.SuppressedMark : format(Value);
}

/// <summary>
/// k-anonymity for aggregates (Sweeney 2002, "k-anonymity: a model for protecting privacy"), applied cell by cell:
/// any cell of a report or aggregate output computed from fewer than <see cref="MinUsers"/> distinct users is
/// suppressed and marked as such, so no published number describes fewer than k people. Cells for a single user's own
/// view (the data owner's <c>--raw</c>) are not aggregates and are not subject to it.
/// </summary>
/// <param name="MinUsers">k: the fewest distinct users a published cell may cover (default 5, <c>--min-users</c>).</param>
public sealed record KAnonymity(int MinUsers = KAnonymity.DefaultMinUsers)
{
    /// <summary>The default k.</summary>
    public const int DefaultMinUsers = 5;

    /// <summary>What a suppressed cell shows.</summary>
    public const string SuppressedMark = "suppressed (<k users)";

    /// <summary>The reference setting, k = 5.</summary>
    public static KAnonymity Default { get; } = new();

    /// <summary>Validates k.</summary>
    public int MinUsers { get; init; } = MinUsers >= 1 ? MinUsers : throw new ArgumentOutOfRangeException(nameof(MinUsers), MinUsers, "--min-users must be at least 1");

    /// <summary>True when a cell covering <paramref name="distinctUsers"/> users may be published.</summary>
    public bool Allows(long distinctUsers) => distinctUsers >= MinUsers;

    /// <summary>The cell for <paramref name="value"/> computed from <paramref name="distinctUsers"/> distinct users.</summary>
    public KCell<T> Cell<T>(T value, long distinctUsers) =>
        Allows(distinctUsers) ? new KCell<T>(value, distinctUsers, false) : new KCell<T>(default, distinctUsers, true);

    /// <summary>
    /// SQL for the same rule inside a query: <c>CASE WHEN users &gt;= k THEN value END</c>. Select it next to
    /// <see cref="SuppressedSql"/> so the output says which cells were suppressed.
    /// </summary>
    public string ValueSql(string valueExpression, string distinctUsersExpression) =>
        $"CASE WHEN ({distinctUsersExpression}) >= {MinUsers} THEN ({valueExpression}) END";

    /// <summary>SQL boolean: true for a suppressed cell.</summary>
    public string SuppressedSql(string distinctUsersExpression) => $"(({distinctUsersExpression}) < {MinUsers})";
}
