namespace LlmRouter.Cli.Commands.Compare;

/// <summary>One model's line in <c>compare</c>'s table.</summary>
/// <param name="Model">The model key.</param>
/// <param name="Answer">The answer, or <see langword="null"/> when the model failed.</param>
/// <param name="Error">Why it failed, or <see langword="null"/>.</param>
/// <param name="Latency">How long it took.</param>
/// <param name="InputTokens">The input tokens it reported.</param>
/// <param name="OutputTokens">The output tokens it reported.</param>
/// <param name="Cost">What it cost in USD.</param>
/// <param name="Cheapest">Whether it is (one of) the cheapest that answered.</param>
/// <param name="Fastest">Whether it is (one of) the fastest that answered.</param>
internal sealed record ComparisonRow(
    string Model,
    string? Answer,
    string? Error,
    TimeSpan Latency,
    long? InputTokens,
    long? OutputTokens,
    decimal Cost,
    bool Cheapest,
    bool Fastest)
{
    /// <summary>Gets a value indicating whether the model answered.</summary>
    public bool Succeeded => Error is null;

    /// <summary>Builds the rows from the router's comparisons, marking the cheapest and the fastest among those that answered.</summary>
    /// <param name="comparisons">The comparisons, in the order asked.</param>
    /// <returns>The rows, in the same order.</returns>
    public static IReadOnlyList<ComparisonRow> From(IReadOnlyList<ModelComparison> comparisons)
    {
        var answered = comparisons.Where(c => c.Error is null && c.Response is not null).ToArray();
        var cheapest = answered.Length == 0 ? (decimal?)null : answered.Min(c => c.Cost);
        var fastest = answered.Length == 0 ? (TimeSpan?)null : answered.Min(c => c.Duration);
        return [.. comparisons.Select(c =>
        {
            var ok = c.Error is null && c.Response is not null;
            return new ComparisonRow(
                c.Model,
                c.Response?.Text,
                ok ? null : $"{c.Error?.Kind}: {c.Error?.Message ?? "no response"}",
                c.Duration,
                c.Response?.Usage?.InputTokenCount,
                c.Response?.Usage?.OutputTokenCount,
                c.Cost,
                ok && c.Cost == cheapest,
                ok && c.Duration == fastest);
        })];
    }
}
