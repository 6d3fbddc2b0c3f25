namespace LlmRouter.AspNetCore;

/// <summary>What the dashboard page draws: provider health, spend and tokens by model and day, totals, and recent routes.</summary>
internal sealed class DashboardDto
{
    public DateTimeOffset GeneratedAt { get; init; }

    public string? Tenant { get; init; }

    public required List<string> Days { get; init; }

    public required List<ProviderHealthDto> Providers { get; init; }

    public required List<DailyModelUsageDto> Usage { get; init; }

    public required UsageSummaryDto Totals { get; init; }

    public required List<RecentRouteDto> Recent { get; init; }
}
