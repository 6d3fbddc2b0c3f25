namespace LlmRouter.Testing;

/// <summary>Builds the <see cref="LlmException"/> a real provider would raise for each <see cref="LlmErrorKind"/>.</summary>
internal static class FakeErrors
{
    /// <summary>Gets the HTTP status a provider typically answers with for a kind of failure, or <see langword="null"/> when none applies.</summary>
    public static int? StatusCodeFor(LlmErrorKind kind) => kind switch
    {
        LlmErrorKind.RateLimited => 429,
        LlmErrorKind.QuotaExhausted => 429,
        LlmErrorKind.Unavailable => 503,
        LlmErrorKind.Timeout => 408,
        LlmErrorKind.ContextTooLong => 400,
        LlmErrorKind.Authentication => 401,
        LlmErrorKind.ModelNotFound => 404,
        LlmErrorKind.ContentFiltered => 400,
        LlmErrorKind.InvalidRequest => 400,
        LlmErrorKind.Unknown => 500,
        _ => null, // BudgetExceeded, StreamInterrupted: not an HTTP answer.
    };

    /// <summary>Creates the exception.</summary>
    public static LlmException Create(LlmErrorKind kind, string provider, string model, TimeSpan? retryAfter, string? message) =>
        new(kind, message ?? $"Fake {kind} failure from {provider}/{model}.")
        {
            Provider = provider,
            Model = model,
            StatusCode = StatusCodeFor(kind),
            RetryAfter = retryAfter,
        };
}
