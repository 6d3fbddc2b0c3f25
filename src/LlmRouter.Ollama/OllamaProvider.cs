using Microsoft.Extensions.AI;
using OllamaSharp;

namespace LlmRouter.Ollama;

/// <summary>
/// The Ollama provider (<c>ollama</c>): a local (or remote) Ollama server through OllamaSharp. Needs no key; lists the models the server
/// has pulled (<see cref="IModelDiscovery"/>, <c>GET /api/tags</c>); checks health with <c>GET /api/version</c>.
/// </summary>
/// <remarks>
/// Every failure surfaces as an <see cref="LlmException"/>: a server that is not running is <see cref="LlmErrorKind.Unavailable"/>,
/// a model that is not pulled <see cref="LlmErrorKind.ModelNotFound"/> (the message says which <c>ollama pull</c> to run), and an error the
/// server reports in the middle of a stream (with status 200) is raised rather than dropped. Usage comes from the final chunk
/// (<c>prompt_eval_count</c>, <c>eval_count</c>) in both streaming and non-streaming calls.
/// </remarks>
public sealed class OllamaProvider : ILlmProvider, IModelDiscovery, IDisposable
{
    /// <summary>The provider's name, <c>ollama</c>.</summary>
    public const string ProviderName = "ollama";

    /// <summary>The environment variable the server address is read from when none is configured.</summary>
    public const string HostEnvironmentVariable = "OLLAMA_HOST";

    /// <summary>The environment variable an optional bearer key is read from when none is configured.</summary>
    public const string ApiKeyEnvironmentVariable = "OLLAMA_API_KEY";

    private readonly OllamaProviderOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ModelCatalog _catalog;
    private readonly HttpClient? _httpClient;
    private readonly string? _notConfiguredReason;
    private readonly string _maskedApiKey;
    private readonly string?[] _secrets;

    /// <summary>Initializes a new instance of the <see cref="OllamaProvider"/> class.</summary>
    /// <param name="options">The options; the provider keeps its own reading of them.</param>
    /// <param name="timeProvider">The clock for health-check latency and timeouts; <see langword="null"/> for the system clock.</param>
    /// <param name="catalog">The catalog discovered models take their facts from; <see langword="null"/> for <see cref="ModelCatalog.Default"/>.</param>
    public OllamaProvider(OllamaProviderOptions options, TimeProvider? timeProvider = null, ModelCatalog? catalog = null)
        : this(options, timeProvider, catalog, HostEnvironmentVariable, ApiKeyEnvironmentVariable)
    {
    }

    internal OllamaProvider(OllamaProviderOptions options, TimeProvider? timeProvider, ModelCatalog? catalog, string hostVariable, string apiKeyVariable)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _catalog = catalog ?? ModelCatalog.Default;
        var apiKey = ProviderSettings.ResolveApiKey(options.ApiKey, [apiKeyVariable], out var keySource);
        ApiKeySource = keySource;
        _maskedApiKey = ProviderSettings.Mask(apiKey);
        _secrets = [apiKey];
        if (!OllamaEndpoint.TryResolve(options.Endpoint, options.HttpClient, hostVariable, out var endpoint, out var endpointSource, out var error))
        {
            _notConfiguredReason = $"no usable Ollama address: {error}; set {hostVariable} or LlmRouter:Providers:ollama:Endpoint";
        }

