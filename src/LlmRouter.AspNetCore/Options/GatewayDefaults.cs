namespace LlmRouter.AspNetCore;

/// <summary>The defaults and limits of the gateway's options, in one place.</summary>
internal static class GatewayDefaults
{
    /// <summary>The configuration section the gateway's options are bound from.</summary>
    public const string ConfigurationSection = "LlmRouter:Gateway";

    /// <summary>The model name that lets the router choose (<see cref="LlmRouterGatewayOptions.AutoModel"/>).</summary>
    public const string AutoModel = "auto";

    /// <summary>The largest request body accepted, in bytes (<see cref="LlmRouterGatewayOptions.MaxRequestBodySize"/>): 16 MiB, room for a few base64 images.</summary>
    public const long MaxRequestBodySize = 16L * 1024 * 1024;

    /// <summary>The shortest caller key accepted (<see cref="GatewayApiKey.Key"/>).</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>How long provider health checks are reused by <c>/health</c> and the dashboard (<see cref="LlmRouterGatewayOptions.HealthCacheDuration"/>).</summary>
    public static readonly TimeSpan HealthCacheDuration = TimeSpan.FromSeconds(10);

    /// <summary>How many recent routes the gateway keeps for the dashboard (<see cref="LlmRouterGatewayOptions.RecentRoutes"/>).</summary>
    public const int RecentRoutes = 100;

    /// <summary>The most recent routes the options accept.</summary>
    public const int RecentRoutesLimit = 10_000;

    /// <summary>How many days of spend the dashboard charts (<see cref="LlmRouterGatewayOptions.DashboardDays"/>).</summary>
    public const int DashboardDays = 14;

    /// <summary>The most days the options accept for the dashboard.</summary>
    public const int DashboardDaysLimit = 366;

    /// <summary>The Retry-After sent with a 429 when the provider named no wait (<see cref="LlmRouterGatewayOptions.DefaultRetryAfter"/>).</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    /// <summary>The path the dashboard is served under by default.</summary>
    public const string DashboardPath = "/dashboard";
}
