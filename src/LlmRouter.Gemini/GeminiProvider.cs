using System.Globalization;
using LlmRouter.Gemini.Chat;
using LlmRouter.Gemini.Embeddings;
using LlmRouter.Gemini.Http;
using LlmRouter.Gemini.Mapping;
using LlmRouter.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini;

/// <summary>Google Gemini through its native REST API (<c>v1beta</c>): chat, streaming, tools, structured output, embeddings and model listing.</summary>
/// <remarks>
/// Register it with <c>services.AddLlmRouter().AddGemini()</c>. Without a key it stays registered but unconfigured and never receives traffic.
/// Requests are sent once: the router owns retries.
/// </remarks>
public sealed class GeminiProvider : ILlmProvider, IModelDiscovery, IDisposable
{
    /// <summary>The provider's name, as in model keys (<c>gemini/gemini-2.5-flash</c>) and configuration (<c>LlmRouter:Providers:gemini</c>).</summary>
    public const string ProviderName = "gemini";

    private const int MaxListingPages = 20;
    private readonly GeminiApi? _api;
    private readonly HttpClient? _ownedHttpClient;
    private readonly ModelCatalog _catalog;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _healthCheckTimeout;

    /// <summary>Initializes a new instance of the <see cref="GeminiProvider"/> class.</summary>
    /// <param name="options">The options; the key falls back to <c>GEMINI_API_KEY</c>, then <c>GOOGLE_API_KEY</c>.</param>
    /// <param name="timeProvider">The clock for timeouts, timestamps and latency; <see langword="null"/> for the system clock.</param>
    /// <param name="catalog">The catalog whose facts discovered models keep; <see langword="null"/> for <see cref="ModelCatalog.Default"/>.</param>
    public GeminiProvider(GeminiProviderOptions options, TimeProvider? timeProvider = null, ModelCatalog? catalog = null)
        : this(options, timeProvider, catalog, ApiKeyEnvironmentVariables)
    {
    }

    internal GeminiProvider(GeminiProviderOptions options, TimeProvider? timeProvider, ModelCatalog? catalog, IReadOnlyList<string> environmentVariables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environmentVariables);
        _healthCheckTimeout = options.HealthCheckTimeout;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _catalog = catalog ?? ModelCatalog.Default;
        Endpoint = options.Endpoint ?? GeminiProviderOptions.DefaultEndpoint;
        var key = ProviderSettings.ResolveApiKey(options.ApiKey, environmentVariables, out var source);
        ApiKeySource = source;
        if (key is null)
        {
            NotConfiguredReason = $"no API key: set {string.Join(" or ", environmentVariables)} or LlmRouter:Providers:{ProviderName}:ApiKey";
            return;
        }

