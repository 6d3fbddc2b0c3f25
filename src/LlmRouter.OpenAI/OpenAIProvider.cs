using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmRouter.OpenAI;

/// <summary>
/// An <see cref="ILlmProvider"/> for OpenAI and every OpenAI-compatible host, on the official OpenAI SDK and the
/// Microsoft.Extensions.AI adapter; SDK retries are off (the router retries), failures are <see cref="LlmException"/>s.
/// </summary>
internal class OpenAIProvider : ILlmProvider
{
    private readonly OpenAIProviderOptions _options;
    private readonly Lazy<(OpenAIClient Client, ClientPipeline Pipeline)> _client;

    public OpenAIProvider(OpenAIPreset preset, OpenAIProviderOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(preset);
        ArgumentNullException.ThrowIfNull(options);
        Preset = preset;
        _options = options;
        TimeProvider = timeProvider ?? TimeProvider.System;
        ApiKey = ProviderSettings.ResolveApiKey(options.ApiKey, preset.ApiKeyVariables, out var source);
        ApiKeySource = source;
        Endpoint = ResolveEndpoint(preset, options.Endpoint, out var endpointProblem);
        NotConfiguredReason = DescribeMissing(preset, ApiKey, Endpoint, endpointProblem);
        Mapper = new OpenAIErrorMapper(preset.Name, ApiKey, TimeProvider);
        _client = new Lazy<(OpenAIClient, ClientPipeline)>(CreateClient, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public string Name => Preset.Name;

    /// <inheritdoc />
    public bool IsLocal => Preset.IsLocal;

    /// <inheritdoc />
    public bool IsConfigured => NotConfiguredReason is null;

    /// <inheritdoc />
    public string? NotConfiguredReason { get; }

    /// <summary>Gets the host's table entry.</summary>
    public OpenAIPreset Preset { get; }

    /// <summary>Gets the base address requests go to (<c>…/v1</c>), or <see langword="null"/> when none is configured.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Gets where the key came from: <c>options</c> (options or configuration), an environment variable's name, or <see langword="null"/>.</summary>
    public string? ApiKeySource { get; }

    internal string? ApiKey { get; }

    internal OpenAIErrorMapper Mapper { get; }

    protected TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public IChatClient GetChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        var client = Client.GetChatClient(modelId).AsIChatClient();
        return new OpenAIChatClient(client, Mapper, Preset, modelId, _options.ThrowOnContentFilter, ApiKey);
    }

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        if (!Preset.SupportsEmbeddings)
        {
            throw new NotSupportedException(
                $"{Preset.DisplayName} ({Preset.Name}) has no embeddings API. Use an embedding model of another provider, such as openai/text-embedding-3-small, mistral/mistral-embed or a local server (vllm, lmstudio, ollama).");
        }

        var generator = Client.GetEmbeddingClient(modelId).AsIEmbeddingGenerator();
        return new OpenAIEmbeddingGenerator(generator, Mapper, modelId);
    }

    /// <inheritdoc />
    public async ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        if (NotConfiguredReason is { } reason)
        {
            return new ProviderHealth(false, reason);
        }

