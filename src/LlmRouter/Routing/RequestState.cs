using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>What one routed request carries from attempt to attempt: the plan, the current route and every attempt so far.</summary>
internal sealed class RequestState
{
    public RequestState(RouterEngine engine, IReadOnlyList<ChatMessage> messages, ChatOptions? options, RoutingHints hints, int estimatedInputTokens, CancellationToken callerToken)
    {
        Engine = engine;
        Messages = messages;
        Options = options;
        Hints = hints;
        EstimatedInputTokens = estimatedInputTokens;
        CallerToken = callerToken;
    }

    public RouterEngine Engine { get; }

    public IReadOnlyList<ChatMessage> Messages { get; }

    public ChatOptions? Options { get; }

    public RoutingHints Hints { get; }

    public int EstimatedInputTokens { get; }

    public CancellationToken CallerToken { get; }

    public RoutePlan Plan { get; set; } = null!;

    public Route Route { get; set; } = null!;

    public ChatOptions RouteOptions { get; set; } = null!;

    public List<RouteAttempt> Attempts { get; } = new(2);

    public int AttemptNumber { get; set; }

    public decimal TotalCost { get; set; }

    public decimal LastCost { get; set; }

    public bool AnyCallMade { get; set; }
}
