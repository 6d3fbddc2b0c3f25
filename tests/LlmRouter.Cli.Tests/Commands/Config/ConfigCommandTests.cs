using LlmRouter.Cli.Tests.TestSupport;

namespace LlmRouter.Cli.Tests.Commands.Config;

public sealed class ConfigCommandTests : IDisposable
{
    private const string EnvironmentKey = "sk-proj-EnvSecret0123456789abcd";
    private const string FileKey = "sk-ant-FileSecret9876543210wxyz";
    private const string RedisPassword = "hunter2-redis-secret";

    private readonly CliHarness _cli = new();

    public ConfigCommandTests()
    {
        _cli.AddFake("openai");
        _cli.AddUnconfigured("gemini", "no API key: set GEMINI_API_KEY or GOOGLE_API_KEY or LlmRouter:Providers:gemini:ApiKey");
        _cli.Environment["OPENAI_API_KEY"] = EnvironmentKey;
        _cli.Environment["OLLAMA_HOST"] = "http://admin:pa55word@gpu-box:11434";
        _cli.Environment["HOME"] = "/home/someone";
        _cli.Environment["LlmRouter__Strategy"] = "cost";
        _cli.WriteAppSettings($$"""
            {
              "LlmRouter": {
                "Strategy": "latency",
                "FallbackChain": [ "openai/gpt-4o-mini" ],
                "Budgets": { "DailyLimit": 5 },
                "Storage": { "Redis": "localhost:6379,password={{RedisPassword}}" },
                "Providers": { "anthropic": { "ApiKey": "{{FileKey}}" } }
              }
            }
            """);
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Config_Json_ShowsTheEffectiveConfigurationWithKeysMasked()
    {
        var result = await _cli.RunAsync("config", "--json");

        Assert.Equal(0, result.ExitCode);
        var config = result.Json();
        Assert.Equal(_cli.PathOf("appsettings.json"), config.GetProperty("configFile").GetString());
        Assert.Equal("redis", config.GetProperty("storage").GetProperty("kind").GetString());
        Assert.Equal("localhost:6379,password=…", config.GetProperty("storage").GetProperty("connection").GetString());
        var router = config.GetProperty("router");
        Assert.Equal("cost", router.GetProperty("strategy").GetString());
        Assert.Equal("openai/gpt-4o-mini", router.GetProperty("fallbackChain").GetString());
        Assert.StartsWith("daily $5,", router.GetProperty("budgets").GetString(), StringComparison.Ordinal);
        var providers = config.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.True(providers["openai"].GetProperty("configured").GetBoolean());
        Assert.StartsWith("no API key", providers["gemini"].GetProperty("detail").GetString(), StringComparison.Ordinal);
        var environment = config.GetProperty("environment");
        Assert.Equal("sk-…abcd", environment.GetProperty("OPENAI_API_KEY").GetString());
        Assert.Equal("http://…@gpu-box:11434", environment.GetProperty("OLLAMA_HOST").GetString());
        Assert.False(environment.TryGetProperty("HOME", out _));
        var settings = config.GetProperty("settings");
        Assert.Equal("sk-…wxyz", settings.GetProperty("LlmRouter:Providers:anthropic:ApiKey").GetString());
        Assert.Equal("cost", settings.GetProperty("LlmRouter:Strategy").GetString());
    }

    [Fact]
    public async Task Config_Table_SaysWhereEachSettingCameFrom()
    {
        var result = await _cli.RunAsync("config");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.Output.Split('\n'), l => l.Contains("LlmRouter:Strategy", StringComparison.Ordinal) && l.Contains("environment", StringComparison.Ordinal));
        Assert.Contains(result.Output.Split('\n'), l => l.Contains("LlmRouter:Budgets:DailyLimit", StringComparison.Ordinal) && l.Contains("file", StringComparison.Ordinal));
        Assert.Contains("LlmRouter:Providers:gemini:ApiKey", result.Output, StringComparison.Ordinal);
        Assert.Contains("redis (localhost:6379,password=…)", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("config")]
    [InlineData("config", "--json")]
    public async Task Config_NeverPrintsAKeyOrPassword(params string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        foreach (var secret in new[] { EnvironmentKey, FileKey, RedisPassword, "pa55word", "EnvSecret", "FileSecret" })
        {
            Assert.DoesNotContain(secret, result.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.Error, StringComparison.Ordinal);
        }
    }
}
