namespace LlmRouter.AspNetCore;

/// <summary>Attempts, tokens and cost of one provider, model or day.</summary>
internal sealed class UsageTotalsDto
{
    public long Requests { get; init; }

    public long InputTokens { get; init; }

    public long OutputTokens { get; init; }

    public decimal Cost { get; init; }

    public static UsageTotalsDto From(UsageTotals totals) => new()
    {
        Requests = totals.Requests,
        InputTokens = totals.InputTokens,
        OutputTokens = totals.OutputTokens,
        Cost = totals.Cost,
    };
}
