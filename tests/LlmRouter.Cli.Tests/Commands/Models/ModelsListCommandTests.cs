using System.Text.Json;
using LlmRouter.Cli.Tests.TestSupport;

namespace LlmRouter.Cli.Tests.Commands.Models;

public sealed class ModelsListCommandTests : IDisposable
{
    private static readonly string[] ModelProperties =
        ["key", "provider", "id", "tier", "contextWindow", "maxOutputTokens", "inputPerMillion", "outputPerMillion", "capabilities", "aliases"];

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ModelsList_Json_IsAnArrayOfEveryCatalogModelInTheDesignShape()
    {
        var result = await _cli.RunAsync("models", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        var models = result.Json().EnumerateArray().ToArray();
        Assert.Equal(ModelCatalog.Default.Models.Select(m => m.Key), models.Select(m => m.GetProperty("key").GetString()));
        Assert.All(models, m => Assert.Equal(ModelProperties, m.EnumerateObject().Select(p => p.Name)));

        var expected = ModelCatalog.Default.Resolve("openai/gpt-4o-mini");
        var mini = models.Single(m => m.GetProperty("key").GetString() == expected.Key);
        Assert.Equal("openai", mini.GetProperty("provider").GetString());
        Assert.Equal("gpt-4o-mini", mini.GetProperty("id").GetString());
        Assert.Equal(expected.Tier.ToString(), mini.GetProperty("tier").GetString());
        Assert.Equal(expected.ContextWindow, mini.GetProperty("contextWindow").GetInt32());
        Assert.Equal(expected.MaxOutputTokens, mini.GetProperty("maxOutputTokens").GetInt32());
        Assert.Equal(expected.Pricing.InputPerMillion, mini.GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(expected.Pricing.OutputPerMillion, mini.GetProperty("outputPerMillion").GetDecimal());
        Assert.Contains("Tools", mini.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(expected.Aliases, mini.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task ModelsList_ProviderAndTier_FilterTheList()
    {
        var result = await _cli.RunAsync("models", "list", "--provider", "Anthropic", "--tier", "SMART", "--json");

        Assert.Equal(0, result.ExitCode);
        var keys = result.Json().EnumerateArray().Select(m => m.GetProperty("key").GetString()).ToArray();
        var expected = ModelCatalog.Default.Models.Where(m => m.Provider == "anthropic" && m.Tier == ModelTier.Smart).Select(m => m.Key).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, keys);
    }

    [Fact]
    public async Task ModelsList_Table_ShowsEachModelWithItsLimitsPricesAndAliases()
    {
        var result = await _cli.RunAsync("models", "list", "--provider", "openai");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n');
        var header = Assert.Single(lines, l => l.Contains("Model", StringComparison.Ordinal) && l.Contains("Aliases", StringComparison.Ordinal));
        Assert.Contains("Context", header, StringComparison.Ordinal);
        var mini = ModelCatalog.Default.Resolve("openai/gpt-4o-mini");
        var row = Assert.Single(lines, l => l.Contains("│ openai/gpt-4o-mini ", StringComparison.Ordinal));
        Assert.Contains("128,000", row, StringComparison.Ordinal);
        Assert.Contains("$0.15", row, StringComparison.Ordinal);
        Assert.Contains("$0.60", row, StringComparison.Ordinal);
        Assert.All(mini.Aliases, a => Assert.Contains(a, row, StringComparison.Ordinal));
        var count = ModelCatalog.Default.Models.Count(m => m.Provider == "openai");
        Assert.Contains($"{count} model(s)", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("│ anthropic/", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsList_UnknownTier_IsAUsageErrorNamingTheTiers()
    {
        var result = await _cli.RunAsync("models", "list", "--tier", "huge", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("Unknown tier 'huge'", result.Error, StringComparison.Ordinal);
        Assert.Contains("local, fast, balanced, smart, frontier", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TierOption_NamesAreTheEnumsNamesInOrder()
    {
        Assert.Equal(Enum.GetNames<ModelTier>().Select(n => n.ToLowerInvariant()), LlmRouter.Cli.Commands.Models.TierOption.Names.Split('|'));
        Assert.Null(LlmRouter.Cli.Commands.Models.TierOption.Parse("2"));
        Assert.Equal(ModelTier.Frontier, LlmRouter.Cli.Commands.Models.TierOption.Parse(" Frontier "));
    }

    [Fact]
    public async Task ModelsList_UnknownProvider_FailsListingTheKnownOnes()
    {
        var result = await _cli.RunAsync("models", "list", "--provider", "openia");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("No provider 'openia'", result.Error, StringComparison.Ordinal);
        Assert.Contains("openai", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsList_ConfiguredModelsAndAliases_AreListed()
    {
        _cli.WriteAppSettings("""
            {
              "LlmRouter": {
                "AdditionalModels": [
                  { "Provider": "acme", "Id": "rocket-1", "Tier": "Smart", "ContextWindow": 64000, "MaxOutputTokens": 8000,
                    "Pricing": { "InputPerMillion": 1.5, "OutputPerMillion": 6 }, "Capabilities": "Streaming, Tools", "Aliases": [ "rocket" ] }
                ],
                "Aliases": { "house": "openai/gpt-4o-mini" }
              }
            }
            """);

        var list = await _cli.RunAsync("models", "list", "--provider", "acme", "--json");
        var aliases = await _cli.RunAsync("models", "aliases", "--json");

        Assert.Equal(0, list.ExitCode);
        var rocket = Assert.Single(list.Json().EnumerateArray());
        Assert.Equal("acme/rocket-1", rocket.GetProperty("key").GetString());
        Assert.Equal("Smart", rocket.GetProperty("tier").GetString());
        Assert.Equal(1.5m, rocket.GetProperty("inputPerMillion").GetDecimal());
        Assert.Equal(["Streaming", "Tools"], rocket.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("acme/rocket-1", aliases.Json().GetProperty("rocket").GetString());
        Assert.Equal("openai/gpt-4o-mini", aliases.Json().GetProperty("house").GetString());
    }

    [Fact]
    public async Task ModelsList_EnvironmentVariables_ConfigureLikeTheFile()
    {
        _cli.Environment["LlmRouter__Aliases__house"] = "anthropic/claude-haiku-4-5";

        var result = await _cli.RunAsync("models", "aliases", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("anthropic/claude-haiku-4-5", result.Json().GetProperty("house").GetString());
    }

    [Fact]
    public async Task ModelsList_ConfigFileOption_IsReadInsteadOfAppSettings()
    {
        _cli.WriteAppSettings("""{ "LlmRouter": { "Aliases": { "house": "openai/gpt-4o-mini" } } }""");
        File.WriteAllText(_cli.PathOf("other.json"), """{ "LlmRouter": { "Aliases": { "house": "openai/gpt-4.1" } } }""");

        var result = await _cli.RunAsync("models", "aliases", "--config", "other.json", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("openai/gpt-4.1", result.Json().GetProperty("house").GetString());
    }

    [Fact]
    public async Task ModelsList_MissingConfigFile_IsAUsageError()
    {
        var result = await _cli.RunAsync("models", "list", "--config", "nope.json");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'nope.json' does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsList_BrokenAppSettings_IsARuntimeFailure()
    {
        _cli.WriteAppSettings("{ \"LlmRouter\": ");

        var result = await _cli.RunAsync("models", "list", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("cannot be read", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsList_NeedsNoProvider()
    {
        // No provider at all, not even unconfigured ones: listing the catalog never builds the router.
        var result = await _cli.RunAsync("models", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(JsonValueKind.Array, result.Json().ValueKind);
    }
}
