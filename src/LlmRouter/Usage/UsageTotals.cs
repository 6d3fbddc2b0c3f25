namespace LlmRouter;

/// <summary>Totals for one provider, model or day.</summary>
/// <param name="Requests">Attempts counted.</param>
/// <param name="InputTokens">Input tokens.</param>
/// <param name="OutputTokens">Output tokens.</param>
/// <param name="Cost">Cost in USD.</param>
public sealed record UsageTotals(long Requests, long InputTokens, long OutputTokens, decimal Cost);
