namespace LlmRouter.Benchmarks.RoutingQuality;

/// <summary>
/// RouteLLM's metrics (arXiv 2406.18665) for a router that ranks prompts: send the top share of prompts to the strong
/// model, the rest to the weak one. PGR(share) = (quality − weak) / (strong − weak); APGR is its mean over shares
/// 0 %, 1 %, …, 100 %; CPT(x) is the smallest share (in %) whose PGR reaches x.
/// </summary>
internal sealed class QualityCurve
{
    private QualityCurve(double[] pgr, int n)
    {
        Pgr = pgr;
        Count = n;
    }

    /// <summary>Gets the PGR at each strong-call share 0 %, 1 %, …, 100 %.</summary>
    public double[] Pgr { get; }

    /// <summary>Gets how many prompts the curve is over.</summary>
    public int Count { get; }

    /// <summary>Gets the mean PGR over the 101 shares.</summary>
    public double Apgr => Pgr.Average();

    /// <summary>Gets the smallest share (in %) whose PGR is at least <paramref name="target"/>, or 100.</summary>
    public int Cpt(double target)
    {
        for (var share = 0; share <= 100; share++)
        {
            if (Pgr[share] >= target - 1e-12)
            {
                return share;
            }
        }

        return 100;
    }

    /// <summary>Builds the curve of a ranking: prompts ordered most deserving of the strong model first.</summary>
    /// <param name="ranked">(weak score, strong score) per prompt, in the router's order.</param>
    public static QualityCurve FromRanking(IReadOnlyList<(double Weak, double Strong)> ranked)
    {
        var n = ranked.Count;
        var weakTotal = ranked.Sum(r => r.Weak);
        var strongTotal = ranked.Sum(r => r.Strong);
        var gap = strongTotal - weakTotal;
        var pgr = new double[101];

        // prefix[k] = quality gained by sending the first k prompts to the strong model.
        var prefix = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            prefix[i + 1] = prefix[i] + (ranked[i].Strong - ranked[i].Weak);
        }

        for (var share = 0; share <= 100; share++)
        {
            var k = (int)Math.Round(share / 100.0 * n, MidpointRounding.AwayFromZero);
            pgr[share] = gap == 0 ? 1 : prefix[k] / gap;
        }

        return new QualityCurve(pgr, n);
    }

    /// <summary>The curve of a router that knows the answers: prompts where only the strong model is right go first.</summary>
    public static QualityCurve PerfectHindsight(IReadOnlyList<(double Weak, double Strong)> prompts) =>
        FromRanking(prompts.OrderByDescending(p => p.Strong - p.Weak).ToArray());

    /// <summary>The expected curve of a router that picks prompts at random: PGR equals the share.</summary>
    public static QualityCurve Random(int n) => new(Enumerable.Range(0, 101).Select(s => s / 100.0).ToArray(), n);
}
