using LlmRouter.OpenAI.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.OpenAI.Tests;

/// <summary>vLLM, LM Studio and llama.cpp: local, keyless, and listing their models for the catalog.</summary>
public class LocalOpenAIProviderTests
{
    [Theory]
    [InlineData("vllm")]
    [InlineData("lmstudio")]
    [InlineData("llamacpp")]
    public void LocalPreset_IsLocalAndConfiguredWithoutKey(string name)
    {
        var preset = OpenAIPresets.All.Single(p => p.Name == name) with { ApiKeyVariables = [], EndpointVariable = null };

        var provider = new LocalOpenAIProvider(preset, new OpenAIProviderOptions());

        Assert.True(provider.IsLocal);
        Assert.True(provider.IsConfigured);
        Assert.Null(provider.NotConfiguredReason);
    }

    [Fact]
    public async Task DiscoverModelsAsync_ListsVllmModelsAsFreeLocalModels()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """
            {"object":"list","data":[
              {"id":"Qwen/Qwen2.5-7B-Instruct","object":"model","created":1727894702,"owned_by":"vllm","root":"Qwen/Qwen2.5-7B-Instruct","parent":null,"max_model_len":32768,"permission":[]},
              {"id":"BAAI/bge-base-en-v1.5-embed","object":"model","owned_by":"vllm","max_model_len":512}
            ]}
            """);
        var provider = Assert.IsType<LocalOpenAIProvider>(Providers.Create(server, OpenAIPresets.Vllm, o => o.ApiKey = null));

        var models = await provider.DiscoverModelsAsync();

        Assert.Equal(2, models.Count);
        var chat = models[0];
        Assert.Equal("vllm/Qwen/Qwen2.5-7B-Instruct", chat.Key);
        Assert.Equal(ModelTier.Local, chat.Tier);
        Assert.Equal(32768, chat.ContextWindow);
        Assert.Equal(ModelPricing.Free, chat.Pricing);
        Assert.True(chat.Supports(ModelCapabilities.Streaming | ModelCapabilities.Tools));
        Assert.Equal(ModelCapabilities.Embeddings, models[1].Capabilities);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/models", request.Path);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task DiscoverModelsAsync_ReadsLlamaCppContextFromMeta()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """
            {"models":[{"name":"gpt-oss-20b","model":"gpt-oss-20b"}],"object":"list",
             "data":[{"id":"gpt-oss-20b","object":"model","created":1,"owned_by":"llamacpp","meta":{"vocab_type":2,"n_vocab":201088,"n_ctx_train":131072,"n_embd":2880}}]}
            """);
        var provider = Assert.IsType<LocalOpenAIProvider>(Providers.Create(server, OpenAIPresets.LlamaCpp, o => o.ApiKey = null));

        var model = Assert.Single(await provider.DiscoverModelsAsync());

        Assert.Equal("llamacpp/gpt-oss-20b", model.Key);
        Assert.Equal(131072, model.ContextWindow);
    }

    [Fact]
    public async Task DiscoverModelsAsync_LmStudioWithoutContext_HasUnknownWindow()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"data":[{"id":"qwen2.5-7b-instruct","object":"model","owned_by":"organization_owner"}],"object":"list"}""");
        var provider = Assert.IsType<LocalOpenAIProvider>(Providers.Create(server, OpenAIPresets.LmStudio, o => o.ApiKey = null));

        var model = Assert.Single(await provider.DiscoverModelsAsync());

        Assert.Equal("lmstudio/qwen2.5-7b-instruct", model.Key);
        Assert.Equal(0, model.ContextWindow);
    }

    [Fact]
    public async Task DiscoverModelsAsync_WithAKey_SendsIt()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"object":"list","data":[]}""");
        var provider = Assert.IsType<LocalOpenAIProvider>(Providers.Create(server, OpenAIPresets.Vllm));

        Assert.Empty(await provider.DiscoverModelsAsync());
        Assert.Equal($"Bearer {Providers.TestKey}", Assert.Single(server.Requests).Headers["Authorization"]);
    }

    [Theory]
    [InlineData(200, "<html>LM Studio</html>")]
    [InlineData(200, """{"object":"list"}""")]
    [InlineData(500, """{"error":{"message":"boom","type":"server_error"}}""")]
    public async Task DiscoverModelsAsync_BadAnswer_IsLlmException(int status, string body)
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(status, body);
        var provider = Assert.IsType<LocalOpenAIProvider>(Providers.Create(server, OpenAIPresets.Vllm));

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.DiscoverModelsAsync().AsTask());

        Assert.Equal("vllm", ex.Provider);
    }

    [Fact]
    public async Task GetResponseAsync_LocalServerWithoutKey_SendsNoAuthorization()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion("local hello"));
        var provider = Providers.Create(server, OpenAIPresets.LmStudio, o => o.ApiKey = null);

        var response = await provider.GetChatClient("qwen2.5-7b-instruct").GetResponseAsync("hi");

        Assert.Equal("local hello", response.Text);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/chat/completions", request.Path);
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }
}
