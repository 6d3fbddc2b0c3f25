using System.ClientModel.Primitives;

namespace LlmRouter.OpenAI;

/// <summary>
/// Runs just before the transport and rewrites the SDK's <c>Authorization: Bearer</c> header for hosts that take the key otherwise:
/// Azure OpenAI's <c>api-key</c> header, or no credential at all for local servers started without a key.
/// </summary>
/// <remarks>Built on stable System.ClientModel APIs; the SDK's own custom-authentication constructor is marked for evaluation only.</remarks>
internal sealed class AuthenticationHeaderPolicy : PipelinePolicy
{
    private readonly string? _apiKeyHeaderValue;

    private AuthenticationHeaderPolicy(string? apiKeyHeaderValue) => _apiKeyHeaderValue = apiKeyHeaderValue;

    /// <summary>Creates a policy that sends the key as <c>api-key: &lt;key&gt;</c> instead of a bearer token.</summary>
    public static AuthenticationHeaderPolicy ApiKeyHeader(string key) => new(key);

    /// <summary>Creates a policy that sends no credential.</summary>
    public static AuthenticationHeaderPolicy None() => new(null);

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void Apply(PipelineMessage message)
    {
        message.Request.Headers.Remove("Authorization");
        if (_apiKeyHeaderValue is not null)
        {
            message.Request.Headers.Set("api-key", _apiKeyHeaderValue);
        }
    }
}
