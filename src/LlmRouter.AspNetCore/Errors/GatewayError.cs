using Microsoft.AspNetCore.Http;

namespace LlmRouter.AspNetCore;

/// <summary>An error the gateway answers with: the HTTP status, OpenAI's error type and code, a message, and a wait for 429s.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Type">OpenAI's error type (<c>invalid_request_error</c>, <c>rate_limit_error</c>, <c>server_error</c>, …).</param>
/// <param name="Code">A machine-readable code (<c>model_not_found</c>, <c>budget_exceeded</c>, …), or <see langword="null"/>.</param>
/// <param name="Message">What went wrong and, where it can, what to do; never a stack trace or a key.</param>
internal sealed record GatewayError(int Status, string Type, string? Code, string Message)
{
    /// <summary>Gets the request field the error is about, or <see langword="null"/>.</summary>
    public string? Param { get; init; }

    /// <summary>Gets how long the caller should wait before trying again (sent as <c>Retry-After</c> and <c>retry-after-ms</c>).</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A 400 about a request field.</summary>
    public static GatewayError BadRequest(string message, string? param = null, string? code = null) =>
        new(StatusCodes.Status400BadRequest, "invalid_request_error", code, message) { Param = param };
}
