using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>A model's list prices in USD per one million tokens.</summary>
/// <param name="InputPerMillion">USD per 1M input (prompt) tokens.</param>
/// <param name="OutputPerMillion">USD per 1M output (completion) tokens, reasoning tokens included.</param>
public sealed record ModelPricing(decimal InputPerMillion, decimal OutputPerMillion)
{
    /// <summary>Gets a price of zero for everything, as for local models.</summary>
    /// <remarks>A new instance on every call: configuration binding writes into the instance a property holds (for
    /// <see cref="ModelDescriptor.Pricing"/>'s default, this one), so a shared instance would take one model's prices for all.</remarks>
    public static ModelPricing Free => new(0m, 0m);

    /// <summary>Gets the USD price per 1M cached input tokens (cache reads), where the provider has one.</summary>
    public decimal? CachedInputPerMillion { get; init; }

    /// <summary>Gets the USD price per 1M tokens written to the prompt cache, where the provider bills it separately.</summary>
    public decimal? CacheWritePerMillion { get; init; }

    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key for input tokens written to the prompt cache (Anthropic's name),
    /// billed at <see cref="CacheWritePerMillion"/>; they are part of <see cref="UsageDetails.InputTokenCount"/>.</summary>
    public const string CacheWriteTokensKey = "cache_creation_input_tokens";

    /// <summary>Calculates what a call with the given usage costs.</summary>
    /// <param name="usage">The call's usage. <see cref="UsageDetails.InputTokenCount"/> includes cached input and cache writes (OpenAI's convention).</param>
    /// <returns>The cost in USD. Cached input is billed at the cached rate and cache writes at the cache-write rate, never twice.</returns>
    public decimal CalculateCost(UsageDetails usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return Calculate(BilledTokens.From(usage));
    }

    /// <summary>Calculates what a call costs from its token counts.</summary>
    /// <param name="inputTokens">All input tokens, cached ones and cache writes included.</param>
    /// <param name="outputTokens">All output tokens, reasoning ones included.</param>
    /// <param name="cachedInputTokens">The part of <paramref name="inputTokens"/> read from the prompt cache.</param>
    /// <param name="cacheWriteTokens">The part of <paramref name="inputTokens"/> written to the prompt cache.</param>
    /// <returns>The cost in USD.</returns>
    public decimal CalculateCost(long inputTokens, long outputTokens, long cachedInputTokens = 0, long cacheWriteTokens = 0) =>
        Calculate(BilledTokens.From(inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens));

    private decimal Calculate(BilledTokens tokens)
    {
        var micros = (tokens.Uncached * InputPerMillion) + (tokens.Output * OutputPerMillion);
        if (tokens.Cached > 0)
        {
            micros += tokens.Cached * (CachedInputPerMillion ?? InputPerMillion);
        }

        if (tokens.Written > 0)
        {
            micros += tokens.Written * (CacheWritePerMillion ?? InputPerMillion);
        }

        return micros / 1_000_000m;
    }
}
