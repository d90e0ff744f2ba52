using DuckDB.NET.Data;
using SocialFusion.Analytics.Store;

namespace SocialFusion.Analytics.Privacy;

/// <summary>
/// Keyed pseudonyms for users: <c>"u_" + hex(HMAC-SHA256(key, user id))[..16]</c> (64 bits: collisions are
/// negligible below millions of users). The same id and key give the same pseudonym in every run; without the key a
/// pseudonym cannot be linked back by hashing guessed ids, which a plain hash would allow.
/// </summary>
public sealed class Pseudonymizer(PseudonymKey key)
{
    /// <summary>The key in use.</summary>
    public PseudonymKey Key => key;

    /// <summary>The pseudonym of <paramref name="userId"/>.</summary>
    public string Of(string userId) => "u_" + PseudonymKey.Hex(key.Mac(userId))[..16];

    /// <summary>
    /// Checks <see cref="PseudonymKey.Fingerprint"/> against the one the store recorded with its first pseudonyms (and
    /// records it when there is none, unless read-only), so that a wrong key file is an error, not a silent re-keying.
    /// </summary>
    /// <exception cref="InvalidOperationException">The store's pseudonyms were made with another key.</exception>
    public void EnsureKeyMatches(AnalyticsStore store)
    {
        var recorded = store.Scalar("SELECT value FROM store_meta WHERE name = 'pseudonym_key_fingerprint'") as string;
        if (recorded is null)
        {
            if (!store.ReadOnly)
                store.Execute($"INSERT INTO store_meta VALUES ('pseudonym_key_fingerprint', '{key.Fingerprint}')");
            return;
        }
        if (recorded != key.Fingerprint)
            throw new InvalidOperationException(
                $"pseudonym key file {key.Path} is not the key this store's pseudonyms were made with (key check {key.Fingerprint}, " +
                $"the store expects {recorded}): its pseudonyms would not match earlier outputs. Use the original key file with --key-file.");
    }

    /// <summary>
    /// Fills the temporary table <c>pseudonyms(user_id, pseudonym)</c> with every user id in the store, so that SQL
    /// that leaves the store can join it (see <see cref="ParquetTransfer"/>). Replaces an earlier one.
    /// </summary>
    public void FillPseudonymTable(AnalyticsStore store)
    {
        EnsureKeyMatches(store);
        store.Execute("CREATE OR REPLACE TEMP TABLE pseudonyms (user_id VARCHAR NOT NULL, pseudonym VARCHAR NOT NULL)");
        var ids = new List<string>();
        using (var command = store.Connection.CreateCommand())
        {
            command.CommandText = """
                SELECT user_id FROM posts UNION SELECT src FROM follows UNION SELECT dst FROM follows
                UNION SELECT user_id FROM users UNION SELECT user_id FROM user_features UNION SELECT user_id FROM user_segments
                UNION SELECT user_id FROM recommendations
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read()) ids.Add(reader.GetString(0));
        }
        using var appender = store.Connection.CreateAppender("temp", "main", "pseudonyms");
        foreach (var id in ids) appender.CreateRow().AppendValue(id).AppendValue(Of(id)).EndRow();
    }
}
