namespace LlmRouter.AspNetCore;

/// <summary>One model's attempts, tokens and spend on one UTC day.</summary>
internal sealed class DailyModelUsageDto
{
    public required string Day { get; init; }

    public required string Model { get; init; }

    public long Requests { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public decimal Cost { get; init; }
}
