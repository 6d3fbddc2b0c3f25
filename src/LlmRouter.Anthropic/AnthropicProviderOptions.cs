namespace LlmRouter.Anthropic;

/// <summary>Options of the Anthropic provider (<c>AddAnthropic()</c>), bound from <c>LlmRouter:Providers:anthropic</c>.</summary>
/// <remarks>
/// <para><see cref="LlmProviderOptions.ApiKey"/>: <see langword="null"/> reads <c>ANTHROPIC_API_KEY</c>.</para>
/// <para><see cref="LlmProviderOptions.Endpoint"/>: <see langword="null"/> is <c>https://api.anthropic.com</c>, the SDK's default;
/// set it for a proxy or gateway that speaks the Messages API (the SDK appends <c>/v1/messages</c>).</para>
/// <para><see cref="LlmProviderOptions.NetworkTimeout"/>: <see langword="null"/> keeps the SDK's own timeout (10 minutes);
/// the router's attempt timeout applies either way.</para>
/// </remarks>
public sealed class AnthropicProviderOptions : LlmProviderOptions
{
    /// <summary>The API's public endpoint.</summary>
    public static readonly Uri DefaultEndpoint = new("https://api.anthropic.com");

    /// <summary>Gets or sets the <c>max_tokens</c> sent when a request's <c>ChatOptions.MaxOutputTokens</c> is not set.</summary>
    /// <value><see langword="null"/>: the SDK's default of 1024 tokens. The Messages API requires a value on every request.</value>
    public int? MaxOutputTokens { get; set; }
}
