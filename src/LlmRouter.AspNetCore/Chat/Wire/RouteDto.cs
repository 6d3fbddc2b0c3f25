namespace LlmRouter.AspNetCore;

/// <summary>The <c>llmrouter</c> extension of a response: the route that answered, why, what it cost, and every attempt.</summary>
internal sealed class RouteDto
{
    public required string Provider { get; init; }

    public required string Model { get; init; }

    public required string Strategy { get; init; }

    public required string Reason { get; init; }

    public decimal Cost { get; init; }

    public decimal TotalCost { get; init; }

    public required List<AttemptDto> Attempts { get; init; }
}
