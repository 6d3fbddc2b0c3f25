namespace LlmRouter;

/// <summary>Run-time model discovery: providers that implement <see cref="IModelDiscovery"/> add the models they serve to the router's catalog.</summary>
internal sealed partial class RouterEngine
{
    /// <summary>How often discovered model lists are refreshed.</summary>
    internal static readonly TimeSpan DiscoveryInterval = TimeSpan.FromMinutes(5);

    /// <summary>How long one provider may take to list its models before the router carries on without them.</summary>
    internal static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(3);

    private readonly IModelDiscovery[] _discoverers;
    private readonly SemaphoreSlim _discoveryGate = new(1, 1);
    private volatile ModelCatalog _catalog;
    private volatile ModelDescriptor[] _routable;
    private long _discoveredAt; // UTC ticks of the last listing; 0 = never

    /// <summary>Refreshes discovered models when they were never listed or are older than <see cref="DiscoveryInterval"/>; free when no provider discovers.</summary>
    /// <param name="force">Refresh even when fresh (an unknown model was asked for), at most every few seconds.</param>
    /// <param name="cancellationToken">Cancels waiting for the refresh.</param>
    internal ValueTask EnsureModelsDiscoveredAsync(bool force, CancellationToken cancellationToken)
    {
        if (_discoverers.Length == 0)
        {
            return ValueTask.CompletedTask;
        }

        var age = _time.GetUtcNow().UtcTicks - Volatile.Read(ref _discoveredAt);
        var due = force ? age > TimeSpan.FromSeconds(10).Ticks : age > DiscoveryInterval.Ticks;
        return due ? new ValueTask(DiscoverAsync(cancellationToken)) : ValueTask.CompletedTask;
    }

    private async Task DiscoverAsync(CancellationToken cancellationToken)
    {
        await _discoveryGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = _time.GetUtcNow().UtcTicks;
            if (started - Volatile.Read(ref _discoveredAt) <= TimeSpan.FromSeconds(10).Ticks)
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
                using var timer = _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), timeout, DiscoveryTimeout, Timeout.InfiniteTimeSpan);
                try
                {
                    found.AddRange(await discoverer.DiscoverModelsAsync(timeout.Token).ConfigureAwait(false));
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.DiscoveryFailed(_logger, (discoverer as ILlmProvider)?.Name ?? discoverer.GetType().Name, ex);
                }
            }

            var current = _catalog;
            var added = found.Where(m => m is not null && !current.TryResolve(m.Key, out _)).DistinctBy(m => m.Key, StringComparer.OrdinalIgnoreCase).ToArray();
            if (added.Length > 0)
            {
                var catalog = current.WithModels(added);
                _routable = ComputeRoutable(catalog);
                _catalog = catalog;
                Log.ModelsDiscovered(_logger, added.Length);
            }

            Volatile.Write(ref _discoveredAt, started);
        }
        finally
        {
            _discoveryGate.Release();
        }
    }
}
