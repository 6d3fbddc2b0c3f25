namespace LlmRouter.Ollama;

/// <summary>What went wrong on the wire, as the HTTP handler saw it.</summary>
internal enum OllamaWireFailure
{
    /// <summary>The server answered with a non-success status.</summary>
    HttpStatus,

    /// <summary>The server sent an <c>{"error": …}</c> line or body while the status was 200 (a failure during generation).</summary>
    StreamError,

    /// <summary>The response ended before its final (<c>"done": true</c>) line.</summary>
    Truncated,

    /// <summary>The response was not the JSON Ollama sends.</summary>
    Malformed,
}
