using LlmRouter.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmRouter.Gemini.Mapping;

/// <summary>What one Gemini stream has shown so far: the latest cumulative usage, whether it asked for calls, and how it finished.</summary>
/// <param name="modelId">The model the stream is for.</param>
internal sealed class GeminiStreamState(string modelId)
{
    /// <summary>Gets the model asked.</summary>
    public string ModelId { get; } = modelId;

    /// <summary>Gets or sets the model version Gemini reported.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>Gets or sets the response id of the stream.</summary>
    public string? ResponseId { get; set; }

    /// <summary>Gets or sets the latest usage (each chunk repeats the running totals; only the last is reported).</summary>
    public GeminiUsageMetadata? Usage { get; set; }

    /// <summary>Gets or sets a value indicating whether any chunk asked for a function call.</summary>
    public bool HasFunctionCalls { get; set; }

    /// <summary>Gets or sets a value indicating whether any chunk carried answer content (text, calls, data).</summary>
    public bool HasAnswer { get; set; }

    /// <summary>Gets or sets the finish reason, once Gemini sent one; a stream that ends without one was cut short.</summary>
    public ChatFinishReason? FinishReason { get; set; }
}
