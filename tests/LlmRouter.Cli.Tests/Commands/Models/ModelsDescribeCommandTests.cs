using LlmRouter.Cli.Tests.TestSupport;

namespace LlmRouter.Cli.Tests.Commands.Models;

public sealed class ModelsDescribeCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task ModelsDescribe_Json_IsTheModelsObject_FoundByAlias()
    {
        var alias = ModelCatalog.Default.Models.First(m => m.Aliases.Count > 0);

        var result = await _cli.RunAsync("models", "describe", alias.Aliases[0], "--json");

        Assert.Equal(0, result.ExitCode);
        var model = result.Json();
        Assert.Equal(alias.Key, model.GetProperty("key").GetString());
        Assert.Equal(alias.Pricing.OutputPerMillion, model.GetProperty("outputPerMillion").GetDecimal());
        Assert.Equal(10, model.EnumerateObject().Count());
    }

    [Fact]
    public async Task ModelsDescribe_Table_ShowsCachedPricesAndCapabilities()
    {
        var model = ModelCatalog.Default.Models.First(m => m.Pricing.CachedInputPerMillion is > 0);

        var result = await _cli.RunAsync("models", "describe", model.Key);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(model.Key, result.Output, StringComparison.Ordinal);
        Assert.Contains("Cached input", result.Output, StringComparison.Ordinal);
        Assert.Contains(model.Tier.ToString(), result.Output, StringComparison.Ordinal);
        Assert.Contains("Streaming", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsDescribe_UnknownModel_ExitsOneWithCloseMatchesOnStandardError()
    {
        var result = await _cli.RunAsync("models", "describe", "gpt-4p", "--json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("Unknown model or alias 'gpt-4p'", result.Error, StringComparison.Ordinal);
        Assert.Contains("'openai/gpt-4o'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsDescribe_WithoutAModel_IsAUsageError()
    {
        var result = await _cli.RunAsync("models", "describe");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("llmrouter models describe --help", result.Error, StringComparison.Ordinal);
    }
}
