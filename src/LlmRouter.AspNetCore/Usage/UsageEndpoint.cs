using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LlmRouter.AspNetCore;

/// <summary><c>GET /v1/usage[?from=…&amp;to=…]</c>: the caller's tenant's usage (everyone's on a gateway without keys), every attempt counted, failed ones too.</summary>
internal sealed class UsageEndpoint
{
    private readonly IUsageTracker _tracker;

    public UsageEndpoint(IUsageTracker tracker)
    {
        _tracker = tracker;
    }

    public async Task HandleAsync(HttpContext context, GatewayCaller caller)
    {
        var from = Time(context.Request.Query["from"], "from");
        var to = Time(context.Request.Query["to"], "to");
        var summary = await _tracker.GetSummaryAsync(new UsageQuery { Tenant = caller.Tenant, From = from, To = to }, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = StatusCodes.Status200OK;
        await GatewayJson.WriteAsync(context.Response, ToDto(summary, caller.Tenant, from, to), GatewayJsonContext.Default.UsageSummaryDto).ConfigureAwait(false);
    }

    public static UsageSummaryDto ToDto(UsageSummary summary, string? tenant, DateTimeOffset? from, DateTimeOffset? to) => new()
    {
        Tenant = tenant,
        From = from,
        To = to,
        Requests = summary.Requests,
        Successful = summary.Successful,
        Failed = summary.Failed,
        InputTokens = summary.InputTokens,
        OutputTokens = summary.OutputTokens,
        CachedInputTokens = summary.CachedInputTokens,
        Cost = summary.Cost,
        AverageLatencyMs = Math.Round(summary.AverageLatency.TotalMilliseconds, 3),
        ByProvider = summary.ByProvider.ToDictionary(kv => kv.Key, kv => UsageTotalsDto.From(kv.Value), StringComparer.Ordinal),
        ByModel = summary.ByModel.ToDictionary(kv => kv.Key, kv => UsageTotalsDto.From(kv.Value), StringComparer.Ordinal),
        ByDay = summary.ByDay.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), kv => UsageTotalsDto.From(kv.Value), StringComparer.Ordinal),
    };

    /// <summary>Reads an ISO 8601 date (UTC midnight) or date and time.</summary>
    private static DateTimeOffset? Time(string? value, string name)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new GatewayException(GatewayError.BadRequest($"'{name}' must be an ISO 8601 date or date and time, such as 2026-12-01 or 2026-12-01T09:30:00Z.", name));
    }
}
