namespace LlmRouter.Ollama;

/// <summary>Raised by <see cref="OllamaHttpHandler"/> and <see cref="OllamaNdjsonGuardStream"/>; <see cref="OllamaMapper"/> turns it into an <see cref="LlmException"/>.</summary>
internal sealed class OllamaWireException : Exception
{
    public OllamaWireException(OllamaWireFailure failure, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
    }

    /// <summary>Gets what went wrong.</summary>
    public OllamaWireFailure Failure { get; }

    /// <summary>Gets the HTTP status, for <see cref="OllamaWireFailure.HttpStatus"/>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets the server's own error text (the <c>error</c> field), if it sent one.</summary>
    public string? ServerError { get; init; }

    /// <summary>Gets how long the server asked to wait (<c>Retry-After</c>), if it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
