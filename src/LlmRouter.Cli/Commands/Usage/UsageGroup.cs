using System.Globalization;

namespace LlmRouter.Cli.Commands.Usage;

/// <summary>One line of <c>usage</c>: the totals of one model, provider or day.</summary>
/// <param name="Name">The model key, provider name or day (<c>yyyy-MM-dd</c>).</param>
/// <param name="Totals">Its totals.</param>
internal sealed record UsageGroup(string Name, UsageTotals Totals)
{
    /// <summary>The groupings <c>--by</c> takes.</summary>
    public static readonly string[] Groupings = ["model", "provider", "day"];

    /// <summary>Groups a summary: models and providers by cost (most first), days in date order.</summary>
    /// <param name="summary">The summary.</param>
    /// <param name="by"><c>model</c>, <c>provider</c> or <c>day</c>.</param>
    /// <returns>The groups.</returns>
    public static IReadOnlyList<UsageGroup> From(UsageSummary summary, string by) => by switch
    {
        "day" => [.. summary.ByDay.OrderBy(p => p.Key).Select(p => new UsageGroup(p.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.Value))],
        "provider" => ByCost(summary.ByProvider),
        _ => ByCost(summary.ByModel),
    };

    private static UsageGroup[] ByCost(IReadOnlyDictionary<string, UsageTotals> totals) =>
        [.. totals.OrderByDescending(p => p.Value.Cost).ThenByDescending(p => p.Value.Requests).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new UsageGroup(p.Key, p.Value))];
}
