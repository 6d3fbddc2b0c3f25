using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// Prices usage exactly as <see cref="ModelPricing.CalculateCost(UsageDetails)"/> does, in integer arithmetic: each rate is
/// held in nano-dollars per million tokens, so an attempt's cost is a few 64-bit multiplications instead of decimal ones and
/// a decimal division (about 60 ns on the router's success path). Rates finer than a nano-dollar per million tokens, and
/// sums that would not fit 64 bits, fall back to <see cref="ModelPricing.CalculateCost(UsageDetails)"/>.
/// </summary>
internal sealed class PriceCalculator
{
    private const int Scale = 15; // nano-dollars (9) per million tokens (6)
    private static readonly decimal NanoPerUnit = 1_000_000_000m;

    private readonly ModelPricing _pricing;
    private readonly bool _exact;
    private readonly long _input;
    private readonly long _output;
    private readonly long _cached;
    private readonly long _write;
    private readonly byte _baseScale;
    private readonly byte _cachedScale;
    private readonly byte _writeScale;

    public PriceCalculator(ModelPricing pricing)
    {
        ArgumentNullException.ThrowIfNull(pricing);
        _pricing = pricing;
        _exact = TryNano(pricing.InputPerMillion, out _input)
            & TryNano(pricing.OutputPerMillion, out _output)
            & TryNano(pricing.CachedInputPerMillion ?? pricing.InputPerMillion, out _cached)
            & TryNano(pricing.CacheWritePerMillion ?? pricing.InputPerMillion, out _write);
        _baseScale = Math.Max(pricing.InputPerMillion.Scale, pricing.OutputPerMillion.Scale);
        _cachedScale = (pricing.CachedInputPerMillion ?? pricing.InputPerMillion).Scale;
        _writeScale = (pricing.CacheWritePerMillion ?? pricing.InputPerMillion).Scale;
    }

    /// <summary>Prices one attempt's usage: the same value as <see cref="ModelPricing.CalculateCost(UsageDetails)"/>.</summary>
    public decimal Calculate(UsageDetails usage)
    {
        if (!_exact)
        {
            return _pricing.CalculateCost(usage);
        }

        var tokens = BilledTokens.From(usage);
        if (!TryAdd(0, tokens.Uncached, _input, out var nanoMicros)
            || !TryAdd(nanoMicros, tokens.Output, _output, out nanoMicros)
            || !TryAdd(nanoMicros, tokens.Cached, _cached, out nanoMicros)
            || !TryAdd(nanoMicros, tokens.Written, _write, out nanoMicros))
        {
            return _pricing.CalculateCost(usage);
        }

        // Write the value as ModelPricing's decimal arithmetic does: a division keeps the dividend's scale (the largest scale of
        // the rates it summed) and drops any trailing zeros beyond it (0.0000156 and 60.00, not 0.000015600000000).
        int keep = Math.Max(_baseScale, Math.Max(tokens.Cached > 0 ? _cachedScale : (byte)0, tokens.Written > 0 ? _writeScale : (byte)0));
        var scale = Scale;
        while (scale > keep && nanoMicros % 10 == 0)
        {
            nanoMicros /= 10;
            scale--;
        }

        return new decimal((int)nanoMicros, (int)(nanoMicros >> 32), 0, isNegative: false, scale: (byte)scale);
    }

    private static bool TryNano(decimal perMillion, out long nano)
    {
        var scaled = perMillion * NanoPerUnit;
        if (perMillion < 0 || scaled != decimal.Truncate(scaled) || scaled > long.MaxValue)
        {
            nano = 0;
            return false;
        }

        nano = (long)scaled;
        return true;
    }

    private static bool TryAdd(long sum, long tokens, long rate, out long result)
    {
        var high = Math.BigMul(tokens, rate, out var low);
        if (high != 0 || low < 0)
        {
            result = 0;
            return false;
        }

        result = sum + low;
        return result >= 0;
    }
}
