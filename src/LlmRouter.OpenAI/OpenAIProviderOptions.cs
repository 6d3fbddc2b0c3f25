namespace LlmRouter.OpenAI;

/// <summary>Options of the OpenAI provider, Azure OpenAI and every OpenAI-compatible preset (<c>AddGroq()</c>, <c>AddVllm()</c>, …).</summary>
/// <remarks>
/// Bound from <c>LlmRouter:Providers:&lt;name&gt;</c> (for example <c>LlmRouter:Providers:openai:ApiKey</c>), then the code
/// configuration is applied. A key not set here is read from the host's usual environment variable (<c>OPENAI_API_KEY</c>, …).
/// <see cref="object.ToString"/> never shows the key.
/// </remarks>
public sealed class OpenAIProviderOptions : LlmProviderOptions
{
    /// <summary>Gets or sets the OpenAI organization id sent as <c>OpenAI-Organization</c>.</summary>
    /// <value><see langword="null"/>: the key's default organization.</value>
    public string? OrganizationId { get; set; }

    /// <summary>Gets or sets the OpenAI project id sent as <c>OpenAI-Project</c>.</summary>
    /// <value><see langword="null"/>: the key's default project.</value>
    public string? ProjectId { get; set; }

    /// <summary>Gets extra headers sent with every request, such as OpenRouter's <c>HTTP-Referer</c> and <c>X-Title</c>.</summary>
    /// <value>Empty.</value>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);


    /// <summary>
    /// Gets or sets a value indicating whether an answer the host's content filter stopped (finish reason <c>content_filter</c>) is
    /// raised as an <see cref="LlmException"/> of kind <see cref="LlmErrorKind.ContentFiltered"/>, so the router can try another route.
    /// </summary>
    /// <value><see langword="true"/>. When <see langword="false"/>, the response is returned with <c>FinishReason = ContentFilter</c>.</value>
    public bool ThrowOnContentFilter { get; set; } = true;
}
