using SocialFusion.Analytics.Privacy;
using SocialFusion.Analytics.Store;
using SocialFusion.TestSupport;
using Xunit;

namespace SocialFusion.Analytics.Tests.Privacy;

public class KAnonymityTests
{
    [Theory]
    [InlineData(5, 4, true)]
    [InlineData(5, 5, false)]
    [InlineData(5, 6, false)]
    [InlineData(1, 1, false)]
    [InlineData(2, 0, true)]
    public void A_cell_below_k_distinct_users_is_suppressed_at_the_boundary(int k, long users, bool suppressed)
    {
        var cell = new KAnonymity(k).Cell(42.0, users);
        Assert.Equal(suppressed, cell.Suppressed);
        Assert.Equal(users, cell.DistinctUsers);
        Assert.Equal(suppressed ? KAnonymity.SuppressedMark : "42", cell.Display(v => v.ToString()));
    }

    [Fact]
    public void Default_k_is_5_and_k_below_1_is_refused()
    {
        Assert.Equal(5, KAnonymity.Default.MinUsers);
        Assert.Throws<ArgumentOutOfRangeException>(() => new KAnonymity(0));
    }

    [Fact]
    public void Sql_form_suppresses_the_same_cells()
    {
        using var dir = new TempDir();
        using var store = AnalyticsStore.Open(dir.File("s.duckdb"));
        var k = new KAnonymity(3);
        // Cell a: 3 distinct users (6 rows); cell b: 2 distinct users (5 rows).
        var sql = $"""
            WITH t(cell, user_id) AS (VALUES ('a','u1'),('a','u2'),('a','u3'),('a','u1'),('a','u2'),('a','u3'),
                                             ('b','u1'),('b','u1'),('b','u1'),('b','u2'),('b','u2'))
            SELECT string_agg(cell || '=' || coalesce(v::VARCHAR, 'null') || ':' || s::VARCHAR, ',' ORDER BY cell) FROM (
              SELECT cell, {k.ValueSql("count(*)", "count(DISTINCT user_id)")} AS v, {k.SuppressedSql("count(DISTINCT user_id)")} AS s
              FROM t GROUP BY cell)
            """;
        Assert.Equal("a=6:false,b=null:true", store.Scalar(sql));
    }
}
