using System.Text.Json.Nodes;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using LlmRouter.Ollama.Tests.TestSupport;

namespace LlmRouter.Ollama.Tests;

public class OllamaProviderTests
{
    private const string TagsBody = """
        {"models":[
          {"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44.706015396-07:00","size":2019393189,"digest":"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72","details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],"parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
          {"name":"mistral:latest","model":"mistral:latest","modified_at":"2025-05-01T10:00:00Z","size":4113301824,"digest":"f974a74358d62a017b37c6f424fcdf2744ca02926c4f952513ddf474b2fa5091","details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],"parameter_size":"7.2B","quantization_level":"Q4_0"}},
          {"name":"qwen2.5-coder:7b","model":"qwen2.5-coder:7b","modified_at":"2025-04-01T10:00:00Z","size":4683087332,"digest":"2b0496514337a3d5901f1d253d01726c890b721e891335a56d6e08cedf3e2cb0","details":{"parent_model":"","format":"gguf","family":"qwen2","families":["qwen2"],"parameter_size":"7.6B","quantization_level":"Q4_K_M"}},
          {"name":"nomic-embed-text:latest","model":"nomic-embed-text:latest","modified_at":"2025-03-01T10:00:00Z","size":274302450,"digest":"0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f","details":{"parent_model":"","format":"gguf","family":"nomic-bert","families":["nomic-bert"],"parameter_size":"137M","quantization_level":"F16"}}
        ]}
        """;

    private static ILlmProvider Registered(IServiceProvider services) => services.GetServices<ILlmProvider>().Single(p => p.Name == "ollama");

    [Fact]
    public void AddOllama_RegistersALocalProviderThatNeedsNoKey()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().AddOllama();
        using var sp = services.BuildServiceProvider();

        var provider = Registered(sp);

