namespace LlmRouter.Tests.Catalog;

/// <summary>LiteLLM's price map, copied from <c>tests/Fixtures/reference</c> to the test output's <c>reference/</c> folder.</summary>
internal static class ReferenceData
{
    /// <summary>Gets the path of LiteLLM's price map next to the test assembly.</summary>
    public static string PriceMapPath { get; } = Path.Combine(AppContext.BaseDirectory, "reference", "litellm-model-prices.json");

    public static FileStream OpenPriceMap() => File.OpenRead(PriceMapPath);
}