        var start = TimeProvider.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.HealthCheckTimeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var models = await ListModelsAsync(linked.Token).ConfigureAwait(false);
            return new ProviderHealth(true, $"{Endpoint} answered /models with {models.Count} model(s)") { Latency = TimeProvider.GetElapsedTime(start) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new ProviderHealth(false, $"{Endpoint} did not answer /models within {_options.HealthCheckTimeout.TotalSeconds:0.#} s") { Latency = TimeProvider.GetElapsedTime(start) };
        }
        catch (LlmException ex) when (ex.StatusCode is 404 or 405)
        {
            return new ProviderHealth(true, $"{Endpoint} is reachable (it has no /models list)") { Latency = TimeProvider.GetElapsedTime(start) };
        }
        catch (LlmException ex)
        {
            return new ProviderHealth(false, $"{ex.Kind}: {ex.Message}") { Latency = TimeProvider.GetElapsedTime(start) };
        }
    }

    /// <summary>Lists the host's models with <c>GET {endpoint}/models</c>.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Each model's id and, where the host says, its context window.</returns>
    /// <exception cref="LlmException">The host failed or answered something unreadable.</exception>
    internal async Task<IReadOnlyList<(string Id, int ContextWindow)>> ListModelsAsync(CancellationToken cancellationToken)
    {
        ThrowIfNotConfigured();
        const string What = "models";
        var pipeline = _client.Value.Pipeline;
        using var message = pipeline.CreateMessage();
        message.Request.Method = "GET";
        message.Request.Uri = new Uri($"{Endpoint!.AbsoluteUri.TrimEnd('/')}/models");
        message.Request.Headers.Set("Accept", "application/json");
        message.Apply(new RequestOptions { CancellationToken = cancellationToken });
        string body;
        try
        {
            await pipeline.SendAsync(message).ConfigureAwait(false);
            var response = message.Response ?? throw new InvalidOperationException("no response");
            if (response.IsError)
            {
                throw await ClientResultException.CreateAsync(response).ConfigureAwait(false);
            }

            body = response.Content.ToString();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not LlmException)
        {
            throw Mapper.Map(ex, What);
        }

        try
        {
            return ParseModels(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw Mapper.Malformed(What, $"/models did not return a model list ({ex.Message})", ex);
        }
    }

    /// <summary>Reads an OpenAI model list (<c>{"data":[{"id":…}]}</c>), with the context window vLLM, llama.cpp and others add.</summary>
    /// <param name="body">The response body.</param>
    /// <returns>The models.</returns>
    internal static IReadOnlyList<(string Id, int ContextWindow)> ParseModels(string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        var data = root.ValueKind == JsonValueKind.Array ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Array ? d
            : throw new InvalidOperationException("no \"data\" array");
        var models = new List<(string, int)>();
        foreach (var item in data.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() is { Length: > 0 } modelId)
            {
                models.Add((modelId, ContextWindowOf(item)));
            }
        }

        return models;
    }

    protected OpenAIClient Client
    {
        get
        {
            ThrowIfNotConfigured();
            return _client.Value.Client;
        }
    }

    private static int ContextWindowOf(JsonElement model)
    {
        foreach (var name in (ReadOnlySpan<string>)["max_model_len", "context_length", "context_window", "max_context_length"])
        {
            if (model.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0)
            {
                return n;
            }
        }

        // llama.cpp: "meta": { "n_ctx_train": 131072 }
        return model.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object &&
               meta.TryGetProperty("n_ctx_train", out var ctx) && ctx.ValueKind == JsonValueKind.Number && ctx.TryGetInt32(out var train) && train > 0
            ? train
            : 0;
    }

    private void ThrowIfNotConfigured()
    {
        if (NotConfiguredReason is { } reason)
        {
            throw new LlmException(LlmErrorKind.Authentication, $"The {Preset.Name} provider is not configured: {reason}.") { Provider = Preset.Name };
        }
    }

    private (OpenAIClient, ClientPipeline) CreateClient()
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = _options.NetworkTimeout ?? Timeout.InfiniteTimeSpan,
            OrganizationId = _options.OrganizationId,
            ProjectId = _options.ProjectId,
        };
        if (_options.HttpClient is { } httpClient)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        var headers = new Dictionary<string, string>(_options.Headers, StringComparer.OrdinalIgnoreCase);
        if (_options.OrganizationId is { Length: > 0 } organization)
        {
            headers["OpenAI-Organization"] = organization;
        }

        if (_options.ProjectId is { Length: > 0 } project)
        {
            headers["OpenAI-Project"] = project;
        }

        if (headers.Count > 0)
        {
            clientOptions.AddPolicy(new HeadersPolicy(headers), PipelinePosition.PerCall);
        }

        // The SDK sends the key as a bearer token; hosts that want it otherwise get the header rewritten just before sending.
        if (ApiKey is null)
        {
            clientOptions.AddPolicy(AuthenticationHeaderPolicy.None(), PipelinePosition.BeforeTransport);
        }
        else if (Preset.Authentication == OpenAIAuthenticationStyle.ApiKeyHeader)
        {
            clientOptions.AddPolicy(AuthenticationHeaderPolicy.ApiKeyHeader(ApiKey), PipelinePosition.BeforeTransport);
        }

        var credential = new ApiKeyCredential(ApiKey ?? "no-key");
        var client = new OpenAIClient(credential, clientOptions);

        // The same options, transport and key for GET /models, which the SDK's typed model list would parse too strictly for local servers.
        var pipeline = ClientPipeline.Create(clientOptions, [], [ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(credential)], []);
        return (client, pipeline);
    }

    private static Uri? ResolveEndpoint(OpenAIPreset preset, Uri? configured, out string? problem)
    {
        problem = null;
        var endpoint = configured;
        if (endpoint is null && preset.EndpointVariable is { } variable && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } fromEnvironment)
        {
            if (!Uri.TryCreate(fromEnvironment.Trim(), UriKind.Absolute, out endpoint))
            {
                problem = $"{variable} is not an absolute URL";
                return null;
            }
        }

        endpoint ??= preset.DefaultEndpoint;
        if (endpoint is null)
        {
            return null;
        }

        if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"the endpoint {endpoint} is not an absolute http(s) URL";
            return null;
        }

        var text = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (preset.EndpointSuffix is { } suffix && !text.EndsWith("/" + suffix.Trim('/'), StringComparison.OrdinalIgnoreCase))
        {
            text = $"{text}/{suffix.Trim('/')}";
        }

        return new Uri(text);
    }

    private static string? DescribeMissing(OpenAIPreset preset, string? apiKey, Uri? endpoint, string? endpointProblem)
    {
        var section = $"{ProviderSettings.ConfigurationSection}:{preset.Name}";
        if (endpointProblem is not null)
        {
            return $"invalid endpoint: {endpointProblem}; set {section}:Endpoint";
        }

        var problems = new List<string>(2);
        if (preset.RequiresApiKey && apiKey is null)
        {
            problems.Add(preset.ApiKeyVariables.Count == 0
                ? $"no API key: set {section}:ApiKey"
                : $"no API key: set {string.Join(" or ", preset.ApiKeyVariables)} or {section}:ApiKey");
        }

        if (endpoint is null)
        {
            problems.Add(preset.EndpointVariable is { } variable
                ? $"no endpoint: set {variable} or {section}:Endpoint"
                : $"no endpoint: set {section}:Endpoint");
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);
    }
}
