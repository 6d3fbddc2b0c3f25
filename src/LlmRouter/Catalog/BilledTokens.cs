using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// How an attempt's tokens are billed: input split into uncached, cache-read and cache-written parts (each counted once, never
/// more than the input), and output. The one place the split is made, for <see cref="ModelPricing"/> and <see cref="PriceCalculator"/>.
/// </summary>
/// <param name="Uncached">Input tokens billed at the input rate.</param>
/// <param name="Cached">Input tokens read from the prompt cache, billed at the cached rate.</param>
/// <param name="Written">Input tokens written to the prompt cache, billed at the cache-write rate.</param>
/// <param name="Output">Output tokens, reasoning included.</param>
internal readonly record struct BilledTokens(long Uncached, long Cached, long Written, long Output)
{
    /// <summary>Splits counts: negative ones count as zero, cache reads and then cache writes are capped by the input.</summary>
    public static BilledTokens From(long inputTokens, long outputTokens, long cachedInputTokens, long cacheWriteTokens)
    {
        var input = Math.Max(inputTokens, 0);
        var cached = Math.Clamp(cachedInputTokens, 0, input);
        var written = Math.Clamp(cacheWriteTokens, 0, input - cached);
        return new BilledTokens(input - cached - written, cached, written, Math.Max(outputTokens, 0));
    }

    /// <summary>Splits a provider's usage; cache writes are read from <see cref="ModelPricing.CacheWriteTokensKey"/>.</summary>
    public static BilledTokens From(UsageDetails usage)
    {
        var cacheWrites = usage.AdditionalCounts is { } counts && counts.TryGetValue(ModelPricing.CacheWriteTokensKey, out var writes) ? writes : 0;
        return From(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, cacheWrites);
    }
}
