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
    public static QualityCurve FromRanking(IReadOnlyList<(double Weak, double Strong)> ranked) =>
        FromScores(ranked.Select((r, i) => (Score: (double)-i, r.Weak, r.Strong)).ToArray());

    /// <summary>
    /// Builds the curve of a router that scores prompts: the highest scores go to the strong model first. Prompts with equal
    /// scores are one group the router cannot tell apart, so a share that takes part of a group takes that part of its gain
    /// (the expectation over every order within the group): a router that gives every prompt one score is exactly random.
    /// </summary>
    /// <param name="scored">(score, weak score, strong score) per prompt, in any order.</param>
    public static QualityCurve FromScores(IReadOnlyList<(double Score, double Weak, double Strong)> scored)
    {
        var n = scored.Count;
        var ordered = scored.OrderByDescending(s => s.Score).ToArray();
        var gap = ordered.Sum(r => r.Strong) - ordered.Sum(r => r.Weak);

        // gained[k] = the expected quality gained by sending the first k prompts to the strong model, ties shared out.
        var gained = new double[n + 1];
        var start = 0;
        while (start < n)
        {
            var end = start + 1;
            while (end < n && ordered[end].Score == ordered[start].Score)
            {
                end++;
            }

            var groupGain = 0.0;
            for (var i = start; i < end; i++)
            {
                groupGain += ordered[i].Strong - ordered[i].Weak;
            }

            for (var i = start; i < end; i++)
            {
                gained[i + 1] = gained[start] + (groupGain * (i + 1 - start) / (end - start));
            }

            start = end;
        }

        var pgr = new double[101];
        for (var share = 0; share <= 100; share++)
        {
            var k = (int)Math.Round(share / 100.0 * n, MidpointRounding.AwayFromZero);
            pgr[share] = gap == 0 ? 1 : gained[k] / gap;
        }

        return new QualityCurve(pgr, n);
    }

    /// <summary>The curve of a router that knows the answers: prompts where only the strong model is right go first.</summary>
    public static QualityCurve PerfectHindsight(IReadOnlyList<(double Weak, double Strong)> prompts) =>
        FromRanking(prompts.OrderByDescending(p => p.Strong - p.Weak).ToArray());

    /// <summary>The expected curve of a router that picks prompts at random: PGR equals the share.</summary>
    public static QualityCurve Random(int n) => new(Enumerable.Range(0, 101).Select(s => s / 100.0).ToArray(), n);
}
