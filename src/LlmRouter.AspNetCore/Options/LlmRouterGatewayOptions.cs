namespace LlmRouter.AspNetCore;

/// <summary>Options of the OpenAI-compatible gateway, bound from <c>LlmRouter:Gateway</c>.</summary>
public sealed class LlmRouterGatewayOptions
{
    /// <summary>Gets the caller keys. When any is set, every request must carry one of them, and its tenant is the request's tenant.</summary>
    /// <value>Empty by default: the gateway is open and requests have no tenant (bind it to loopback, or put it behind your own authentication).</value>
    public IList<GatewayApiKey> ApiKeys { get; } = [];

    /// <summary>Gets or sets the largest request body accepted; a larger one is refused with 413 before it is read.</summary>
    /// <value>16 MiB.</value>
    public long MaxRequestBodySize { get; set; } = GatewayDefaults.MaxRequestBodySize;

    /// <summary>Gets or sets the model name that lets the router choose the model.</summary>
    /// <value><c>auto</c>.</value>
    public string AutoModel { get; set; } = GatewayDefaults.AutoModel;

    /// <summary>Gets or sets how long provider health checks are reused by <c>/health</c> and the dashboard, so probes do not call providers each time.</summary>
    /// <value>10 seconds.</value>
    public TimeSpan HealthCacheDuration { get; set; } = GatewayDefaults.HealthCacheDuration;

    /// <summary>Gets or sets how many recent routes (with their attempts) the gateway keeps for the dashboard.</summary>
    /// <value>100.</value>
    public int RecentRoutes { get; set; } = GatewayDefaults.RecentRoutes;

    /// <summary>Gets or sets how many days of spend and tokens the dashboard charts.</summary>
    /// <value>14.</value>
    public int DashboardDays { get; set; } = GatewayDefaults.DashboardDays;

    /// <summary>Gets or sets the Retry-After sent with a 429 when the provider did not say how long to wait.</summary>
    /// <value>1 second.</value>
    public TimeSpan DefaultRetryAfter { get; set; } = GatewayDefaults.DefaultRetryAfter;
}
