namespace LlmRouter;

/// <summary>Classifies why a call to a language model failed, so the router can decide whether to retry, fail over or stop.</summary>
public enum LlmErrorKind
{
    /// <summary>The failure could not be classified, or the provider's answer was malformed or empty (no response, a stream without a single update); the next route is tried.</summary>
    Unknown,

    /// <summary>The provider throttled the request (HTTP 429); transient, retried after the provider's Retry-After.</summary>
    RateLimited,

    /// <summary>The account's quota or credit is used up; not retried, the next route is tried.</summary>
    QuotaExhausted,

    /// <summary>The provider is overloaded or down (HTTP 5xx, 529); transient.</summary>
    Unavailable,

    /// <summary>The attempt did not finish within the attempt timeout; transient.</summary>
    Timeout,

    /// <summary>The prompt does not fit the model's context window; a route with a larger window is tried.</summary>
    ContextTooLong,

    /// <summary>The API key is missing, invalid or not allowed (HTTP 401/403); the next route is tried.</summary>
    Authentication,

    /// <summary>The model or alias is unknown, to the catalog or to the provider (HTTP 404).</summary>
    ModelNotFound,

    /// <summary>The provider's content filter refused the prompt or the answer.</summary>
    ContentFiltered,

    /// <summary>The request is malformed and would fail on every route; it fails at once.</summary>
    InvalidRequest,

    /// <summary>The request would exceed a configured budget.</summary>
    BudgetExceeded,

    /// <summary>A stream failed after its first update reached the caller.</summary>
    StreamInterrupted,
}
