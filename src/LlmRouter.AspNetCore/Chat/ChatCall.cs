using Microsoft.Extensions.AI;

namespace LlmRouter.AspNetCore;

/// <summary>A chat request mapped to Microsoft.Extensions.AI, ready for the router.</summary>
/// <param name="Messages">The conversation.</param>
/// <param name="Options">The options: the model (unless <c>auto</c>), sampling, tools, response format, routing hints with the caller's tenant.</param>
/// <param name="Requested">The model name the caller asked for.</param>
/// <param name="Stream">Whether to answer with server-sent events.</param>
/// <param name="IncludeUsage">Whether a stream ends with a usage chunk (<c>stream_options.include_usage</c>).</param>
internal sealed record ChatCall(IReadOnlyList<ChatMessage> Messages, ChatOptions Options, string Requested, bool Stream, bool IncludeUsage);
