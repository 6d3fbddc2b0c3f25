using LlmRouter.Anthropic.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Anthropic.Tests;

public class AnthropicProviderTests
{
    private static readonly string[] NoVariables = ["LLMROUTER_TEST_ANTHROPIC_UNSET_" + Guid.NewGuid().ToString("N")];

    [Fact]
    public void Constructor_WithoutKey_IsUnconfiguredWithAReason()
    {
        using var provider = new AnthropicProvider(new AnthropicProviderOptions(), null, NoVariables);

        Assert.False(provider.IsConfigured);
        Assert.Equal($"no API key: set {NoVariables[0]} or LlmRouter:Providers:anthropic:ApiKey", provider.NotConfiguredReason);
        Assert.Null(provider.KeySource);
        Assert.Equal("anthropic", provider.Name);
        Assert.False(provider.IsLocal);
    }

    [Fact]
    public void Constructor_DefaultVariable_IsAnthropicApiKey()
    {
        Assert.Equal("ANTHROPIC_API_KEY", AnthropicProvider.ApiKeyEnvironmentVariable);
        using var provider = new AnthropicProvider(new AnthropicProviderOptions { ApiKey = "sk-ant-x" });
        Assert.True(provider.IsConfigured);
        Assert.Equal("options", provider.KeySource);
        Assert.Equal(new Uri("https://api.anthropic.com"), provider.Endpoint);
    }

    [Fact]
    public void GetChatClient_Unconfigured_ThrowsAuthenticationLlmException()
    {
        using var provider = new AnthropicProvider(new AnthropicProviderOptions(), null, NoVariables);

        var ex = Assert.Throws<LlmException>(() => provider.GetChatClient("claude-haiku-4-5"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Contains("no API key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Constructor_KeyFromEnvironmentVariable_IsUsed()
    {
        var variable = "LLMROUTER_TEST_ANTHROPIC_KEY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-ant-from-env-0123456789");
        try
        {
            await using var server = new LlmRouter.Tests.Shared.LoopbackHttpServer();
            using var provider = new AnthropicProvider(new AnthropicProviderOptions { Endpoint = server.BaseAddress }, null, [NoVariables[0], variable]);
            server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

            await provider.GetChatClient("claude-haiku-4-5").GetResponseAsync("hi");

            Assert.True(provider.IsConfigured);
            Assert.Equal(variable, provider.KeySource);
            var headers = Assert.Single(server.Requests).Headers;
            Assert.Contains("sk-ant-from-env-0123456789", headers.TryGetValue("x-api-key", out var k) ? k : headers["Authorization"], StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task AddAnthropic_KeyAndEndpointFromConfiguration_AreUsed()
    {
        await using var server = new LlmRouter.Tests.Shared.LoopbackHttpServer();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:anthropic:ApiKey"] = "sk-ant-config-0123456789",
            ["LlmRouter:Providers:anthropic:Endpoint"] = server.BaseAddress.ToString(),
            ["LlmRouter:Providers:anthropic:MaxOutputTokens"] = "321",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddAnthropic();
        await using var sp = services.BuildServiceProvider();
        server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        var provider = Assert.IsType<AnthropicProvider>(Assert.Single(sp.GetServices<ILlmProvider>(), p => p.Name == "anthropic"));
        await provider.GetChatClient("claude-haiku-4-5").GetResponseAsync("hi");

        Assert.True(provider.IsConfigured);
        Assert.Equal("options", provider.KeySource);
        Assert.Equal(321, System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(server.Requests).Body)!["max_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task AddAnthropic_CodeConfigurationWinsOverConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:anthropic:ApiKey"] = "sk-ant-config-0123456789",
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddAnthropic(o => o.Endpoint = new Uri("http://127.0.0.1:9/"));
        await using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<AnthropicProvider>(Assert.Single(sp.GetServices<ILlmProvider>(), p => p.Name == "anthropic"));

        Assert.True(provider.IsConfigured);
        Assert.Equal(new Uri("http://127.0.0.1:9/"), provider.Endpoint);
    }

    [Fact]
    public void ToStringAndReasons_NeverShowTheKey()
    {
        const string key = "sk-ant-api03-secretsecretsecret-WXYZ";
        var options = new AnthropicProviderOptions { ApiKey = key };
        using var provider = new AnthropicProvider(options);

        Assert.DoesNotContain(key, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("sk-…WXYZ", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, provider.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret", provider.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void GetEmbeddingGenerator_IsNotSupported_AndSaysWhatToUse()
    {
        using var provider = new AnthropicProvider(new AnthropicProviderOptions { ApiKey = "sk-ant-x" });

        var ex = Assert.Throws<NotSupportedException>(() => provider.GetEmbeddingGenerator("claude-haiku-4-5"));

        Assert.Contains("no embeddings API", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Voyage", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NonPositiveMaxOutputTokens_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnthropicProvider(new AnthropicProviderOptions { ApiKey = "k", MaxOutputTokens = 0 }));

    [Fact]
    public async Task CheckHealthAsync_ListsOneModel()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, """{"data":[{"type":"model","id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5","created_at":"2025-10-01T00:00:00Z"}],"has_more":true,"first_id":"claude-haiku-4-5","last_id":"claude-haiku-4-5"}""");

        var health = await fx.Provider.CheckHealthAsync();

        Assert.True(health.IsHealthy, health.Detail);
        Assert.NotNull(health.Latency);
        var request = Assert.Single(fx.Server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/models?limit=1", request.Path);
    }

    [Fact]
    public async Task CheckHealthAsync_BadKey_IsUnhealthyWithoutTheKey()
    {
        await using var fx = new AnthropicFixture();
        var (status, body) = Wire.Error("invalid x-api-key");
        fx.Server.Respond(status, body);

        var health = await fx.Provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Contains("Authentication", health.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(AnthropicFixture.Key, health.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_Unconfigured_SaysWhy()
    {
        using var provider = new AnthropicProvider(new AnthropicProviderOptions(), null, NoVariables);

        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Contains("no API key", health.Detail, StringComparison.Ordinal);
    }
}
