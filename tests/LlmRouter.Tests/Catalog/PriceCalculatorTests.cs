namespace LlmRouter.Tests.Catalog;

public class PriceCalculatorTests
{
    public static TheoryData<long, long, long, long> Usages => new()
    {
        { 0, 0, 0, 0 },
        { 100, 1, 0, 0 },
        { 1_234, 567, 200, 0 },
        { 1_000, 20, 100, 50 },
        { 200_000, 8_192, 150_000, 40_000 },
        { 1, 0, 5, 0 },            // more cached than input: clamped
        { 10, 10, 4, 100 },        // more written than uncached input: clamped
        { -5, -5, 0, 0 },          // negative counts count as zero
        { 3_000_000_000, 1, 0, 0 }, // past what 64-bit nano-dollars hold at some rates: falls back
    };

    [Theory]
    [MemberData(nameof(Usages))]
    public void PriceCalculator_Calculate_EqualsModelPricingForEveryCatalogModel(long input, long output, long cached, long written)
    {
        var usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, CachedInputTokenCount = cached };
        if (written != 0)
        {
            usage.AdditionalCounts = new() { [ModelPricing.CacheWriteTokensKey] = written };
        }

        foreach (var model in ModelCatalog.Default.Models)
        {
            var expected = model.Pricing.CalculateCost(usage);
            var actual = new PriceCalculator(model.Pricing).Calculate(usage);

            Assert.Equal(expected, actual);
            Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), actual.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void PriceCalculator_RateFinerThanANanoDollar_FallsBackToDecimalArithmetic()
    {
        var pricing = new ModelPricing(0.0000000001m, 1m) { CachedInputPerMillion = 0.123456789123m };
        var usage = new UsageDetails { InputTokenCount = 7_654_321, OutputTokenCount = 3, CachedInputTokenCount = 1_000 };

        Assert.Equal(pricing.CalculateCost(usage), new PriceCalculator(pricing).Calculate(usage));
    }
}
