namespace LlmRouter.OpenAI;

/// <summary>How an OpenAI-compatible host takes its key.</summary>
internal enum OpenAIAuthenticationStyle
{
    /// <summary><c>Authorization: Bearer &lt;key&gt;</c>, as OpenAI and nearly every compatible host.</summary>
    Bearer,

    /// <summary><c>api-key: &lt;key&gt;</c>, as Azure OpenAI.</summary>
    ApiKeyHeader,
}
