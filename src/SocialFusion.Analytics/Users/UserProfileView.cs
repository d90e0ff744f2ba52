using DuckDB.NET.Data;

namespace SocialFusion.Analytics.Users;

/// <summary>
/// One user's profile as read back from <c>user_features</c> (see <see cref="UserProfiles"/> for the definitions).
/// This is a single person's data: k-anonymity does not apply to it, pseudonyms do (the CLI and report decide).
/// </summary>
public sealed record UserProfileView(
    string UserId, int Posts, int? Segment, double[][] HourByWeekday, IReadOnlyDictionary<string, double> Locations,
    double LabelledLocations, double PredictedLocations, IReadOnlyDictionary<string, double> Hashtags,
    IReadOnlyDictionary<string, double> Sentiment, IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> SentimentByMonth,
    IReadOnlyDictionary<string, double> Engagement, double ReplyShare, double RepostShare, double RepliesToFollowees, int UnknownParents)
{
    /// <summary>"labelled", "predicted (MODEL)" or "labelled N + predicted M (MODEL)": where the location mix came from.</summary>
    public string LocationSource(string? model) =>
        PredictedLocations == 0 ? "labelled" : LabelledLocations == 0 ? $"predicted ({model})"
        : $"labelled {LabelledLocations:0} + predicted {PredictedLocations:0.#} ({model})";

    /// <summary>Reads the profiles of <paramref name="userIds"/> (null: every user of the run), in user id order.</summary>
    public static List<UserProfileView> Read(DuckDBConnection db, string runId, string? segmentRun, IReadOnlyCollection<string>? userIds = null)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = $"""
            SELECT f.user_id, f.feature, f.value, s.segment FROM user_features f
            LEFT JOIN user_segments s ON s.user_id = f.user_id AND s.run_id = {UserProfiles.Literal(segmentRun)}
            WHERE f.run_id = {UserProfiles.Literal(runId)}
            {(userIds == null ? "" : "AND f.user_id IN (" + string.Join(",", userIds.Select(UserProfiles.Literal)) + ")")}
            ORDER BY f.user_id, f.feature
            """;
        var views = new List<UserProfileView>();
        using var r = cmd.ExecuteReader();
        string? current = null; int? segment = null;
        var features = new List<(string, double)>();
        while (r.Read())
        {
            var user = r.GetString(0);
            if (user != current && current != null) { views.Add(Build(current, segment, features)); features.Clear(); }
            current = user;
            segment = r.IsDBNull(3) ? null : r.GetInt32(3);
            features.Add((r.GetString(1), r.GetDouble(2)));
        }
        if (current != null) views.Add(Build(current, segment, features));
        return views;
    }

    private static UserProfileView Build(string user, int? segment, List<(string Feature, double Value)> features)
    {
        var how = Enumerable.Range(0, 7).Select(_ => new double[24]).ToArray();
        var loc = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var tags = new Dictionary<string, double>(StringComparer.Ordinal);
        var sent = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var months = new SortedDictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var eng = new SortedDictionary<string, double>(StringComparer.Ordinal);
        double posts = 0, labelled = 0, predicted = 0, reply = 0, repost = 0, toFollowee = 0, unknown = 0;
        foreach (var (f, v) in features)
        {
            var parts = f.Split('.', 2);
            switch (parts[0])
            {
                case "posts": posts = v; break;
                case "how": var dh = parts[1].Split('.'); how[int.Parse(dh[0])][int.Parse(dh[1])] = v; break;
                case "loc": loc[parts[1]] = v; break;
                case "loc_src": if (parts[1] == "labelled") labelled = v; else predicted = v; break;
                case "tag": tags[parts[1]] = v; break;
                case "sent": sent[parts[1]] = v; break;
                case "sent_month":
                    var ms = parts[1].Split('.');
                    if (!months.TryGetValue(ms[0], out var m)) months[ms[0]] = m = new SortedDictionary<string, double>(StringComparer.Ordinal);
                    ((SortedDictionary<string, double>)m)[ms[1]] = v;
                    break;
                case "eng": eng[parts[1]] = v; break;
                case "reply" when parts[1] == "share": reply = v; break;
                case "reply" when parts[1] == "to_followee": toFollowee = v; break;
                case "reply" when parts[1] == "unknown_parent": unknown = v; break;
                case "repost": repost = v; break;
            }
        }
        var topTags = tags.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value);
        return new UserProfileView(user, (int)posts, segment, how, loc, labelled, predicted, topTags, sent, months, eng,
            reply, repost, toFollowee, (int)unknown);
    }
}
