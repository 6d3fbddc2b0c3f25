namespace LlmRouter.Tests.TestSupport;

/// <summary>What a <see cref="ChaosChatClient"/> call does.</summary>
internal enum Fault
{
    None,
    RateLimited,
    RateLimitedShortRetryAfter,
    RateLimitedLongRetryAfter,
    Unavailable,
    ServerError,
    Hang,
    Malformed,
    Cut,
    Empty,
    Authentication,
    QuotaExhausted,
    ContextTooLong,
    InvalidRequest,
}
