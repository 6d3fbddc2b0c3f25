using System.Globalization;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Models;
using Microsoft.Extensions.AI;

namespace LlmRouter.Anthropic;

/// <summary>Claude through Anthropic's Messages API, using the official <c>Anthropic</c> SDK and its <c>AsIChatClient</c>.</summary>
/// <remarks>
/// Errors become <see cref="LlmException"/> (overloaded and 5xx: Unavailable; 429: RateLimited with Retry-After; "prompt is too long":
/// ContextTooLong; billing: QuotaExhausted; authentication and permission: Authentication; not found: ModelNotFound; other invalid
/// requests: InvalidRequest), before and during streams. SDK retries are off: the router retries.
/// Usage counts cache reads and writes in <see cref="UsageDetails.InputTokenCount"/>, cache reads in
/// <see cref="UsageDetails.CachedInputTokenCount"/>, cache writes in <c>AdditionalCounts["cache_creation_input_tokens"]</c> and
/// thinking tokens in <see cref="UsageDetails.ReasoningTokenCount"/>.
/// </remarks>
public sealed class AnthropicProvider : ILlmProvider, IDisposable
{
    /// <summary>The provider's name.</summary>
    public const string ProviderName = "anthropic";

    /// <summary>The environment variable the API key is read from.</summary>
    public const string ApiKeyEnvironmentVariable = "ANTHROPIC_API_KEY";

    private readonly AnthropicProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly AnthropicClient? _client;
    private readonly string?[] _secrets = [];
    private readonly bool _ownsHttpClient;

    /// <summary>Initializes a new instance of the <see cref="AnthropicProvider"/> class.</summary>
    /// <param name="options">The options; a missing key is read from <c>ANTHROPIC_API_KEY</c>.</param>
    /// <param name="timeProvider">The clock; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public AnthropicProvider(AnthropicProviderOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, [ApiKeyEnvironmentVariable])
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AnthropicProvider"/> class, reading the key from the given variables (tests).</summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="apiKeyEnvironmentVariables">The environment variables to read the key from, in order.</param>
    internal AnthropicProvider(AnthropicProviderOptions options, TimeProvider? timeProvider, IReadOnlyList<string> apiKeyEnvironmentVariables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(apiKeyEnvironmentVariables);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (options.MaxOutputTokens is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxOutputTokens, $"{nameof(AnthropicProviderOptions.MaxOutputTokens)} must be positive.");
        }

        var apiKey = ProviderSettings.ResolveApiKey(options.ApiKey, apiKeyEnvironmentVariables, out var source);
        KeySource = source;
        if (apiKey is null)
        {
            var variables = string.Join(" or ", apiKeyEnvironmentVariables);
            NotConfiguredReason = $"no API key: set {variables} or {ProviderSettings.ConfigurationSection}:{ProviderName}:ApiKey";
            return;
        }

        _secrets = [apiKey];
        _ownsHttpClient = options.HttpClient is null;
        // The base URL is always explicit, so the SDK's own ANTHROPIC_BASE_URL lookup never redirects traffic unseen.
        var clientOptions = new ClientOptions { ApiKey = apiKey, BaseUrl = AnthropicProviderOptions.DefaultEndpoint.ToString().TrimEnd('/') };
        _client = new AnthropicClient(AnthropicClientSetup.Apply(clientOptions, options, _timeProvider));
    }

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    public bool IsLocal => false;

    /// <inheritdoc/>
    public bool IsConfigured => _client is not null;

    /// <inheritdoc/>
    public string? NotConfiguredReason { get; }

    /// <summary>Gets where the API key came from: <c>options</c> (options or configuration) or the environment variable's name.</summary>
    public string? KeySource { get; }

    /// <summary>Gets the endpoint requests go to.</summary>
    public Uri Endpoint => _options.Endpoint ?? AnthropicProviderOptions.DefaultEndpoint;

    /// <inheritdoc/>
    public IChatClient GetChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var client = _client ?? throw NotConfigured(modelId);
        return AnthropicClientSetup.CreateChatClient(client, ProviderName, modelId, _options.MaxOutputTokens, _secrets);
    }

    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always: Anthropic has no embeddings API.</exception>
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) =>
        throw new NotSupportedException(
            "Anthropic has no embeddings API. Use Voyage AI (Anthropic's recommended embeddings provider) or another provider's " +
            "embedding model, such as OpenAI's text-embedding-3-small or Gemini's text-embedding-004.");

    /// <inheritdoc/>
    /// <remarks>
    /// Lists one model (<c>GET /v1/models?limit=1</c>): checks the key and the endpoint without spending tokens. Waits at most
    /// <see cref="LlmProviderOptions.HealthCheckTimeout"/>; never throws but for the caller's cancellation.
    /// </remarks>
    public async ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        if (_client is null)
        {
            return new ProviderHealth(false, $"not configured: {NotConfiguredReason}");
        }

        var start = _timeProvider.GetTimestamp();
        var capture = ResponseCapture.Begin();
        using var deadline = new CancellationTokenSource(_options.HealthCheckTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await _client.Models.List(new ModelListParams { Limit = 1 }, linked.Token).ConfigureAwait(false);
            return new ProviderHealth(true, $"{Endpoint} answered") { Latency = _timeProvider.GetElapsedTime(start) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The health check was cancelled.", ex, cancellationToken);
        }
        catch (Exception) when (deadline.IsCancellationRequested)
        {
            // Whatever shape the SDK gave the cancellation (OperationCanceledException or an I/O error), the deadline passed.
            return new ProviderHealth(false, $"no answer within {_options.HealthCheckTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s")
            {
                Latency = _timeProvider.GetElapsedTime(start),
            };
        }
        catch (Exception ex)
        {
            var error = ProviderSettings.WithoutSecrets(AnthropicSdkMapper.ToLlmException(ex, ProviderName, null, capture), _secrets, AnthropicSdkMapper.RawErrorText);
            return new ProviderHealth(false, $"{error.Kind}: {error.Message}") { Latency = _timeProvider.GetElapsedTime(start) };
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _client?.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{nameof(AnthropicProvider)} {{ Endpoint = {Endpoint}, Configured = {IsConfigured}, Options = {_options} }}";

    private LlmException NotConfigured(string modelId) =>
        new(LlmErrorKind.Authentication, $"{ProviderName} is not configured: {NotConfiguredReason}")
        {
            Provider = ProviderName,
            Model = modelId,
        };
}
