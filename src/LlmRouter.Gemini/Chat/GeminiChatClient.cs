using LlmRouter.Gemini.Http;
using LlmRouter.Gemini.Mapping;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini.Chat;

/// <summary>
/// The Gemini chat client: <see cref="GeminiRestChatClient"/> (which maps Gemini's own errors as it reads them, in <see cref="GeminiMapper"/>)
/// under <see cref="LlmProviderChatClient"/>'s contract: stamping, redaction of the key, and the stream loop.
/// </summary>
/// <remarks><see cref="ChatOptions.ModelId"/>, when set, overrides the client's model for that call.</remarks>
internal sealed class GeminiChatClient : LlmProviderChatClient
{
    public GeminiChatClient(GeminiApi api, string modelId)
        : base(new GeminiRestChatClient(api, modelId), GeminiProvider.ProviderName, modelId, [api.ApiKey])
    {
    }

    /// <inheritdoc/>
    protected override LlmException MapException(Exception exception, string modelId) => GeminiMapper.Failed("calling the API", modelId, exception);
}
