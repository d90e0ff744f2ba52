using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Privacy;

public class PseudonymTests
{
    [Fact]
    public void Same_user_same_key_same_pseudonym_across_loads_and_another_key_differs()
    {
        using var dir = new TempDir();
        var first = PseudonymKey.LoadOrCreate(dir.File("k1"));
        Assert.True(first.Created);
        var again = PseudonymKey.LoadOrCreate(dir.File("k1"));
        Assert.False(again.Created);
        var other = PseudonymKey.LoadOrCreate(dir.File("k2"));
        var a = new Pseudonymizer(first).Of("u0042");
        Assert.Equal(a, new Pseudonymizer(again).Of("u0042"));
        Assert.NotEqual(a, new Pseudonymizer(other).Of("u0042"));
        Assert.NotEqual(a, new Pseudonymizer(first).Of("u0043"));
        Assert.Matches("^u_[0-9a-f]{16}$", a);
        Assert.DoesNotContain("0042", a);
    }

    [Fact]
    public void Pseudonym_is_the_hmac_sha256_of_the_id_under_the_key()
    {
        using var dir = new TempDir();
        var key = PseudonymKey.LoadOrCreate(dir.File("k"));
        var raw = Convert.FromBase64String(File.ReadAllLines(dir.File("k"))[1]);
        var expected = "u_" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(raw, "u7"u8))[..16];
        Assert.Equal(expected, new Pseudonymizer(key).Of("u7"));
    }

    [Fact]
    public void Key_file_is_created_owner_only()
    {
        using var dir = new TempDir();
        PseudonymKey.LoadOrCreate(dir.File("sub/k"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File("sub/k")));
    }

    [Theory]
    [InlineData("not a key at all")]
    [InlineData("socialfusion-pseudonym-key v1\n!!!not base64!!!\n")]
    [InlineData("socialfusion-pseudonym-key v1\nAAAA\n")]
    public void Corrupt_key_file_is_a_clear_error_and_is_left_alone(string content)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("k"), content);
        var e = Assert.Throws<InvalidDataException>(() => PseudonymKey.LoadOrCreate(dir.File("k")));
        Assert.Contains(dir.File("k"), e.Message);
        Assert.Contains("not a valid SocialFusion key", e.Message);
        Assert.Equal(content, File.ReadAllText(dir.File("k")));
    }

    [Fact]
    public void A_different_key_on_a_store_that_used_another_is_refused()
    {
        using var dir = new TempDir();
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        new Pseudonymizer(PseudonymKey.LoadOrCreate(dir.File("k1"))).EnsureKeyMatches(store);
        new Pseudonymizer(PseudonymKey.LoadOrCreate(dir.File("k1"))).EnsureKeyMatches(store);
        var wrong = new Pseudonymizer(PseudonymKey.LoadOrCreate(dir.File("k2")));
        var e = Assert.Throws<InvalidOperationException>(() => wrong.EnsureKeyMatches(store));
        Assert.Contains("not the key this store's pseudonyms were made with", e.Message);
    }
}
