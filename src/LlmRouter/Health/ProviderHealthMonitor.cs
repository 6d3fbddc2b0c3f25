using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>
/// One round of health checks: asks every configured provider's <see cref="ILlmProvider.CheckHealthAsync"/> at once, each
/// within <see cref="HealthMonitoringOptions.Timeout"/>, and feeds the results to the route state the router reads.
/// </summary>
/// <remarks>
/// <para>
/// A provider that fails its check (unhealthy, an exception, or no answer in time) has every route the router may choose
/// for it (<see cref="RouteTable.Routable"/>) cooled down until the next round can tell: <see cref="HealthMonitoringOptions.Interval"/>
/// plus <see cref="HealthMonitoringOptions.Timeout"/> from now, renewed by every failed check. When it passes a check again, the
/// cooldowns the monitor set end at once; a cooldown something else extended since (a 429's Retry-After, the failure
/// threshold) is left to run. With <see cref="CooldownOptions.Enabled"/> off, nothing is cooled down.
/// </para>
/// <para>A change of a provider's state is logged once. Unconfigured providers are not checked: they take no traffic.</para>
/// </remarks>
internal sealed class ProviderHealthMonitor
{
    private readonly RouterEngine _engine;
    private readonly RouteHealthRegistry _health;
    private readonly HealthMonitoringOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ProviderState> _states = new(StringComparer.OrdinalIgnoreCase);

    public ProviderHealthMonitor(RouterEngine engine, RouteHealthRegistry health, HealthMonitoringOptions options, TimeProvider time, ILogger logger)
    {
        _engine = engine;
        _health = health;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised after each round, once every provider's result is applied (for tests).</summary>
    public event Action? RoundCompleted;

    /// <summary>Gets the last result of a provider's check, or <see langword="null"/> before its first.</summary>
    public ProviderHealth? GetLastResult(string provider) => _states.TryGetValue(provider, out var state) ? state.Last : null;

    /// <summary>Checks every configured provider in parallel and applies the results.</summary>
    /// <param name="stoppingToken">Stops the round; results not in yet are not applied.</param>
    public async Task CheckAllAsync(CancellationToken stoppingToken)
    {
        var providers = _engine.Table.Providers.Where(p => p.IsConfigured).ToArray();
        var checks = new Task[providers.Length];
        for (var i = 0; i < providers.Length; i++)
        {
            checks[i] = CheckAndApplyAsync(providers[i], stoppingToken);
        }

        await Task.WhenAll(checks).ConfigureAwait(false);
        RoundCompleted?.Invoke();
    }

    private async Task CheckAndApplyAsync(ILlmProvider provider, CancellationToken stoppingToken)
    {
        var result = await CheckAsync(provider, stoppingToken).ConfigureAwait(false);
        Apply(provider.Name, _states.GetOrAdd(provider.Name, static _ => new ProviderState()), result);
    }

    private async Task<ProviderHealth> CheckAsync(ILlmProvider provider, CancellationToken stoppingToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, stoppingToken);
        var start = _time.GetTimestamp();

        // On the thread pool, so a provider that blocks before its first await holds up neither the round nor the others.
        var check = Task.Run(() => provider.CheckHealthAsync(linked.Token).AsTask(), CancellationToken.None);
        try
        {
            // Waits on the token too, so a provider that ignores cancellation is still given up at the timeout.
            var health = await check.WaitAsync(linked.Token).ConfigureAwait(false);
            return health ?? new ProviderHealth(false, "the health check returned nothing");
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new ProviderHealth(false, $"no answer within {_options.Timeout}") { Latency = _time.GetElapsedTime(start) };
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ProviderHealth(false, $"the health check failed: {ex.Message}") { Latency = _time.GetElapsedTime(start) };
        }
        finally
        {
            // A check given up on may still fail later; its exception is observed here rather than left unobserved.
            _ = check.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private void Apply(string provider, ProviderState state, ProviderHealth result)
    {
        var wasUnhealthy = state.Last is { IsHealthy: false };
        state.Last = result;
        if (result.IsHealthy)
        {
            foreach (var (route, until) in state.Cooled)
            {
                _health.EndCooldown(route, until);
            }

            state.Cooled.Clear();
            if (wasUnhealthy)
            {
                HealthMonitorLog.BecameHealthy(_logger, provider);
            }

            return;
        }

        var untilTicks = _time.GetUtcNow().UtcTicks + _options.Interval.Ticks + _options.Timeout.Ticks;
        var routes = 0;
        foreach (var model in _engine.Table.Routable)
        {
            if (string.Equals(model.Provider, provider, StringComparison.OrdinalIgnoreCase) && _health.CoolDownUntil(model.Key, untilTicks))
            {
                state.Cooled[model.Key] = untilTicks;
                routes++;
            }
        }

        if (!wasUnhealthy)
        {
            HealthMonitorLog.BecameUnhealthy(_logger, provider, result.Detail ?? "unhealthy", routes);
        }
    }

    /// <summary>What the monitor knows of one provider; touched by one check at a time (rounds do not overlap).</summary>
    private sealed class ProviderState
    {
        public ProviderHealth? Last { get; set; }

        /// <summary>The routes the monitor cooled down, and until when.</summary>
        public Dictionary<string, long> Cooled { get; } = new(StringComparer.OrdinalIgnoreCase);
    }
}