        MaskedApiKey = ProviderSettings.Mask(key);
        HttpClient http;
        if (options.HttpClient is { } supplied)
        {
            http = supplied;
        }
        else
        {
            // Our own client: no HttpClient.Timeout (the router's attempt timeout and NetworkTimeout govern), connections recycled for DNS changes.
            _ownedHttpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                Timeout = System.Threading.Timeout.InfiniteTimeSpan,
            };
            http = _ownedHttpClient;
        }

        _api = new GeminiApi(http, Endpoint, options.ApiVersion, key, options.NetworkTimeout, _timeProvider);
    }

    /// <summary>Gets the environment variables the key is read from when options and configuration have none, in order.</summary>
    public static IReadOnlyList<string> ApiKeyEnvironmentVariables { get; } = ["GEMINI_API_KEY", "GOOGLE_API_KEY"];

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    public bool IsLocal => false;

    /// <inheritdoc/>
    public bool IsConfigured => _api is not null;

    /// <inheritdoc/>
    public string? NotConfiguredReason { get; }

    /// <summary>Gets where the key came from: <c>options</c> (code or configuration) or the environment variable's name; <see langword="null"/> without a key.</summary>
    public string? ApiKeySource { get; }

    /// <summary>Gets the key in masked form (<c>…abcd</c>), for diagnostics; <see langword="null"/> without a key.</summary>
    public string? MaskedApiKey { get; }

    /// <summary>Gets the endpoint requests go to.</summary>
    public Uri Endpoint { get; }

    /// <inheritdoc/>
    /// <exception cref="LlmException">The provider has no API key (<see cref="LlmErrorKind.Authentication"/>).</exception>
    public IChatClient GetChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new GeminiChatClient(RequireApi(modelId), modelId);
    }

    /// <inheritdoc/>
    /// <exception cref="LlmException">The provider has no API key (<see cref="LlmErrorKind.Authentication"/>).</exception>
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new GeminiEmbeddingGenerator(RequireApi(modelId), modelId);
    }

    /// <summary>
    /// Checks the key and the endpoint by listing one model (<c>GET models?pageSize=1</c>), which costs no tokens, within
    /// <see cref="LlmProviderOptions.HealthCheckTimeout"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The health; never throws for provider failures or a server that does not answer in time.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        if (_api is null)
        {
            return new ProviderHealth(false, NotConfiguredReason);
        }

        var start = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(_healthCheckTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await _api.SendAsync(HttpMethod.Get, "models?pageSize=1", null, GeminiJsonContext.Default.GeminiListModelsResponse, null, linked.Token).ConfigureAwait(false);
            return new ProviderHealth(true, $"{Endpoint.Host} listed its models") { Latency = _timeProvider.GetElapsedTime(start) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new ProviderHealth(false, $"no answer within {_healthCheckTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s")
            {
                Latency = _timeProvider.GetElapsedTime(start),
            };
        }
        catch (LlmException ex)
        {
            return new ProviderHealth(false, $"{ex.Kind}: {ex.Message}") { Latency = _timeProvider.GetElapsedTime(start) };
        }
    }

    /// <summary>Lists the models the key can use (<c>GET models</c>, every page) that can chat or embed.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>
    /// Only the listed models: those in the catalog with the catalog's facts; the others with the listing's limits, tier Balanced,
    /// price 0 (unknown) and only the capabilities the listing shows. Empty when the provider has no key.
    /// </returns>
    /// <exception cref="LlmException">The listing failed.</exception>
    public async ValueTask<IReadOnlyList<ModelDescriptor>> DiscoverModelsAsync(CancellationToken cancellationToken = default)
    {
        if (_api is null)
        {
            return [];
        }

        var listed = new List<GeminiModelInfo?>();
        string? pageToken = null;
        for (var page = 0; page < MaxListingPages; page++)
        {
            var path = pageToken is null ? "models?pageSize=1000" : $"models?pageSize=1000&pageToken={Uri.EscapeDataString(pageToken)}";
            var response = await _api.SendAsync(HttpMethod.Get, path, null, GeminiJsonContext.Default.GeminiListModelsResponse, null, cancellationToken).ConfigureAwait(false);
            listed.AddRange(response.Models ?? []);
            pageToken = response.NextPageToken;
            if (string.IsNullOrEmpty(pageToken))
            {
                break;
            }
        }

        return GeminiMapper.ToModelDescriptors(listed, _catalog);
    }

    /// <summary>Releases the HTTP client the provider created (a supplied one is left alone).</summary>
    public void Dispose() => _ownedHttpClient?.Dispose();

    /// <inheritdoc/>
    public override string ToString() =>
        $"{ProviderName} ({Endpoint}, {(IsConfigured ? $"key {MaskedApiKey} from {ApiKeySource}" : NotConfiguredReason)})";

    private GeminiApi RequireApi(string modelId) =>
        _api ?? throw new LlmException(LlmErrorKind.Authentication, $"The Gemini provider is not configured: {NotConfiguredReason}.")
        {
            Provider = ProviderName,
            Model = modelId,
        };
}
