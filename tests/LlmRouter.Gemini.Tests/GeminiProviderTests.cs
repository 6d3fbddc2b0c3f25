using LlmRouter.Gemini.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.Gemini.Tests;

public sealed class GeminiProviderTests
{
    [Fact]
    public void Constructor_WithoutKey_IsUnconfiguredAndSaysWhy()
    {
        using var provider = new GeminiProvider(new GeminiProviderOptions(), null, null, ["LLMROUTER_TEST_NO_SUCH_VAR_A", "LLMROUTER_TEST_NO_SUCH_VAR_B"]);

        Assert.Equal("gemini", provider.Name);
        Assert.False(provider.IsLocal);
        Assert.False(provider.IsConfigured);
        Assert.Equal("no API key: set LLMROUTER_TEST_NO_SUCH_VAR_A or LLMROUTER_TEST_NO_SUCH_VAR_B or LlmRouter:Providers:gemini:ApiKey", provider.NotConfiguredReason);
        Assert.Null(provider.ApiKeySource);
        var ex = Assert.Throws<LlmException>(() => provider.GetChatClient("gemini-2.5-flash"));
        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
    }

    [Fact]
    public void ApiKeyEnvironmentVariables_AreGeminiThenGoogle()
    {
        Assert.Equal(["GEMINI_API_KEY", "GOOGLE_API_KEY"], GeminiProvider.ApiKeyEnvironmentVariables);
    }

    [Fact]
    public async Task Constructor_KeyFromEnvironmentVariable_IsUsedInTheHeader()
    {
        var first = $"LLMROUTER_GEMINI_TEST_{Guid.NewGuid():N}";
        var second = $"LLMROUTER_GEMINI_TEST_{Guid.NewGuid():N}";
        Environment.SetEnvironmentVariable(second, "env-key-0123456789xyz");
        try
        {
            await using var server = new LoopbackHttpServer();
            server.Respond(200, """{"candidates":[{"content":{"role":"model","parts":[{"text":"ok"}]},"finishReason":"STOP"}]}""");
            using var provider = new GeminiProvider(new GeminiProviderOptions { Endpoint = server.BaseAddress }, null, null, [first, second]);

            await provider.GetChatClient("gemini-2.5-flash").GetResponseAsync("hi");

            Assert.True(provider.IsConfigured);
            Assert.Equal(second, provider.ApiKeySource);
            Assert.Equal("env-key-0123456789xyz", server.Requests[0].Headers["x-goog-api-key"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(second, null);
        }
    }

    [Fact]
    public void ToString_MasksTheKey()
    {
        var options = new GeminiProviderOptions { ApiKey = TestProviders.ApiKey };
        using var provider = new GeminiProvider(options, null, null, TestProviders.NoEnvironment);

        Assert.DoesNotContain(TestProviders.ApiKey, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.ApiKey, provider.ToString(), StringComparison.Ordinal);
        Assert.Contains("…cdef", provider.ToString(), StringComparison.Ordinal);
        Assert.Equal("…cdef", provider.MaskedApiKey);
        Assert.Equal("options", provider.ApiKeySource);
    }

    [Fact]
    public async Task CheckHealthAsync_ListsOneModel()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"models":[{"name":"models/gemini-2.5-flash"}],"nextPageToken":"x"}""");
        using var provider = TestProviders.Create(server);

        var health = await provider.CheckHealthAsync();

        Assert.True(health.IsHealthy);
        Assert.NotNull(health.Latency);
        Assert.Equal("GET", server.Requests[0].Method);
        Assert.Equal("/v1beta/models?pageSize=1", server.Requests[0].Path);
        Assert.Equal(TestProviders.ApiKey, server.Requests[0].Headers["x-goog-api-key"]);
    }

    [Fact]
    public async Task CheckHealthAsync_InvalidKey_IsUnhealthyWithoutThrowing()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(400, WireFixtures.ErrorBody(400));
        using var provider = TestProviders.Create(server);

        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.StartsWith("Authentication:", health.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(TestProviders.ApiKey, health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_Unconfigured_IsUnhealthyWithoutCallingOut()
    {
        using var provider = new GeminiProvider(new GeminiProviderOptions(), null, null, TestProviders.NoEnvironment);

        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Equal(provider.NotConfiguredReason, health.Detail);
    }

    [Fact]
    public async Task DiscoverModelsAsync_ReturnsListedModelsWithCatalogFactsWhereKnown()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """
            {"models":[
              {"name":"models/gemini-2.5-flash","inputTokenLimit":1048576,"outputTokenLimit":65536,"supportedGenerationMethods":["generateContent","countTokens"],"thinking":true},
              {"name":"models/imagen-4.0-generate-001","supportedGenerationMethods":["predict"]}
            ],"nextPageToken":"page-2"}
            """);
        server.Respond(200, """
            {"models":[
              {"name":"models/gemini-2.0-flash-lite","inputTokenLimit":1048576,"outputTokenLimit":8192,"supportedGenerationMethods":["generateContent","countTokens"]},
              {"name":"models/gemini-embedding-001","inputTokenLimit":2048,"outputTokenLimit":1,"supportedGenerationMethods":["embedContent"]}
            ]}
            """);
        using var provider = TestProviders.Create(server);

        var models = await provider.DiscoverModelsAsync();

        Assert.Equal(["gemini-2.5-flash", "gemini-2.0-flash-lite", "gemini-embedding-001"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("gemini", m.Provider));
        Assert.Same(ModelCatalog.Default.Resolve("gemini/gemini-2.5-flash"), models[0]); // known: the catalog's facts, prices included
        var unknown = models[1];
        Assert.Equal(ModelTier.Balanced, unknown.Tier);
        Assert.Equal(1048576, unknown.ContextWindow);
        Assert.Equal(8192, unknown.MaxOutputTokens);
        Assert.Equal(ModelPricing.Free, unknown.Pricing);
        Assert.Equal(ModelCapabilities.Streaming, unknown.Capabilities);
        Assert.True(models[2].Supports(ModelCapabilities.Embeddings));
        Assert.Equal("/v1beta/models?pageSize=1000", server.Requests[0].Path);
        Assert.Equal("/v1beta/models?pageSize=1000&pageToken=page-2", server.Requests[1].Path);
    }

    [Fact]
    public async Task DiscoverModelsAsync_Unconfigured_ReturnsNothing()
    {
        using var provider = new GeminiProvider(new GeminiProviderOptions(), null, null, TestProviders.NoEnvironment);

        Assert.Empty(await provider.DiscoverModelsAsync());
    }

    [Fact]
    public async Task DiscoverModelsAsync_Failure_IsAnLlmException()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(403, """{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}""");
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(async () => await provider.DiscoverModelsAsync());

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
    }

    [Fact]
    public void Dispose_LeavesASuppliedHttpClientUsable()
    {
        using var http = new HttpClient();
        var provider = new GeminiProvider(new GeminiProviderOptions { ApiKey = TestProviders.ApiKey, HttpClient = http }, null, null, TestProviders.NoEnvironment);

        provider.Dispose();

        http.CancelPendingRequests(); // would throw ObjectDisposedException if the provider had disposed it
    }
}
