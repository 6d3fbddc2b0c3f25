using System.Text;

namespace LlmRouter.Tests.Catalog;

public sealed class ModelCatalogLoaderTests
{
    private const string ValidModel =
        """{ "provider": "openai", "id": "gpt-4o-mini", "tier": "Balanced", "contextWindow": 128000, "maxOutputTokens": 16384, "pricing": { "input": 0.15, "output": 0.6, "cachedInput": 0.075 }, "capabilities": ["Streaming", "tools"], "aliases": ["mini"] }""";

    private static CatalogDocument Load(string json) => ModelCatalogLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static string Document(params string[] models) =>
        $$"""{ "pricesAsOf": "2026-07-24", "source": "test", "models": [{{string.Join(",", models)}}] }""";

    [Fact]
    public void ModelCatalogLoader_ReadsAValidDocument()
    {
        var document = Load(Document(ValidModel));

        var model = Assert.Single(document.Models);
        Assert.Equal(new DateOnly(2026, 7, 24), document.PricesAsOf);
        Assert.Equal("test", document.Source);
        Assert.Equal("openai/gpt-4o-mini", model.Key);
        Assert.Equal(ModelTier.Balanced, model.Tier);
        Assert.Equal(128_000, model.ContextWindow);
        Assert.Equal(16_384, model.MaxOutputTokens);
        Assert.Equal(new ModelPricing(0.15m, 0.6m) { CachedInputPerMillion = 0.075m }, model.Pricing);
        Assert.Equal(ModelCapabilities.Streaming | ModelCapabilities.Tools, model.Capabilities);
        Assert.Equal(["mini"], model.Aliases);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("""{ "pricesAsOf": "2026-07-24", "source": "test", "models": [] }""")]
    [InlineData("""{ "source": "test", "models": [] }""")]
    [InlineData("""{ "pricesAsOf": "yesterday", "source": "test", "models": [] }""")]
    public void ModelCatalogLoader_BrokenDocumentThrowsInvalidOperation(string json)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Load(json));

        Assert.StartsWith("The model catalog (stream) is invalid:", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"tier\": \"Balanced\"", "\"tier\": \"Mediocre\"", "unknown 'tier'")]
    [InlineData("\"tier\": \"Balanced\"", "\"tier\": \"2\"", "unknown 'tier'")]
    [InlineData("\"Streaming\"", "\"Telepathy\"", "unknown capability")]
    [InlineData("\"provider\": \"openai\"", "\"provider\": \"\"", "'provider'")]
    [InlineData("\"id\": \"gpt-4o-mini\"", "\"id\": \" \"", "no 'id'")]
    [InlineData("\"input\": 0.15", "\"input\": -1", "negative price")]
    [InlineData("\"contextWindow\": 128000", "\"contextWindow\": -5", "negative")]
    [InlineData("\"contextWindow\": 128000", "\"contextWindow\": \"big\"", "not valid catalog JSON")]
    [InlineData("\"aliases\": [\"mini\"]", "\"aliases\": [\"\"]", "empty alias")]
    [InlineData("\"aliases\": [\"mini\"]", "\"aliases\": [\"mini\"], \"colour\": \"red\"", "not valid catalog JSON")]
    public void ModelCatalogLoader_InvalidModelThrowsNamingTheProblem(string valid, string broken, string expected)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Load(Document(ValidModel.Replace(valid, broken, StringComparison.Ordinal))));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalogLoader_ReadsTheDeprecationDate()
    {
        var dated = ValidModel.Replace("\"aliases\"", "\"deprecationDate\": \"2026-06-01\", \"aliases\"", StringComparison.Ordinal);
        var undated = ValidModel.Replace("gpt-4o-mini", "gpt-4.1-mini", StringComparison.Ordinal).Replace("\"mini\"", "\"other\"", StringComparison.Ordinal)
            .Replace("\"aliases\"", "\"deprecationDate\": null, \"aliases\"", StringComparison.Ordinal);

        var document = Load(Document(dated, undated));

        Assert.Equal(new DateOnly(2026, 6, 1), document.Models[0].DeprecationDate);
        Assert.Null(document.Models[1].DeprecationDate);
        Assert.Null(Load(Document(ValidModel)).Models[0].DeprecationDate);
    }

    [Theory]
    [InlineData("\"soon\"")]
    [InlineData("\"01/06/2026\"")]
    [InlineData("\"2026-13-01\"")]
    [InlineData("\"\"")]
    public void ModelCatalogLoader_UnreadableDeprecationDateThrowsNamingTheModel(string value)
    {
        var broken = ValidModel.Replace("\"aliases\"", $"\"deprecationDate\": {value}, \"aliases\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidOperationException>(() => Load(Document(broken)));

        Assert.Contains("model 'openai/gpt-4o-mini' has a 'deprecationDate' that is not a yyyy-MM-dd date", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalogLoader_MissingPricingThrows()
    {
        var json = Document("""{ "provider": "p", "id": "m", "tier": "Fast", "contextWindow": 1 }""");

        var ex = Assert.Throws<InvalidOperationException>(() => Load(json));

        Assert.Contains("'p/m' has no 'pricing'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalogLoader_DuplicateKeyThrows()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => Load(Document(ValidModel, ValidModel.Replace("\"mini\"", "\"other\"", StringComparison.Ordinal))));

        Assert.Contains("'openai/gpt-4o-mini' is listed twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalogLoader_DuplicateAliasThrows()
    {
        var second = ValidModel.Replace("gpt-4o-mini", "gpt-4.1-mini", StringComparison.Ordinal).Replace("\"mini\"", "\"MINI\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidOperationException>(() => Load(Document(ValidModel, second)));

        Assert.Contains("alias 'MINI' of 'openai/gpt-4.1-mini' is already an alias of 'openai/gpt-4o-mini'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalogLoader_AliasThatIsAnIdThrows()
    {
        var second = ValidModel.Replace("gpt-4o-mini", "gpt-4.1-mini", StringComparison.Ordinal).Replace("\"mini\"", "\"gpt-4o-mini\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidOperationException>(() => Load(Document(ValidModel, second)));

        Assert.Contains("is also a model key or id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelCatalogLoader_EmbeddedResourceLoads()
    {
        var document = ModelCatalogLoader.LoadEmbedded();

        Assert.NotEmpty(document.Models);
    }
}
