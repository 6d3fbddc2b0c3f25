using Anthropic.Core;
using Microsoft.Extensions.AI;

namespace LlmRouter.Anthropic;

/// <summary>How LlmRouter configures the Anthropic SDK's clients, the same for api.anthropic.com and Amazon Bedrock.</summary>
internal static class AnthropicClientSetup
{
    /// <summary>Applies LlmRouter's settings to SDK client options: no SDK retries (the router owns them), the network timeout,
    /// the caller's <see cref="HttpClient"/>, the endpoint, and the handler that records Retry-After.</summary>
    /// <param name="clientOptions">The SDK's options.</param>
    /// <param name="options">The provider's options.</param>
    /// <param name="timeProvider">The clock for Retry-After dates.</param>
    /// <returns>The options to build the client with.</returns>
    public static ClientOptions Apply(ClientOptions clientOptions, LlmProviderOptions options, TimeProvider timeProvider)
    {
        var configured = clientOptions with
        {
            MaxRetries = 0,
            Handlers = [new ResponseCaptureHandler(timeProvider)],
        };

        if (options.Endpoint is { } endpoint)
        {
            configured = configured with { BaseUrl = endpoint.ToString().TrimEnd('/') };
        }

        if (options.NetworkTimeout is { } timeout)
        {
            configured = configured with { Timeout = timeout };
        }

        if (options.HttpClient is { } httpClient)
        {
            configured = configured with { HttpClient = httpClient };
        }

        return configured;
    }

    /// <summary>Makes the router-facing chat client of one model.</summary>
    /// <param name="client">The SDK client.</param>
    /// <param name="providerName">The provider's name.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="maxOutputTokens">The default <c>max_tokens</c>, or <see langword="null"/> for the SDK's default (1024).</param>
    /// <param name="secrets">The secrets the provider sends, kept out of error messages; <see langword="null"/> when there are none.</param>
    /// <returns>The chat client.</returns>
    public static IChatClient CreateChatClient(global::Anthropic.IAnthropicClient client, string providerName, string modelId, int? maxOutputTokens, IEnumerable<string?>? secrets = null) =>
        new AnthropicChatClient(client.AsIChatClient(modelId, maxOutputTokens), providerName, modelId, secrets);
}
