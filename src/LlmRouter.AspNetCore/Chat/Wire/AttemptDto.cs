namespace LlmRouter.AspNetCore;

/// <summary>One attempt of a route: the model tried, how long it took, and its error if it failed.</summary>
internal sealed class AttemptDto
{
    public required string Provider { get; init; }

    public required string Model { get; init; }

    public double DurationMs { get; init; }

    public string? Error { get; init; }
}
