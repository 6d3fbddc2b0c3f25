using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>
/// Adds the models local servers list (<see cref="IModelDiscovery"/>) to the route table: on the first plan, every
/// <see cref="LlmRouterDefaults.DiscoveryInterval"/>, and when an unknown model is asked for. Free when no provider discovers.
/// </summary>
/// <remarks>
/// Only local providers are asked: their models are free and change as the host pulls them, whereas a hosted provider's
/// listing would cost a network call per refresh and bring in models without prices.
/// </remarks>
internal sealed class ModelDiscoveryRefresher
{
    private readonly RouteTable _table;
    private readonly IModelDiscovery[] _discoverers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _discoveredAt; // UTC ticks of the last listing; 0 = never

    public ModelDiscoveryRefresher(RouteTable table, TimeProvider time, ILogger logger)
    {
        _table = table;
        _time = time;
        _logger = logger;
        _discoverers = table.Providers.Where(p => p.IsLocal).OfType<IModelDiscovery>().ToArray();
    }

    /// <summary>Gets a value indicating whether any provider discovers models.</summary>
    public bool Enabled => _discoverers.Length > 0;

    /// <summary>Refreshes discovered models when they were never listed or are older than the interval.</summary>
    /// <param name="force">Refresh even when fresh (an unknown model was asked for), at most every <see cref="LlmRouterDefaults.ForcedDiscoveryMinInterval"/>.</param>
    /// <param name="cancellationToken">Cancels waiting for the refresh.</param>
    public ValueTask RefreshIfDueAsync(bool force, CancellationToken cancellationToken)
    {
        if (_discoverers.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        var age = _time.GetUtcNow().UtcTicks - Volatile.Read(ref _discoveredAt);
        var due = age > (force ? LlmRouterDefaults.ForcedDiscoveryMinInterval : LlmRouterDefaults.DiscoveryInterval).Ticks;
        return due ? new ValueTask(RefreshAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = _time.GetUtcNow().UtcTicks;
            if (started - Volatile.Read(ref _discoveredAt) <= LlmRouterDefaults.ForcedDiscoveryMinInterval.Ticks)
            {
                return; // another request refreshed while this one waited
            }

            var found = new List<ModelDescriptor>();
            foreach (var discoverer in _discoverers)
            {
                if (discoverer is ILlmProvider { IsConfigured: false })
                {
                    continue;
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                using var timer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), timeout, LlmRouterDefaults.DiscoveryTimeout, Timeout.InfiniteTimeSpan);
                try
                {
                    found.AddRange(await discoverer.DiscoverModelsAsync(timeout.Token).ConfigureAwait(false));
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    RouterLog.DiscoveryFailed(_logger, (discoverer as ILlmProvider)?.Name ?? discoverer.GetType().Name, SecretRedactor.ForLog(ex));
                }
            }

            var added = _table.AddDiscovered(found);
            if (added > 0)
            {
                RouterLog.ModelsDiscovered(_logger, added);
            }

            Volatile.Write(ref _discoveredAt, started);
        }
        finally
        {
            _gate.Release();
        }
    }
}
