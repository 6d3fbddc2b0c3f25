namespace LlmRouter.Tests.Catalog;

public sealed class ModelPricingTests
{
    private static readonly ModelPricing WithCache = new(3m, 15m) { CachedInputPerMillion = 0.3m, CacheWritePerMillion = 3.75m };

    [Fact]
    public void ModelPricing_BillsInputAndOutputPerMillion()
    {
        var cost = new ModelPricing(2.5m, 10m).CalculateCost(new UsageDetails { InputTokenCount = 1_000_000, OutputTokenCount = 500_000 });

        Assert.Equal(2.5m + 5m, cost);
    }

    [Fact]
    public void ModelPricing_BillsCachedInputAtCachedRateNeverTwice()
    {
        // 1,000 input tokens of which 400 were read from the cache: 600 at 3/M + 400 at 0.3/M + 100 output at 15/M.
        var cost = WithCache.CalculateCost(new UsageDetails { InputTokenCount = 1_000, CachedInputTokenCount = 400, OutputTokenCount = 100 });

        Assert.Equal(((600 * 3m) + (400 * 0.3m) + (100 * 15m)) / 1_000_000m, cost);
    }

    [Fact]
    public void ModelPricing_AllInputCachedBillsOnlyCachedRate()
    {
        var cost = WithCache.CalculateCost(1_000_000, 0, cachedInputTokens: 1_000_000);

        Assert.Equal(0.3m, cost);
    }

    [Fact]
    public void ModelPricing_CachedCountAboveInputIsClampedToInput()
    {
        var cost = WithCache.CalculateCost(1_000_000, 0, cachedInputTokens: 5_000_000);

        Assert.Equal(0.3m, cost);
    }

    [Fact]
    public void ModelPricing_WithoutCachedRateBillsCachedInputAtInputRate()
    {
        var pricing = new ModelPricing(2m, 8m);

        var cost = pricing.CalculateCost(new UsageDetails { InputTokenCount = 1_000_000, CachedInputTokenCount = 250_000, OutputTokenCount = 0 });

        Assert.Equal(2m, cost);
    }

    [Fact]
    public void ModelPricing_ZeroUsageCostsNothing()
    {
        Assert.Equal(0m, WithCache.CalculateCost(new UsageDetails()));
        Assert.Equal(0m, WithCache.CalculateCost(0, 0, 0));
    }

    [Fact]
    public void ModelPricing_FreeCostsNothing()
    {
        Assert.Equal(0m, ModelPricing.Free.CalculateCost(new UsageDetails { InputTokenCount = 123_456, OutputTokenCount = 7_890, CachedInputTokenCount = 100 }));
    }

    [Fact]
    public void ModelPricing_NullUsageThrows()
    {
        Assert.Throws<ArgumentNullException>(() => WithCache.CalculateCost(null!));
    }

    [Fact]
    public void ModelPricing_CacheWrites_AreBilledAtTheCacheWriteRateOnce()
    {
        var pricing = new ModelPricing(3m, 15m) { CachedInputPerMillion = 0.3m, CacheWritePerMillion = 3.75m };
        var usage = new UsageDetails { InputTokenCount = 1_000, CachedInputTokenCount = 200, OutputTokenCount = 100, AdditionalCounts = new() { [ModelPricing.CacheWriteTokensKey] = 300 } };

        // 500 plain × $3 + 200 cached × $0.30 + 300 written × $3.75 + 100 out × $15, per million.
        Assert.Equal(((500 * 3m) + (200 * 0.3m) + (300 * 3.75m) + (100 * 15m)) / 1_000_000m, pricing.CalculateCost(usage));
    }

    [Fact]
    public void ModelPricing_CacheWritesWithoutARate_AreBilledAsInput()
    {
        var pricing = new ModelPricing(1m, 2m);

        Assert.Equal(pricing.CalculateCost(1_000, 10), pricing.CalculateCost(1_000, 10, cachedInputTokens: 0, cacheWriteTokens: 400));
    }
}
