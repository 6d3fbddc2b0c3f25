using LlmRouter.Cli.Tests.TestSupport;

namespace LlmRouter.Cli.Tests;

public sealed class CliApplicationTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Cli_WithoutACommand_IsAUsageError()
    {
        var result = await _cli.RunAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Contains("Run 'llmrouter --help'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("models", "list", "--colour")]
    [InlineData("models", "--json")]
    public async Task Cli_UnknownCommandOrOption_IsAUsageError(params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_Help_ListsEveryCommand()
    {
        var result = await _cli.RunAsync("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var command in new[] { "models", "providers", "chat", "compare", "route", "usage", "config" })
        {
            Assert.Contains(command, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Cli_CommandHelp_DescribesItsOptions()
    {
        var result = await _cli.RunAsync("usage", "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--since", result.Output, StringComparison.Ordinal);
        Assert.Contains("--by", result.Output, StringComparison.Ordinal);
        Assert.Contains("--json", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_GlobalOptions_MayComeBeforeTheCommand()
    {
        var result = await _cli.RunAsync("--json", "models", "describe", "gpt-4o-mini");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("openai/gpt-4o-mini", result.Json().GetProperty("key").GetString());
    }

    [Fact]
    public async Task Cli_InvalidRouterOptions_AreReportedTogether()
    {
        _cli.AddFake("openai");
        _cli.WriteAppSettings("""{ "LlmRouter": { "Strategy": "nonsense", "Retry": { "MaxRetries": -4 } } }""");

        var result = await _cli.RunAsync("route", "--explain", "hi");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("The configuration is invalid", result.Error, StringComparison.Ordinal);
        Assert.Contains("nonsense", result.Error, StringComparison.Ordinal);
        Assert.Contains("MaxRetries", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_NoCommandPrintsAKey()
    {
        const string Key = "sk-live-TopSecretKey0123456789";
        _cli.Environment["OPENAI_API_KEY"] = Key;
        _cli.Environment["LlmRouter__Providers__openai__ApiKey"] = Key;
        var openai = _cli.AddFake("openai");
        openai.Health = new ProviderHealth(true, "ok");
        _cli.Input = "hello\n";
        string[][] commands =
        [
            ["models", "list"], ["models", "describe", "gpt-4o-mini"], ["models", "aliases"], ["providers"], ["config"],
            ["chat", "-m", "gpt-4o-mini", "hi"], ["chat"], ["compare", "-m", "gpt-4o-mini,gpt-4.1-nano", "hi"],
            ["route", "--explain", "hi"], ["usage"],
        ];

        foreach (var command in commands)
        {
            foreach (var json in new[] { false, true })
            {
                var result = await _cli.RunAsync(json ? [.. command, "--json"] : command);
                Assert.DoesNotContain("TopSecretKey", result.Output + result.Error, StringComparison.Ordinal);
            }
        }
    }
}
