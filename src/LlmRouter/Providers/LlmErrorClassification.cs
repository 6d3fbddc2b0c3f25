namespace LlmRouter;

/// <summary>The HTTP-status part of error classification, shared by provider packages so that every provider maps alike.</summary>
public static class LlmErrorClassification
{
    /// <summary>Maps an HTTP status to an error kind: 401/403 Authentication, 404 ModelNotFound, 408/504 Timeout, 413 ContextTooLong,
    /// 429 RateLimited, 402 QuotaExhausted, other 4xx InvalidRequest, 5xx (and 529) Unavailable.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns>The kind.</returns>
    public static LlmErrorKind FromStatusCode(int statusCode) => LlmExceptionClassifier.FromStatus(statusCode);

    /// <summary>Recognises context-window errors from their message, whatever the status (<c>context_length_exceeded</c>, <c>prompt is too long</c>, …).</summary>
    /// <param name="codeOrMessage">An error code or message.</param>
    /// <returns><see langword="true"/> when it says the prompt does not fit.</returns>
    public static bool IsContextTooLong(string? codeOrMessage) =>
        codeOrMessage is not null &&
        (codeOrMessage.Contains("context_length_exceeded", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("maximum context length", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("context window", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("too many tokens", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("exceeds the maximum number of tokens", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("input is too long", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("input token count", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("token limit", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("context limit", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("context size", StringComparison.OrdinalIgnoreCase) ||
         codeOrMessage.Contains("exceed_context_size_error", StringComparison.OrdinalIgnoreCase));
}
