using Microsoft.Extensions.Options;

namespace LlmRouter.AspNetCore;

/// <summary>
/// Reuses the router's provider report (<see cref="ILlmRouter.GetProvidersAsync"/>) for <see cref="LlmRouterGatewayOptions.HealthCacheDuration"/>,
/// so that load-balancer probes and dashboards do not call every provider's health check each time; one refresh runs at a time.
/// </summary>
internal sealed class HealthMonitor
{
    private readonly ILlmRouter _router;
    private readonly TimeSpan _cacheFor;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Report? _last;

    public HealthMonitor(ILlmRouter router, IOptions<LlmRouterGatewayOptions> options, TimeProvider time)
    {
        _router = router;
        _cacheFor = options.Value.HealthCacheDuration;
        _time = time;
    }

    public async ValueTask<Report> GetAsync(CancellationToken cancellationToken)
    {
        if (_last is { } fresh && _time.GetUtcNow() - fresh.CheckedAt < _cacheFor)
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_last is { } refreshed && _time.GetUtcNow() - refreshed.CheckedAt < _cacheFor)
            {
                return refreshed;
            }

            var providers = await _router.GetProvidersAsync(cancellationToken).ConfigureAwait(false);
            var report = new Report(_time.GetUtcNow(), providers);
            _last = report;
            return report;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Providers' states as of a time.</summary>
    internal sealed record Report(DateTimeOffset CheckedAt, IReadOnlyList<ProviderStatus> Providers)
    {
        /// <summary>Gets <c>ok</c> when every configured provider is healthy, <c>degraded</c> when some are, <c>unavailable</c> when none is.</summary>
        public string Status
        {
            get
            {
                var configured = Providers.Count(p => p.IsConfigured);
                var healthy = Providers.Count(p => p.IsConfigured && p.IsHealthy);
                return healthy == 0 ? "unavailable" : healthy == configured ? "ok" : "degraded";
            }
        }
    }
}