        Endpoint = endpoint;
        EndpointSource = endpointSource;
        if (_notConfiguredReason is null)
        {
            HttpMessageHandler transport = options.HttpClient is { } custom
                ? new HttpClientForwardingHandler(custom)
                : new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) };
            _httpClient = new HttpClient(new OllamaHttpHandler(transport, apiKey, _timeProvider), disposeHandler: true)
            {
                BaseAddress = endpoint,
                Timeout = options.NetworkTimeout ?? Timeout.InfiniteTimeSpan,
            };
        }
    }

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <inheritdoc/>
    /// <value>Always <see langword="true"/>: Ollama runs on the host's own hardware (or one the host chose).</value>
    public bool IsLocal => true;

    /// <inheritdoc/>
    /// <value><see langword="true"/> unless the configured address is unusable; Ollama needs no key.</value>
    public bool IsConfigured => _notConfiguredReason is null;

    /// <inheritdoc/>
    public string? NotConfiguredReason => _notConfiguredReason;

    /// <summary>Gets the server address requests go to, ending in a slash, without user info (a password written in the address is dropped).</summary>
    public Uri Endpoint { get; }

    /// <summary>Gets where <see cref="Endpoint"/> came from: <c>options</c>, <c>HttpClient.BaseAddress</c>, <c>OLLAMA_HOST</c> or <c>default</c>.</summary>
    public string EndpointSource { get; }

    /// <summary>Gets where the optional bearer key came from (<c>options</c> or the variable's name), or <see langword="null"/> when none is set.</summary>
    public string? ApiKeySource { get; }

    /// <inheritdoc/>
    public IChatClient GetChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new OllamaChatClient(new OllamaApiClient(Http(), modelId), Endpoint, modelId, _secrets[0]);
    }

    /// <inheritdoc/>
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        return new OllamaEmbeddingGenerator(new OllamaApiClient(Http(), modelId), Endpoint, modelId, _secrets[0]);
    }

    /// <inheritdoc/>
    /// <remarks><c>GET /api/version</c> within <see cref="LlmProviderOptions.HealthCheckTimeout"/>; never throws but for the caller's cancellation.</remarks>
    public async ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        if (_notConfiguredReason is not null)
        {
            return new ProviderHealth(false, _notConfiguredReason);
        }

        var started = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.HealthCheckTimeout, _timeProvider);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var version = await new OllamaApiClient(Http()).GetVersionAsync(timeout.Token).ConfigureAwait(false);
            return new ProviderHealth(true, $"Ollama {(string.IsNullOrEmpty(version) ? "(version unknown)" : version)} at {OllamaEndpoint.Display(Endpoint)}")
            {
                Latency = _timeProvider.GetElapsedTime(started),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return new ProviderHealth(false, $"Ollama at {OllamaEndpoint.Display(Endpoint)} did not answer within {_options.HealthCheckTimeout.TotalSeconds:0.#} s")
            {
                Latency = _timeProvider.GetElapsedTime(started),
            };
        }
        catch (Exception ex)
        {
            return new ProviderHealth(false, ProviderSettings.WithoutSecrets(OllamaMapper.ToLlmException(ex, Endpoint, model: null), _secrets).Message)
            {
                Latency = _timeProvider.GetElapsedTime(started),
            };
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Lists <c>GET /api/tags</c>. Ids keep Ollama's tag (<c>llama3.2:latest</c>); facts come from the catalog when it knows the model
    /// (compared without <c>:latest</c>), else a context window and output limit of 8,192 tokens. A <c>name:latest</c> model the catalog does
    /// not know under <c>ollama/name</c> gets that key as an alias, so both names resolve.
    /// </remarks>
    /// <exception cref="LlmException">The server could not be reached or answered with an error.</exception>
    public async ValueTask<IReadOnlyList<ModelDescriptor>> DiscoverModelsAsync(CancellationToken cancellationToken = default)
    {
        if (_notConfiguredReason is not null)
        {
            return [];
        }

        IEnumerable<OllamaSharp.Models.Model> models;
        try
        {
            models = await new OllamaApiClient(Http()).ListLocalModelsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw ProviderSettings.WithoutSecrets(OllamaMapper.ToLlmException(ex, Endpoint, model: null), _secrets);
        }

        return (models ?? [])
            .Select(m => m?.Name)
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(n => OllamaMapper.ToModelDescriptor(n!, _catalog))
            .ToArray();
    }

    /// <summary>Releases the provider's own HTTP client (never a caller-supplied <see cref="LlmProviderOptions.HttpClient"/>).</summary>
    public void Dispose() => _httpClient?.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"OllamaProvider {{ Endpoint = {OllamaEndpoint.Display(Endpoint)} ({EndpointSource}), ApiKey = {_maskedApiKey} }}";

    private HttpClient Http() => _httpClient ?? throw new LlmException(LlmErrorKind.Unavailable, $"The Ollama provider is not configured: {_notConfiguredReason}.") { Provider = ProviderName };
}
