using System.Globalization;
using System.Text.Json;

namespace LlmRouter.Tests.Catalog;

/// <summary>Tests against the real price map in <c>tests/Fixtures/reference</c>; they fail (never skip) when it is missing.</summary>
public sealed class LiteLlmPriceMapFileTests
{
    private static readonly Lazy<ModelCatalog> LazyImported = new(() =>
    {
        using var stream = ReferenceData.OpenPriceMap();
        return ModelCatalog.FromLiteLlmPriceMap(stream);
    });

    private static readonly Lazy<JsonDocument> LazyRaw = new(() =>
    {
        using var stream = ReferenceData.OpenPriceMap();
        return JsonDocument.Parse(stream);
    });

    private static ModelCatalog Imported => LazyImported.Value;

    private static JsonElement Raw(string key) => LazyRaw.Value.RootElement.GetProperty(key);

    private static decimal PerMillion(JsonElement entry, string field) =>
        decimal.Parse(entry.GetProperty(field).GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture) * 1_000_000m;

    [Fact]
    public void FromLiteLlmPriceMap_ReadsTheRealFile()
    {
        var providers = Imported.Models.Select(m => m.Provider).Distinct().ToList();

        Assert.True(Imported.Models.Count > 1_000, $"Only {Imported.Models.Count} models imported.");
        Assert.Contains("openai", providers);
        Assert.Contains("anthropic", providers);
        Assert.Contains("azure-openai", providers);
        Assert.Contains("together", providers);
        Assert.Contains("fireworks", providers);
        Assert.DoesNotContain(Imported.Models, m => m.Id.Equals("sample_spec", StringComparison.OrdinalIgnoreCase));
        Assert.All(Imported.Models, m => Assert.True(m.Pricing.InputPerMillion >= 0 && m.Pricing.OutputPerMillion >= 0, m.Key));
        foreach (var tier in Enum.GetValues<ModelTier>())
        {
            Assert.Contains(Imported.Models, m => m.Tier == tier);
        }
    }

    [Fact]
    public void FromLiteLlmPriceMap_RealFileGpt4oMiniPricesEqualTheFile()
    {
        var raw = Raw("gpt-4o-mini");
        var model = Imported.Resolve("openai/gpt-4o-mini");

        Assert.Equal(PerMillion(raw, "input_cost_per_token"), model.Pricing.InputPerMillion);
        Assert.Equal(PerMillion(raw, "output_cost_per_token"), model.Pricing.OutputPerMillion);
        Assert.Equal(PerMillion(raw, "cache_read_input_token_cost"), model.Pricing.CachedInputPerMillion);
        Assert.Equal(raw.GetProperty("max_input_tokens").GetInt32(), model.ContextWindow);
        Assert.Equal(raw.GetProperty("max_output_tokens").GetInt32(), model.MaxOutputTokens);
        Assert.Equal(0.15m, model.Pricing.InputPerMillion);
        Assert.Equal(0.6m, model.Pricing.OutputPerMillion);
    }

    [Fact]
    public void FromLiteLlmPriceMap_RealFileSonnet46PricesEqualTheFile()
    {
        var raw = Raw("claude-sonnet-4-6");
        var model = Imported.Resolve("anthropic/claude-sonnet-4-6");

        Assert.Equal(PerMillion(raw, "input_cost_per_token"), model.Pricing.InputPerMillion);
        Assert.Equal(PerMillion(raw, "output_cost_per_token"), model.Pricing.OutputPerMillion);
        Assert.Equal(PerMillion(raw, "cache_read_input_token_cost"), model.Pricing.CachedInputPerMillion);
        Assert.Equal(PerMillion(raw, "cache_creation_input_token_cost"), model.Pricing.CacheWritePerMillion);
    }

    [Fact]
    public void FromLiteLlmPriceMap_RealFileReadsDeprecationDates()
    {
        var dated = Imported.Models.Where(m => m.DeprecationDate is not null).ToList();

        Assert.Equal(new DateOnly(2026, 6, 1), Imported.Resolve("gemini/gemini-2.0-flash").DeprecationDate);
        Assert.Equal(DateOnly.Parse(Raw("claude-3-7-sonnet-20250219").GetProperty("deprecation_date").GetString()!, CultureInfo.InvariantCulture),
            Imported.Resolve("anthropic/claude-3-7-sonnet-20250219").DeprecationDate);
        Assert.Null(Imported.Resolve("anthropic/claude-opus-4-6").DeprecationDate);
        Assert.True(dated.Count >= 50, $"Only {dated.Count} imported models have a deprecation date.");
    }

    /// <summary>Every hosted built-in model must come from the map with the map's facts, so the curated catalog cannot drift from its source.</summary>
    [Fact]
    public void ModelCatalog_DefaultMatchesThePriceMap()
    {
        var imported = Imported.Models.ToDictionary(m => m.Key, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        var compared = 0;
        foreach (var curated in ModelCatalog.Default.Models)
        {
            if (!imported.TryGetValue(curated.Key, out var source))
            {
                if (curated.Tier != ModelTier.Local)
                {
                    problems.Add($"{curated.Key}: not in the price map");
                }

                continue;
            }

            compared++;
            Check("input", curated.Pricing.InputPerMillion, source.Pricing.InputPerMillion);
            Check("output", curated.Pricing.OutputPerMillion, source.Pricing.OutputPerMillion);
            Check("cached input", curated.Pricing.CachedInputPerMillion, source.Pricing.CachedInputPerMillion);
            Check("cache write", curated.Pricing.CacheWritePerMillion, source.Pricing.CacheWritePerMillion);
            Check("context window", curated.ContextWindow, source.ContextWindow);
            Check("max output", curated.MaxOutputTokens, source.MaxOutputTokens);
            Check("capabilities", curated.Capabilities, source.Capabilities);
            Check("deprecation date", curated.DeprecationDate, source.DeprecationDate);

            void Check<T>(string what, T actual, T expected)
            {
                if (!EqualityComparer<T>.Default.Equals(actual, expected))
                {
                    problems.Add($"{curated.Key}: {what} is {actual}, the map says {expected}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.True(compared >= 47, $"Only {compared} built-in models were found in the price map.");
    }
}
