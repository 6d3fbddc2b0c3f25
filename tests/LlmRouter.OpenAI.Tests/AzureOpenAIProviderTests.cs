using LlmRouter.OpenAI.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.OpenAI.Tests;

/// <summary>Azure OpenAI on its v1 surface: path, <c>api-key</c> header, deployments as model ids, endpoint required.</summary>
public class AzureOpenAIProviderTests
{
    [Fact]
    public async Task GetResponseAsync_CallsTheV1SurfaceWithTheApiKeyHeader()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion("hi"));
        var provider = Providers.Create(server, OpenAIPresets.AzureOpenAI);

        await provider.GetChatClient("my-gpt-4o-mini-deployment").GetResponseAsync("hi");

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/chat/completions", request.Path);
        Assert.Equal(Providers.TestKey, request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal("my-gpt-4o-mini-deployment", (string?)System.Text.Json.Nodes.JsonNode.Parse(request.Body)!["model"]);
    }

    [Theory]
    [InlineData("https://res.openai.azure.com", "https://res.openai.azure.com/openai/v1")]
    [InlineData("https://res.openai.azure.com/", "https://res.openai.azure.com/openai/v1")]
    [InlineData("https://res.openai.azure.com/openai/v1/", "https://res.openai.azure.com/openai/v1")]
    [InlineData("https://res.cognitiveservices.azure.com/openai/v1", "https://res.cognitiveservices.azure.com/openai/v1")]
    public void Endpoint_GetsTheV1PathOnce(string configured, string expected)
    {
        var provider = new OpenAIProvider(OpenAIPresets.AzureOpenAI, new OpenAIProviderOptions { ApiKey = "k", Endpoint = new Uri(configured) });

        Assert.Equal(new Uri(expected), provider.Endpoint);
    }

    [Fact]
    public void Provider_WithoutEndpointOrKey_IsUnconfiguredNamingBoth()
    {
        var preset = Providers.Isolated(OpenAIPresets.AzureOpenAI, out var keyVariable, out var endpointVariable);

        var provider = new OpenAIProvider(preset, new OpenAIProviderOptions());

        Assert.False(provider.IsConfigured);
        Assert.Equal(
            $"no API key: set {keyVariable} or LlmRouter:Providers:azure-openai:ApiKey; no endpoint: set {endpointVariable} or LlmRouter:Providers:azure-openai:Endpoint",
            provider.NotConfiguredReason);
    }

    [Fact]
    public void Provider_WithKeyButNoEndpoint_IsUnconfigured()
    {
        var preset = Providers.Isolated(OpenAIPresets.AzureOpenAI, out _, out var endpointVariable);

        var provider = new OpenAIProvider(preset, new OpenAIProviderOptions { ApiKey = "k" });

        Assert.Equal($"no endpoint: set {endpointVariable} or LlmRouter:Providers:azure-openai:Endpoint", provider.NotConfiguredReason);
    }

    [Fact]
    public void Provider_EndpointFromTheEnvironment_IsUsed()
    {
        var preset = Providers.Isolated(OpenAIPresets.AzureOpenAI, out var keyVariable, out var endpointVariable);
        Environment.SetEnvironmentVariable(keyVariable, "azure-key-000000000000");
        Environment.SetEnvironmentVariable(endpointVariable, "https://contoso.openai.azure.com/");
        try
        {
            var provider = new OpenAIProvider(preset, new OpenAIProviderOptions());

            Assert.True(provider.IsConfigured);
            Assert.Equal(new Uri("https://contoso.openai.azure.com/openai/v1"), provider.Endpoint);
            Assert.Equal(keyVariable, provider.ApiKeySource);
        }
        finally
        {
            Environment.SetEnvironmentVariable(keyVariable, null);
            Environment.SetEnvironmentVariable(endpointVariable, null);
        }
    }

    [Fact]
    public async Task CheckHealthAsync_SendsTheApiKeyHeader()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"object":"list","data":[]}""");
        var provider = Providers.Create(server, OpenAIPresets.AzureOpenAI);

        var health = await provider.CheckHealthAsync();

        Assert.True(health.IsHealthy, health.Detail);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/v1/models", request.Path);
        Assert.Equal(Providers.TestKey, request.Headers["api-key"]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }
}
