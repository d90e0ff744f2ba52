namespace SocialFusion.Data.Demo;

/// <summary>What a post does to an earlier one.</summary>
internal enum ReshareKind : byte { None, Reply, Repost }

/// <summary>
/// Reshare cascades that spread along the follow graph as a self-exciting point process, after SEISMIC (Zhao, Erdogdu,
/// He, Rajaraman and Leskovec, "SEISMIC: A Self-Exciting Point Process Model for Predicting Tweet Popularity", KDD 2015).
/// Every post j of a cascade c excites reshares among the followers of its author with intensity
/// <c>p_c(t) · φ(t − t_j)</c>: the infectiousness <c>p_c(t) = v_c · exp(−(t − t_c) / τ_c)</c> decays with the cascade's age
/// (virality <c>v_c</c> lognormal times the root's content appeal, lifetime <c>τ_c</c> lognormal), and the memory kernel
/// <c>φ(s)</c> is 1 for <c>s ≤ s0</c> and <c>(s / s0)^−(1+θ)</c> beyond. A reshare adds its own term to its followers'
/// feeds, so a cascade excites itself through the graph; follower counts act through reach, as SEISMIC's n_i do.
/// The demo's post process already fixes who posts when (routines, daily curve), so a post that is a reply or a repost
/// picks its parent in proportion to these intensities among the latest posts of the users its author follows (its
/// feed); with probability 1 − <see cref="CascadeOptions.FeedShare"/>, or when its feed is empty, among the latest posts
/// of its community or of everyone (out-of-graph reshares). Sizes come out heavy-tailed (most roots get no reshare, a
/// few get many), arrivals bunch after the root and decay, and the early reshares carry the signals the doubling task of
/// Cheng et al. (WWW 2014) needs: the root author's reach, the content's appeal and the speed of the first reshares.
/// </summary>
internal sealed class SelfExcitingCascades
{
    private const int PoolSize = 40;
    private readonly CascadeOptions _o;
    private readonly FollowGraph _graph;
    private readonly int[] _community;
    private readonly double _communityBias, _plateau, _maxAge;
    private readonly long[] _ticks;
    private readonly int[] _author, _root, _parent, _recent, _recentCount;
    private readonly double[] _virality, _lifetime;
    private readonly ReshareKind[] _kind;
    private readonly int[][] _communityPool;
    private readonly int[] _communityPoolCount, _pool = new int[PoolSize];
    private int _poolCount;
    private readonly List<int> _candidates = [];
    private readonly List<double> _weights = [];

    /// <param name="o">Process settings.</param>
    /// <param name="graph">Who follows whom.</param>
    /// <param name="community">Community of each user (for out-of-graph reshares).</param>
    /// <param name="capacity">Number of posts that will be added.</param>
    /// <param name="communityBias">Chance an out-of-graph reshare looks in the author's community rather than everywhere.</param>
    public SelfExcitingCascades(CascadeOptions o, FollowGraph graph, int[] community, int capacity, double communityBias)
    {
        _o = o; _graph = graph; _community = community; _communityBias = communityBias;
        _plateau = o.KernelPlateauMinutes * TimeSpan.TicksPerMinute;
        _maxAge = o.MaxAgeDays * TimeSpan.TicksPerDay;
        _ticks = new long[capacity]; _author = new int[capacity]; _root = new int[capacity]; _parent = new int[capacity];
        _virality = new double[capacity]; _lifetime = new double[capacity]; _kind = new ReshareKind[capacity];
        _recent = new int[graph.Users * o.FeedDepth]; _recentCount = new int[graph.Users];
        int communities = community.Length == 0 ? 1 : community.Max() + 1;
        _communityPool = Enumerable.Range(0, communities).Select(_ => new int[PoolSize]).ToArray();
        _communityPoolCount = new int[communities];
    }

