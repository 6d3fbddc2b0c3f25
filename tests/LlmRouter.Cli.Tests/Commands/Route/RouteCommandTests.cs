using LlmRouter.Cli.Tests.TestSupport;

namespace LlmRouter.Cli.Tests.Commands.Route;

public sealed class RouteCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Route_Json_IsThePlanOverTheConfiguredProviders_AndSendsNothing()
    {
        var openai = _cli.AddFake("openai");
        var anthropic = _cli.AddFake("anthropic");
        _cli.AddUnconfigured("gemini", "no API key");

        var result = await _cli.RunAsync("route", "--explain", "Prove that the square root of 2 is irrational.", "--json");

        Assert.Equal(0, result.ExitCode);
        var plan = result.Json();
        Assert.Equal(["strategy", "reason", "models"], plan.EnumerateObject().Select(p => p.Name));
        Assert.Equal("complexity", plan.GetProperty("strategy").GetString());
        Assert.StartsWith("complexity", plan.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var models = plan.GetProperty("models").EnumerateArray().Select(m => m.GetString()!).ToArray();
        Assert.NotEmpty(models);
        Assert.All(models, m => Assert.True(m.StartsWith("openai/", StringComparison.Ordinal) || m.StartsWith("anthropic/", StringComparison.Ordinal), m));
        Assert.Empty(openai.GetChatClientCalls);
        Assert.Empty(anthropic.GetChatClientCalls);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task Route_WithNoProviderConfigured_PlansOverTheWholeCatalog()
    {
        _cli.AddUnconfigured("openai", "no API key");

        var result = await _cli.RunAsync("route", "--explain", "Hi!", "--json", "--strategy", "cost");

        Assert.Equal(0, result.ExitCode);
        var plan = result.Json();
        Assert.Equal("cost", plan.GetProperty("strategy").GetString());
        var providers = plan.GetProperty("models").EnumerateArray().Select(m => m.GetString()!.Split('/')[0]).Distinct().ToArray();
        Assert.True(providers.Length > 10, string.Join(", ", providers));
        Assert.Contains("planned over the whole catalog", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_Strategy_ChangesThePlan()
    {
        _cli.AddFake("openai");

        var cost = (await _cli.RunAsync("route", "--explain", "--strategy", "cost", "Summarize this.", "--json")).Json();
        var first = ModelCatalog.Default.Resolve(cost.GetProperty("models")[0].GetString()!);

        Assert.Equal("cost", cost.GetProperty("strategy").GetString());
        var cheaper = ModelCatalog.Default.Models.Where(m => m.Provider == "openai" && !m.Supports(ModelCapabilities.Embeddings))
            .Where(m => m.Pricing.OutputPerMillion < first.Pricing.OutputPerMillion && m.Pricing.InputPerMillion < first.Pricing.InputPerMillion);
        Assert.Empty(cheaper);
    }

    [Fact]
    public async Task Route_Table_ShowsStrategyReasonAndTheOrder()
    {
        _cli.AddFake("anthropic");

        var result = await _cli.RunAsync("route", "--explain", "Write a haiku about routers.");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Strategy", result.Output, StringComparison.Ordinal);
        Assert.Contains("Reason", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"│\s+1 │ anthropic/", result.Output);
        Assert.Contains("Nothing was sent.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_UnknownStrategy_IsAUsageError()
    {
        _cli.AddFake("openai");

        var result = await _cli.RunAsync("route", "--explain", "--strategy", "random", "hi", "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("Unknown strategy 'random'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_ALocalServerThatAnswers_IsPlannedOver()
    {
        _cli.AddFake("ollama", isLocal: true);

        var result = await _cli.RunAsync("route", "--explain", "hi", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.All(result.Json().GetProperty("models").EnumerateArray(), m => Assert.StartsWith("ollama/", m.GetString(), StringComparison.Ordinal));
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public async Task Route_WithoutAPrompt_IsAUsageError()
    {
        var result = await _cli.RunAsync("route", "--explain");

        Assert.Equal(2, result.ExitCode);
    }
}
