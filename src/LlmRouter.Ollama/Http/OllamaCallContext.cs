namespace LlmRouter.Ollama;

/// <summary>
/// Carries the caller's cancellation token from the chat client to the HTTP handler. OllamaSharp reads response streams without a token
/// (and HttpClient's own token no longer applies once the headers are in), so a stalled stream would ignore cancellation; the handler
/// gives this token to the stream it wraps instead.
/// </summary>
internal static class OllamaCallContext
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>Gets or sets the token of the call in flight on this async flow.</summary>
    public static CancellationToken CancellationToken
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}