    public int Count { get; private set; }
    public FollowGraph Graph => _graph;
    public int Author(int post) => _author[post];
    public int Root(int post) => _root[post];
    /// <summary>The post this one reshares, or -1.</summary>
    public int Parent(int post) => _parent[post];
    public ReshareKind Kind(int post) => _kind[post];
    public long Ticks(int post) => _ticks[post];
    /// <summary>v_c of a root: lognormal virality times its content appeal.</summary>
    public double Virality(int root) => _virality[root];
    public double LifetimeHours(int root) => _lifetime[root] / TimeSpan.TicksPerHour;
    public int CommunityOf(int user) => _community[user];

    /// <summary>
    /// Content appeal of a root, after Berger and Milkman ("What Makes Online Content Viral?", J. Marketing Research
    /// 2012): emotional posts spread more than neutral ones, positive most; pictures and a trending tag add reach.
    /// </summary>
    public static double Appeal(string sentiment, bool hasImage, bool trending) =>
        (sentiment switch { "positive" => 2.0, "negative" => 1.4, _ => 0.4 }) * (hasImage ? 1.3 : 1.0) * (trending ? 2.5 : 1.0);

    /// <summary>
    /// Adds the next post in time order (UTC ticks, author index, appeal of its content) and, when it is a reply or a
    /// repost, picks its parent. Returns the parent's index, or -1 when the post starts a cascade of its own.
    /// </summary>
    public int Add(long ticks, int author, double appeal, ReshareKind kind, DemoRandom rng)
    {
        int i = Count++;
        _ticks[i] = ticks; _author[i] = author;
        // Drawn for every post so the stream does not depend on which posts end up as roots.
        _virality[i] = appeal * Math.Exp(_o.ViralitySigma * rng.Gaussian());
        _lifetime[i] = _o.MedianLifetimeHours * TimeSpan.TicksPerHour * Math.Exp(_o.LifetimeSigma * rng.Gaussian());
        int parent = kind == ReshareKind.None ? -1 : ChooseParent(ticks, author, rng);
        _parent[i] = parent;
        _root[i] = parent < 0 ? i : _root[parent];
        _kind[i] = parent < 0 ? ReshareKind.None : kind;
        Remember(i, author);
        return parent;
    }

    private int ChooseParent(long t, int author, DemoRandom rng)
    {
        _candidates.Clear(); _weights.Clear();
        if (rng.Chance(_o.FeedShare))
            foreach (int f in _graph.FolloweesOf(author))
                for (int k = 0, n = Math.Min(_recentCount[f], _o.FeedDepth); k < n; k++) Consider(_recent[f * _o.FeedDepth + k], t);
        if (_candidates.Count == 0)
        {
            int c = _community[author];
            bool own = rng.Chance(_communityBias) && _communityPoolCount[c] > 0;
            var pool = own ? _communityPool[c] : _pool;
            int n = Math.Min(PoolSize, own ? _communityPoolCount[c] : _poolCount);
            for (int k = 0; k < n; k++) if (_author[pool[k]] != author) Consider(pool[k], t);
        }
        double total = 0;
        foreach (var w in _weights) total += w;
        if (!(total > 0)) return -1;
        double r = rng.NextDouble() * total;
        for (int k = 0; k < _weights.Count; k++) { r -= _weights[k]; if (r < 0) return _candidates[k]; }
        return _candidates[^1];
    }

    /// <summary>The intensity post j adds at time t: p_c(t) · φ(t − t_j).</summary>
    private void Consider(int j, long t)
    {
        double age = t - _ticks[j];
        if (age > _maxAge) return;
        int c = _root[j];
        double kernel = age <= _plateau ? 1 : Math.Pow(age / _plateau, -(1 + _o.KernelTheta));
        _candidates.Add(j);
        _weights.Add(_virality[c] * Math.Exp(-(t - _ticks[c]) / _lifetime[c]) * kernel);
    }

    private void Remember(int i, int author)
    {
        _recent[author * _o.FeedDepth + _recentCount[author]++ % _o.FeedDepth] = i;
        int c = _community[author];
        _communityPool[c][_communityPoolCount[c]++ % PoolSize] = i;
        _pool[_poolCount++ % PoolSize] = i;
    }
}
