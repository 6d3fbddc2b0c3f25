namespace LlmRouter;

/// <summary>What every provider package's options have: a key and an endpoint, read from options, configuration or the environment.</summary>
/// <remarks>
/// Provider packages bind their options from <c>LlmRouter:Providers:&lt;name&gt;</c> and fall back to the provider's usual
/// environment variable (<see cref="ProviderSettings.ResolveApiKey"/>). <see cref="ToString"/> never shows the key.
/// </remarks>
public class LlmProviderOptions
{
    private TimeSpan _healthCheckTimeout = LlmProviderDefaults.HealthCheckTimeout;

    /// <summary>Gets or sets the API key.</summary>
    /// <value><see langword="null"/>: taken from configuration or the provider's environment variable.</value>
    public string? ApiKey { get; set; }

    /// <summary>Gets or sets the API's base address.</summary>
    /// <value><see langword="null"/>: the provider's public endpoint.</value>
    public Uri? Endpoint { get; set; }

    /// <summary>Gets or sets how long one HTTP request may take before the provider's client gives up.</summary>
    /// <value><see langword="null"/>: the router's <see cref="LlmRouterOptions.AttemptTimeout"/> governs.</value>
    public TimeSpan? NetworkTimeout { get; set; }

    /// <summary>Gets or sets the <see cref="System.Net.Http.HttpClient"/> to send requests with (custom handlers, proxies, tests).</summary>
    /// <value><see langword="null"/>: the provider creates its own.</value>
    public HttpClient? HttpClient { get; set; }

    /// <summary>Gets or sets how long a health check (<see cref="ILlmProvider.CheckHealthAsync"/>) may take before the provider counts as unhealthy.</summary>
    /// <value>5 seconds. A check that gets no answer in time reports unhealthy (<c>no answer within 5 s</c>) rather than throwing or
    /// waiting for <see cref="NetworkTimeout"/>. <see cref="Timeout.InfiniteTimeSpan"/> waits as long as the check takes.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative (other than <see cref="Timeout.InfiniteTimeSpan"/>).</exception>
    public TimeSpan HealthCheckTimeout
    {
        get => _healthCheckTimeout;
        set
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{nameof(HealthCheckTimeout)} must be positive or Timeout.InfiniteTimeSpan.");
            }

            _healthCheckTimeout = value;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name} {{ Endpoint = {Endpoint?.ToString() ?? "default"}, ApiKey = {ProviderSettings.Mask(ApiKey)} }}";
}
