namespace SocialFusion.Data.Demo;

/// <summary>Users and the follow graph, planted as a stochastic block model over communities.</summary>
/// <param name="Users">Users in id order.</param>
/// <param name="Follows">(follower index, followee index) pairs, sorted.</param>
public sealed record DemoPopulation(IReadOnlyList<DemoUser> Users, IReadOnlyList<(int From, int To)> Follows)
{
    private static readonly UserType[] Types = Enum.GetValues<UserType>();
    private static readonly double[] TypeWeights = [0.25, 0.35, 0.15, 0.1, 0.15];
    private static readonly int[] Offsets = [0, 1, 1, 1, 2, -5];

    /// <summary>Draws users (type, heavy-tailed posting rate, habits) and their follows.</summary>
    public static DemoPopulation Create(DemoDataOptions o)
    {
        var users = CreateUsers(o);
        var grng = DemoRandom.Stream(o.Seed, "follows");
        var follows = new List<(int, int)>();
        for (int a = 0; a < o.Users; a++)
            for (int b = 0; b < o.Users; b++)
            {
                if (a == b) continue;
                double p = users[a].Community == users[b].Community ? o.IntraFollowProbability : o.InterFollowProbability;
                if (grng.Chance(p)) follows.Add((a, b));
            }
        return new DemoPopulation(users, follows);
    }

    /// <summary>Draws the users alone (type, posting rate, habits, offset) from the "users" stream.</summary>
    public static List<DemoUser> CreateUsers(DemoDataOptions o)
    {
        var rng = DemoRandom.Stream(o.Seed, "users");
        var users = new List<DemoUser>(o.Users);
        for (int i = 0; i < o.Users; i++)
        {
            users.Add(new DemoUser(
                Id: o.Users > 10_000 ? $"u{i:D6}" : $"u{i:D4}",
                Type: Types[rng.Weighted(TypeWeights)],
                Community: i % o.Communities, // round-robin keeps community sizes balanced
                Rate: rng.HeavyTail(1.6),
                EmojiUse: Math.Pow(rng.NextDouble(), 1.5),
                HashtagUse: Math.Pow(rng.NextDouble(), 2) * 0.7,
                Verbosity: rng.NextDouble() * 0.8,
                Typos: rng.NextDouble() * 0.15,
                Positivity: rng.Range(-0.3f, 0.4f),
                UtcOffsetHours: rng.Pick(Offsets),
                FitnessAffinity: rng.Chance(0.2) ? rng.Range(3, 8) : rng.Range(0.1f, 0.6f)));
        }
        return users;
    }
}
