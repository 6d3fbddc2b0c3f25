using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>What a routing strategy sees of a request.</summary>
public sealed class RoutingRequest
{
    /// <summary>Initializes a new instance of the <see cref="RoutingRequest"/> class.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="candidates">The models that may serve it.</param>
    /// <param name="estimatedInputTokens">The estimated prompt size in tokens.</param>
    /// <param name="hints">The request's routing hints.</param>
    public RoutingRequest(IReadOnlyList<ChatMessage> messages, ChatOptions? options, IReadOnlyList<ModelDescriptor> candidates, int estimatedInputTokens, RoutingHints? hints = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(candidates);
        Messages = messages;
        Options = options;
        Candidates = candidates;
        EstimatedInputTokens = estimatedInputTokens;
        Hints = hints ?? RoutingHints.None;
    }

    /// <summary>Gets the request's messages.</summary>
    public IReadOnlyList<ChatMessage> Messages { get; }

    /// <summary>Gets the request's options.</summary>
    public ChatOptions? Options { get; }

    /// <summary>Gets the models that may serve the request: configured, not cooling down, with the needed capabilities, fitting the context window, within the hints.</summary>
    public IReadOnlyList<ModelDescriptor> Candidates { get; }

    /// <summary>Gets the estimated prompt size in tokens.</summary>
    public int EstimatedInputTokens { get; }

    /// <summary>Gets the request's routing hints.</summary>
    public RoutingHints Hints { get; }

    /// <summary>Gets whether the host prefers local models (<see cref="LlmRouterOptions.LocalFirst"/>).</summary>
    public bool LocalFirst { get; init; }
}
