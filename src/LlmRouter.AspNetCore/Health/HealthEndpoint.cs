using Microsoft.AspNetCore.Http;

namespace LlmRouter.AspNetCore;

/// <summary>
/// <c>GET /health</c>: 200 while some configured provider is healthy, 503 when none is, for load balancers. Open to every
/// caller, it names providers and whether they are healthy; details and per-route state go only to callers with a key.
/// </summary>
internal sealed class HealthEndpoint
{
    private readonly HealthMonitor _monitor;

    public HealthEndpoint(HealthMonitor monitor)
    {
        _monitor = monitor;
    }

    public async Task HandleAsync(HttpContext context, GatewayCaller? caller)
    {
        var report = await _monitor.GetAsync(context.RequestAborted).ConfigureAwait(false);
        var status = report.Status;
        context.Response.StatusCode = status == "unavailable" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
        context.Response.Headers.CacheControl = "no-store";
        var dto = new HealthDto { Status = status, CheckedAt = report.CheckedAt, Providers = Providers(report, detailed: caller is not null) };
        await GatewayJson.WriteAsync(context.Response, dto, GatewayJsonContext.Default.HealthDto).ConfigureAwait(false);
    }

    public static List<ProviderHealthDto> Providers(HealthMonitor.Report report, bool detailed)
    {
        var list = new List<ProviderHealthDto>(report.Providers.Count);
        foreach (var p in report.Providers)
        {
            list.Add(new ProviderHealthDto
            {
                Name = p.Name,
                Configured = p.IsConfigured,
                Healthy = p.IsConfigured && p.IsHealthy,
                Local = p.IsLocal,
                LatencyMs = p.Latency is { } latency ? Math.Round(latency.TotalMilliseconds, 1) : null,
                Detail = detailed ? p.Detail : null,
                Routes = detailed ? p.Routes.Select(r => new RouteHealthDto
                {
                    Model = r.ModelKey,
                    CoolingDown = r.IsCoolingDown,
                    CooldownUntil = r.CooldownUntil,
                    AverageLatencyMs = r.AverageLatency is { } avg ? Math.Round(avg.TotalMilliseconds, 1) : null,
                    RecentFailures = r.RecentFailures,
                }).ToList() : null,
            });
        }

        return list;
    }
}
