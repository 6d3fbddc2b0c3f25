using System.Net;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Models;

public class ModelsEndpointTests
{
    [Fact]
    public async Task Models_ListsConfiguredModelsOnly_InOpenAIsShape()
    {
        var unconfigured = new FakeLlmProvider("anthropic") { IsConfigured = false };
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")).AddProvider(unconfigured));

        var (response, body) = await GetAsync(gw.Client(), "v1/models");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("list", (string?)body!["object"]);
        var ids = body["data"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
        Assert.Equal("auto", ids[0]);
        Assert.Contains(Catalog.Mini, ids);
        Assert.Contains(Catalog.Embedding, ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("anthropic/", StringComparison.Ordinal));
        Assert.DoesNotContain(ids, id => id.StartsWith("gemini/", StringComparison.Ordinal));
        var expected = ModelCatalog.Default.Models.Count(m => m.Provider == "openai");
        Assert.Equal(expected + 1, ids.Count);
        var mini = body["data"]!.AsArray().Single(m => (string?)m!["id"] == Catalog.Mini)!;
        Assert.Equal("model", (string?)mini["object"]);
        Assert.Equal("openai", (string?)mini["owned_by"]);
        Assert.NotNull(mini["created"]);
        Assert.Equal(ModelCatalog.Default.Resolve(Catalog.Mini).ContextWindow, (int)mini["llmrouter"]!["context_window"]!);
    }

    [Fact]
    public async Task Models_RespectTheRoutingRestriction()
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")), o => o.Models = [Catalog.Mini]);

        var (_, body) = await GetAsync(gw.Client(), "v1/models");

        var ids = body!["data"]!.AsArray().Select(m => (string)m!["id"]!).ToList();
        Assert.Contains(Catalog.Mini, ids);
        Assert.Contains(Catalog.Embedding, ids); // embeddings are not routed, so not restricted
        Assert.DoesNotContain("openai/gpt-4.1", ids);
    }

    [Fact]
    public async Task Model_ByKeyIdOrAlias_OrA404()
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")));

        var (byKey, key) = await GetAsync(gw.Client(), "v1/models/openai/gpt-4o-mini");
        var (byId, id) = await GetAsync(gw.Client(), "v1/models/gpt-4o-mini");
        var (missing, error) = await GetAsync(gw.Client(), "v1/models/anthropic/claude-haiku-4-5");

        Assert.Equal(HttpStatusCode.OK, byKey.StatusCode);
        Assert.Equal(Catalog.Mini, (string?)key!["id"]);
        Assert.Equal(HttpStatusCode.OK, byId.StatusCode);
        Assert.Equal(Catalog.Mini, (string?)id!["id"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("model_not_found", (string?)error!["error"]!["code"]);
    }
}
