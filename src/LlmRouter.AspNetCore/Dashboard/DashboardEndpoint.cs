using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>The dashboard's data (<c>GET {path}/api/data</c>, behind the caller keys): the caller's tenant's view, or everyone's on a gateway without keys.</summary>
internal sealed class DashboardEndpoint
{
    private readonly HealthMonitor _health;
    private readonly IUsageTracker _usage;
    private readonly RecentRoutes _recent;
    private readonly TimeProvider _time;
    private readonly int _days;

    public DashboardEndpoint(HealthMonitor health, IUsageTracker usage, RecentRoutes recent, TimeProvider time, IOptions<LlmRouterGatewayOptions> options)
    {
        _health = health;
        _usage = usage;
        _recent = recent;
        _time = time;
        _days = options.Value.DashboardDays;
    }

    public async Task HandleAsync(HttpContext context, GatewayCaller caller)
    {
        var aborted = context.RequestAborted;
        var tenant = caller.Tenant;
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var first = today.AddDays(1 - _days);
        var days = new List<string>(_days);
        var usage = new List<DailyModelUsageDto>();
        for (var day = first; day <= today; day = day.AddDays(1))
        {
            var name = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            days.Add(name);
            var from = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var summary = await _usage.GetSummaryAsync(new UsageQuery { Tenant = tenant, From = from, To = from.AddDays(1) }, aborted).ConfigureAwait(false);
            foreach (var (model, totals) in summary.ByModel.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                usage.Add(new DailyModelUsageDto { Day = name, Model = model, Requests = totals.Requests, InputTokens = totals.InputTokens, OutputTokens = totals.OutputTokens, Cost = totals.Cost });
            }
        }

        var windowStart = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var totalsSummary = await _usage.GetSummaryAsync(new UsageQuery { Tenant = tenant, From = windowStart }, aborted).ConfigureAwait(false);
        var health = await _health.GetAsync(aborted).ConfigureAwait(false);
        var dto = new DashboardDto
        {
            GeneratedAt = _time.GetUtcNow(),
            Tenant = tenant,
            Days = days,
            Providers = HealthEndpoint.Providers(health, detailed: true),
            Usage = usage,
            Totals = UsageEndpoint.ToDto(totalsSummary, tenant, windowStart, null),
            Recent = _recent.Snapshot(tenant, all: tenant is null),
        };

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        await GatewayJson.WriteAsync(context.Response, dto, GatewayJsonContext.Default.DashboardDto).ConfigureAwait(false);
    }
}
