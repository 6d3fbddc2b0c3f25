using Microsoft.Extensions.Hosting;

namespace LlmRouter;

/// <summary>
/// The hosted service <c>AddHealthMonitoring()</c> registers: a round of <see cref="ProviderHealthMonitor"/> checks at start,
/// then one every <see cref="HealthMonitoringOptions.Interval"/> after the previous round ends, on the container's
/// <see cref="TimeProvider"/>. It runs beside the router, which never waits for it.
/// </summary>
internal sealed class HealthMonitoringService : BackgroundService
{
    private readonly Lazy<ProviderHealthMonitor> _monitor;
    private readonly HealthMonitoringOptions _options;
    private readonly TimeProvider _time;

    /// <param name="monitor">Creates the monitor (and so the router) when the service starts, not when it is constructed.</param>
    /// <param name="options">The interval and timeout.</param>
    /// <param name="time">The clock.</param>
    public HealthMonitoringService(Func<ProviderHealthMonitor> monitor, HealthMonitoringOptions options, TimeProvider time)
    {
        _monitor = new Lazy<ProviderHealthMonitor>(monitor);
        _options = options;
        _time = time;
    }

    /// <summary>Gets the monitor.</summary>
    public ProviderHealthMonitor Monitor => _monitor.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var monitor = _monitor.Value;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await monitor.CheckAllAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(_options.Interval, _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
