namespace LlmRouter;

/// <summary>The error raised for every failure of a language-model call routed by LlmRouter.</summary>
/// <remarks>
/// Construct it as <c>new LlmException(kind, message, inner) { Provider = …, Model = …, StatusCode = …, RetryAfter = … }</c>.
/// Messages never contain API keys.
/// </remarks>
public class LlmException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LlmException"/> class.</summary>
    /// <param name="kind">What kind of failure this is.</param>
    /// <param name="message">A message that says what failed and, where it can, what to do.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public LlmException(LlmErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Gets what kind of failure this is.</summary>
    public LlmErrorKind Kind { get; }

    /// <summary>Gets the name of the provider that failed, if known.</summary>
    public string? Provider { get; init; }

    /// <summary>Gets the model id that failed, if known.</summary>
    public string? Model { get; init; }

    /// <summary>Gets the HTTP status code the provider answered with, if any.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets how long the provider asked the caller to wait before trying again, if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets the text a stream had produced before it was interrupted (for <see cref="LlmErrorKind.StreamInterrupted"/>).</summary>
    public string? PartialText { get; init; }

    /// <summary>Gets a value indicating whether the same call may succeed if retried: rate limits, unavailability and timeouts.</summary>
    public bool IsTransient => Kind is LlmErrorKind.RateLimited or LlmErrorKind.Unavailable or LlmErrorKind.Timeout;
}
