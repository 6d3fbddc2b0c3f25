using LlmRouter.Cli.Configuration;

namespace LlmRouter.Cli.Tests.Configuration;

public sealed class CliConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llmrouter-cli-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void CliConfiguration_EnvironmentOverridesTheFile()
    {
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), """{ "LlmRouter": { "Strategy": "latency", "LocalFirst": true } }""");
        var environment = new Dictionary<string, string> { ["LLMROUTER__STRATEGY"] = "cost", ["PATH"] = "/bin" };

        var configuration = CliConfiguration.Load(null, _directory, environment);

        Assert.Equal("cost", configuration.Router["Strategy"]);
        Assert.Equal("True", configuration.Router["LocalFirst"]);
        Assert.Equal(Path.Combine(_directory, "appsettings.json"), configuration.File);
        Assert.Equal(["LLMROUTER:STRATEGY"], configuration.FromEnvironment);
        Assert.Null(configuration.Root["PATH"]);
    }

    [Fact]
    public void CliConfiguration_WithoutAFile_ReadsTheEnvironmentOnly()
    {
        var configuration = CliConfiguration.Load(null, _directory, new Dictionary<string, string> { ["LlmRouter__Models__0"] = "openai/gpt-4o-mini" });

        Assert.Null(configuration.File);
        Assert.Equal("openai/gpt-4o-mini", configuration.Router["Models:0"]);
    }

    [Fact]
    public void CliConfiguration_Exists_OnlyWhenSomethingIsConfigured()
    {
        Assert.False(CliConfiguration.Exists(null, _directory, new Dictionary<string, string> { ["HOME"] = "/root" }));
        Assert.True(CliConfiguration.Exists(null, _directory, new Dictionary<string, string> { ["llmrouter__Strategy"] = "cost" }));
        Assert.True(CliConfiguration.Exists("x.json", _directory, new Dictionary<string, string>()));
        File.WriteAllText(Path.Combine(_directory, "appsettings.json"), "{}");
        Assert.True(CliConfiguration.Exists(null, _directory, new Dictionary<string, string>()));
    }
}