        Assert.IsType<OllamaProvider>(provider);
        Assert.True(provider.IsLocal);
        Assert.True(provider.IsConfigured);
        Assert.Null(provider.NotConfiguredReason);
    }

    [Fact]
    public void Constructor_IsConfiguredWithoutAKeyAndUsesTheDefaultAddress()
    {
        using var provider = new OllamaProvider(new OllamaProviderOptions(), null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));

        Assert.True(provider.IsConfigured);
        Assert.Null(provider.ApiKeySource);
        Assert.Equal(new Uri("http://localhost:11434/"), provider.Endpoint);
        Assert.Equal("default", provider.EndpointSource);
    }

    [Fact]
    public void Constructor_ReadsAndNormalisesTheHostVariable()
    {
        var variable = TestProviders.UniqueVariable("HOST");
        Environment.SetEnvironmentVariable(variable, "0.0.0.0:11500");
        try
        {
            using var provider = new OllamaProvider(new OllamaProviderOptions(), null, null, variable, TestProviders.UniqueVariable("KEY"));

            Assert.Equal(new Uri("http://127.0.0.1:11500/"), provider.Endpoint);
            Assert.Equal(variable, provider.EndpointSource);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("https://alice:s3cr3t-pw@127.0.0.1:1", "https://127.0.0.1:1/")]
    [InlineData("http://alice:s3cr3t-pw@127.0.0.1:1/ollama?key=s3cr3t-pw", "http://127.0.0.1:1/ollama/")]
    public async Task Constructor_HostVariableWithUserInfo_NeverShowsThePassword(string value, string expected)
    {
        var variable = TestProviders.UniqueVariable("HOST");
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            using var provider = new OllamaProvider(new OllamaProviderOptions(), null, null, variable, TestProviders.UniqueVariable("KEY"));

            Assert.True(((ILlmProvider)provider).IsConfigured);
            Assert.Equal(new Uri(expected), provider.Endpoint);
            Assert.DoesNotContain("s3cr3t-pw", provider.ToString(), StringComparison.Ordinal);
            var health = await provider.CheckHealthAsync();
            Assert.False(health.IsHealthy);
            Assert.DoesNotContain("s3cr3t-pw", health.Detail!, StringComparison.Ordinal);
            var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));
            Assert.DoesNotContain("s3cr3t-pw", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("alice", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Theory]
    [InlineData("https://alice:s3cr3t-pw@gpu-box")]
    [InlineData("https://alice:s3cr3t-pw@gpu-box:notaport")]
    [InlineData("ftp://alice:s3cr3t-pw@gpu-box")]
    public void Constructor_HostVariableWithUserInfo_ReasonAndToStringDoNotEchoIt(string value)
    {
        var variable = TestProviders.UniqueVariable("HOST");
        Environment.SetEnvironmentVariable(variable, value);
        try
        {
            using var provider = new OllamaProvider(new OllamaProviderOptions(), null, null, variable, TestProviders.UniqueVariable("KEY"));

            Assert.DoesNotContain("s3cr3t-pw", provider.NotConfiguredReason ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cr3t-pw", provider.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Constructor_IsUnconfiguredWithAnUnusableHostVariable()
    {
        var variable = TestProviders.UniqueVariable("HOST");
        Environment.SetEnvironmentVariable(variable, "ftp://nowhere");
        try
        {
            using var provider = new OllamaProvider(new OllamaProviderOptions(), null, null, variable, TestProviders.UniqueVariable("KEY"));

            ILlmProvider asProvider = provider;
            Assert.False(asProvider.IsConfigured);
            Assert.Contains(variable, asProvider.NotConfiguredReason, StringComparison.Ordinal);
            Assert.Throws<LlmException>(() => provider.GetChatClient("llama3.2"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task AddOllama_BindsEndpointAndKeyFromConfiguration()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"version\":\"0.12.6\"}");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:ollama:Endpoint"] = server.BaseAddress.ToString(),
            ["LlmRouter:Providers:ollama:ApiKey"] = "cfg-key-0123456789",
            ["LlmRouter:Providers:ollama:HealthCheckTimeout"] = "00:00:03",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddOllama();
        using var sp = services.BuildServiceProvider();
        var provider = (OllamaProvider)Registered(sp);

        var health = await provider.CheckHealthAsync();

        Assert.True(health.IsHealthy);
        Assert.Equal(server.BaseAddress, provider.Endpoint);
        Assert.Equal("options", provider.ApiKeySource);
        Assert.Equal("Bearer cfg-key-0123456789", server.Requests[0].Headers["Authorization"]);
    }

    [Fact]
    public async Task AddOllama_CodeConfigurationWinsOverConfiguration()
    {
        await using var server = new LoopbackHttpServer();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:ollama:Endpoint"] = "http://from-configuration:1/",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddOllama(o => o.Endpoint = server.BaseAddress);
        using var sp = services.BuildServiceProvider();

        Assert.Equal(server.BaseAddress, ((OllamaProvider)Registered(sp)).Endpoint);
    }

    [Fact]
    public async Task Constructor_ReadsTheKeyFromItsEnvironmentVariable()
    {
        var keyVariable = TestProviders.UniqueVariable("KEY");
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"version\":\"0.12.6\"}");
        Environment.SetEnvironmentVariable(keyVariable, "env-key-0123456789");
        try
        {
            using var provider = new OllamaProvider(new OllamaProviderOptions { Endpoint = server.BaseAddress }, null, null, TestProviders.UniqueVariable("HOST"), keyVariable);

            await provider.CheckHealthAsync();

            Assert.Equal(keyVariable, provider.ApiKeySource);
            Assert.Equal("Bearer env-key-0123456789", server.Requests[0].Headers["Authorization"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(keyVariable, null);
        }
    }

    [Fact]
    public async Task Key_NeverAppearsInToStringOrErrors()
    {
        const string secret = "sk-ollama-secret-value-abcd";
        await using var server = new LoopbackHttpServer();
        server.Respond(401, Wire.OllamaError(401));
        var options = new OllamaProviderOptions { Endpoint = server.BaseAddress, ApiKey = secret };
        using var provider = TestProviders.For(server, o => o.ApiKey = secret);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, provider.ToString(), StringComparison.Ordinal);
        Assert.Contains("…abcd", provider.ToString(), StringComparison.Ordinal);
        Assert.Contains("unauthorized", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_HttpClientIsUsedThroughItsOwnHandlersAndNotDisposed()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, Wire.Compact("ollama.chat.tool_call.response.json"));
        server.Respond(200, "{\"version\":\"0.12.6\"}");
        var custom = new HttpClient(new HeaderHandler(new SocketsHttpHandler())) { BaseAddress = server.BaseAddress };
        var provider = new OllamaProvider(new OllamaProviderOptions { HttpClient = custom }, null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));

        var response = await provider.GetChatClient("llama3.2").GetResponseAsync("weather?");
        provider.Dispose();
        var afterDispose = await custom.GetStringAsync(new Uri("api/version", UriKind.Relative));

        Assert.Equal("HttpClient.BaseAddress", provider.EndpointSource);
        Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("yes", server.Requests[0].Headers["X-Custom"]);
        Assert.Contains("0.12.6", afterDispose, StringComparison.Ordinal);
        custom.Dispose();
    }

    [Fact]
    public async Task CheckHealthAsync_ReportsVersionAndLatency()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"version\":\"0.12.6\"}");
        using var provider = TestProviders.For(server);

        var health = await provider.CheckHealthAsync();

        Assert.True(health.IsHealthy);
        Assert.Contains("0.12.6", health.Detail, StringComparison.Ordinal);
        Assert.NotNull(health.Latency);
        Assert.Equal("GET", server.Requests[0].Method);
        Assert.Equal("/api/version", server.Requests[0].Path);
    }

    [Fact]
    public async Task CheckHealthAsync_SaysOllamaIsNotRunning()
    {
        var endpoint = TestProviders.ClosedPort();
        using var provider = new OllamaProvider(new OllamaProviderOptions { Endpoint = endpoint }, null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));

        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Contains($"Ollama isn't running at {endpoint}", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_IsUnhealthyOnAnErrorOrNoAnswerInTime()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(500, "{\"error\":\"llama runner process has terminated\"}");
        using var provider = TestProviders.For(server);
        await using var stalling = new StallingServer();
        var time = new FakeTimeProvider();
        using var slow = new OllamaProvider(new OllamaProviderOptions { Endpoint = stalling.BaseAddress }, time, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));

        var failed = await provider.CheckHealthAsync();
        var check = slow.CheckHealthAsync().AsTask(); // runs to its first await: the deadline is set on the fake clock
        time.Advance(TimeSpan.FromSeconds(6)); // past the default 5 s; nothing sleeps
        var timedOut = await check.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.False(failed.IsHealthy);
        Assert.Contains("llama runner process has terminated", failed.Detail, StringComparison.Ordinal);
        Assert.False(timedOut.IsHealthy);
        Assert.Contains("did not answer", timedOut.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_LetsTheCallersCancellationThrough()
    {
        await using var stalling = new StallingServer();
        using var provider = new OllamaProvider(new OllamaProviderOptions { Endpoint = stalling.BaseAddress }, null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await provider.CheckHealthAsync(cts.Token));
    }

    [Fact]
    public async Task DiscoverModelsAsync_DescribesThePulledModels()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, TagsBody);
        using var provider = TestProviders.For(server);

        var models = await provider.DiscoverModelsAsync();

        Assert.Equal("/api/tags", server.Requests[0].Path);
        Assert.Equal(["llama3.2:latest", "mistral:latest", "qwen2.5-coder:7b", "nomic-embed-text:latest"], models.Select(m => m.Id));
        Assert.All(models, m =>
        {
            Assert.Equal("ollama", m.Provider);
            Assert.Equal(ModelTier.Local, m.Tier);
            Assert.Equal(ModelPricing.Free, m.Pricing);
        });
        Assert.Equal(131072, models[0].ContextWindow);
        Assert.Equal(8192, models[1].ContextWindow);
        Assert.Equal(ModelCapabilities.Streaming | ModelCapabilities.Tools, models[1].Capabilities);
        Assert.Equal(["ollama/mistral"], models[1].Aliases);
        Assert.Equal(8192, models[2].ContextWindow);
        Assert.Equal(ModelCapabilities.Embeddings, models[3].Capabilities);
    }

    [Fact]
    public async Task DiscoverModelsAsync_TakesFactsFromTheCatalogItIsGiven()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, TagsBody);
        var catalog = ModelCatalog.Default.WithModels([new ModelDescriptor("ollama", "mistral", ModelTier.Local) { ContextWindow = 32768, MaxOutputTokens = 4096, Capabilities = ModelCapabilities.Streaming }]);
        using var provider = TestProviders.For(server, catalog: catalog);

        var mistral = (await provider.DiscoverModelsAsync()).Single(m => m.Id == "mistral:latest");

        Assert.Equal(32768, mistral.ContextWindow);
        Assert.Equal(4096, mistral.MaxOutputTokens);
        Assert.Equal(ModelCapabilities.Streaming, mistral.Capabilities);
        Assert.Empty(mistral.Aliases);
    }

    [Fact]
    public async Task DiscoverModelsAsync_RaisesLlmExceptionWhenTheServerFails()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(500, "{\"error\":\"boom\"}");
        server.Respond(200, "{\"models\":");
        using var provider = TestProviders.For(server);
        using var down = new OllamaProvider(new OllamaProviderOptions { Endpoint = TestProviders.ClosedPort() }, null, null, TestProviders.UniqueVariable("HOST"), TestProviders.UniqueVariable("KEY"));

        Assert.Equal(LlmErrorKind.Unavailable, (await Assert.ThrowsAsync<LlmException>(async () => await provider.DiscoverModelsAsync())).Kind);
        Assert.Equal(LlmErrorKind.Unknown, (await Assert.ThrowsAsync<LlmException>(async () => await provider.DiscoverModelsAsync())).Kind);
        Assert.Equal(LlmErrorKind.Unavailable, (await Assert.ThrowsAsync<LlmException>(async () => await down.DiscoverModelsAsync())).Kind);
    }

    [Fact]
    public async Task GetEmbeddingGenerator_EmbedsThroughApiEmbed()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.1,0.2,0.3],[0.4,0.5,0.6]],\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":8}");
        using var provider = TestProviders.For(server);

        var embeddings = await provider.GetEmbeddingGenerator("nomic-embed-text").GenerateAsync(["Why is the sky blue?", "Why is the grass green?"]);

        var request = server.Requests[0];
        Assert.Equal("/api/embed", request.Path);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("nomic-embed-text", (string)body["model"]!);
        Assert.Equal(["Why is the sky blue?", "Why is the grass green?"], body["input"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(2, embeddings.Count);
        Assert.Equal([0.4f, 0.5f, 0.6f], embeddings[1].Vector.ToArray());
        Assert.Equal(8, embeddings.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GetEmbeddingGenerator_MapsAMissingModel()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(404, "{\"error\":\"model \\\"nomic-embed-text\\\" not found, try pulling it first\"}");
        using var provider = TestProviders.For(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetEmbeddingGenerator("nomic-embed-text").GenerateAsync(["x"]));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Contains("ollama pull nomic-embed-text", ex.Message, StringComparison.Ordinal);
    }

    private sealed class HeaderHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Custom", "yes");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
