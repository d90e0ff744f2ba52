using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Tests.Users;

/// <summary>A hand-made store: two users, four posts, one reply, one follow edge, predictions for the unlabelled post.</summary>
internal static class TinyStore
{
    public static AnalyticsStore Create(string path)
    {
        var store = AnalyticsStore.Open(path);
        // u1 posts at UTC+1: Monday 08:30 and 09:10 local at the gym, Saturday 13:00 local (no label, predicted home 0.6 /
        // park 0.2), the last one a reply to u2's p9. u2 posts once at UTC+0 on Sunday 10:00, at home.
        store.Execute("""
            INSERT INTO posts (post_id, user_id, created_at, utc_offset_minutes, text, location, text_sentiment, reply_to, likes, reposts, replies, image_count, content_hash, ingested_at, updated_at) VALUES
            ('p1', 'u1', '2024-03-04 07:30:00', 60, 'leg day #Gym #gym', 'gym', 'positive', NULL, 3, 0, 0, 0, 1, now(), now()),
            ('p2', 'u1', '2024-03-04 08:10:00', 60, 'again #run', 'gym', 'neutral', NULL, 1, 0, 0, 0, 2, now(), now()),
            ('p3', 'u1', '2024-03-09 12:00:00', 60, 'meh', NULL, 'negative', 'p9', 0, 0, 0, 0, 3, now(), now()),
            ('p9', 'u2', '2024-03-03 10:00:00', 0, 'hi', 'home', 'positive', NULL, 0, 0, 1, 0, 4, now(), now());
            INSERT INTO follows VALUES ('u1', 'u2', NULL, NULL, now());
            INSERT INTO post_edges VALUES ('p3', 'u1', 'p9', 'u2', 'reply', '2024-03-09 12:00:00');
            INSERT INTO predictions VALUES
            ('p3', 'm1', 'location', 1, 'home', 0.6, NULL, NULL, NULL, now()),
            ('p3', 'm1', 'location', 2, 'park', 0.2, NULL, NULL, NULL, now());
            """);
        return store;
    }
}
