namespace LlmRouter;

/// <summary>What every provider package's options have: a key and an endpoint, read from options, configuration or the environment.</summary>
/// <remarks>
/// Provider packages bind their options from <c>LlmRouter:Providers:&lt;name&gt;</c> and fall back to the provider's usual
/// environment variable (<see cref="ProviderSettings.ResolveApiKey"/>). <see cref="ToString"/> never shows the key.
/// </remarks>
public class LlmProviderOptions
{
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

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name} {{ Endpoint = {Endpoint?.ToString() ?? "default"}, ApiKey = {ProviderSettings.Mask(ApiKey)} }}";
}
