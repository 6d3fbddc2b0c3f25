using LlmRouter;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the optional provider health monitor to the router registered by <c>AddLlmRouter()</c>.</summary>
public static class LlmRouterBuilderHealthExtensions
{
    /// <summary>
    /// Registers a hosted service that checks every configured provider (<see cref="ILlmProvider.CheckHealthAsync"/>) when the
    /// host starts and then every <see cref="HealthMonitoringOptions.Interval"/>, all at once, each within
    /// <see cref="HealthMonitoringOptions.Timeout"/>. A provider that fails its check has its routes skipped (cooled down, as
    /// <see cref="ILlmRouter.GetProvidersAsync"/> shows) until it passes one, which ends those cooldowns at once. Requests never
    /// wait for a check. Needs a host (<c>IHost</c>) to run; the options are validated at startup. Calling it again adds the
    /// configuration, not a second monitor.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets the interval and timeout, or <see langword="null"/> for the defaults (30 s, 5 s).</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddHealthMonitoring(this ILlmRouterBuilder builder, Action<HealthMonitoringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<HealthMonitoringOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthMonitoringOptions>, HealthMonitoringOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HealthMonitoringService>(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<HealthMonitoringOptions>>().Value;
            var time = sp.GetService<TimeProvider>() ?? TimeProvider.System;
            return new HealthMonitoringService(
                () => new ProviderHealthMonitor(
                    sp.GetRequiredService<RouterEngine>(),
                    sp.GetRequiredService<RouteHealthRegistry>(),
                    options,
                    time,
                    sp.GetService<ILoggerFactory>()?.CreateLogger<ProviderHealthMonitor>() ?? NullLogger<ProviderHealthMonitor>.Instance),
                options,
                time);
        }));
        return builder;
    }
}
