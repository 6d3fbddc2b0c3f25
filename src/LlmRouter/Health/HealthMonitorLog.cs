using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>The health monitor's log messages (source-generated); each is written once per change of a provider's state.</summary>
internal static partial class HealthMonitorLog
{
    [LoggerMessage(101, LogLevel.Warning, "Provider {Provider} failed its health check ({Detail}); its {Routes} routes are skipped until it passes one")]
    public static partial void BecameUnhealthy(ILogger logger, string provider, string detail, int routes);

    [LoggerMessage(102, LogLevel.Information, "Provider {Provider} passed its health check again; its routes are back")]
    public static partial void BecameHealthy(ILogger logger, string provider);
}
