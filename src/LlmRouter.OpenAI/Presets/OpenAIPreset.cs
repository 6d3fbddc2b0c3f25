namespace LlmRouter.OpenAI;

/// <summary>One OpenAI-compatible host: its provider name, where it lives, where its key comes from, and what its API lacks.</summary>
/// <param name="Name">The provider's stable name, as in the catalog (<c>openai</c>, <c>groq</c>, …).</param>
/// <param name="DisplayName">The host's name for people.</param>
/// <param name="DefaultEndpoint">The public base address, or <see langword="null"/> when the endpoint must be configured.</param>
/// <param name="ApiKeyVariables">The environment variables the key is read from, in order.</param>
internal sealed record OpenAIPreset(string Name, string DisplayName, Uri? DefaultEndpoint, IReadOnlyList<string> ApiKeyVariables)
{
    /// <summary>Gets the method that registers the preset (<c>AddGroq</c>), for documentation.</summary>
    public string RegistrationMethod { get; init; } = string.Empty;

    /// <summary>Gets the environment variable that overrides (or, when <see cref="DefaultEndpoint"/> is null, supplies) the endpoint.</summary>
    public string? EndpointVariable { get; init; }

    /// <summary>Gets a value indicating whether the host runs on the user's own machine.</summary>
    public bool IsLocal { get; init; }

    /// <summary>Gets a value indicating whether a key is needed to take traffic; local servers need none.</summary>
    public bool RequiresApiKey { get; init; } = true;

    /// <summary>Gets a value indicating whether the host serves <c>/embeddings</c>.</summary>
    public bool SupportsEmbeddings { get; init; } = true;

    /// <summary>Gets a value indicating whether the host accepts <c>response_format: json_schema</c> (structured output).</summary>
    public bool SupportsJsonSchema { get; init; } = true;

    /// <summary>Gets how the key is sent.</summary>
    public OpenAIAuthenticationStyle Authentication { get; init; } = OpenAIAuthenticationStyle.Bearer;

    /// <summary>Gets the path appended to the configured endpoint (Azure's <c>openai/v1/</c>), unless the endpoint already ends with it.</summary>
    public string? EndpointSuffix { get; init; }

    /// <summary>Gets a value indicating whether the provider lists its models at run time (<c>GET /models</c>) for the catalog.</summary>
    public bool DiscoversModels => IsLocal;
}
