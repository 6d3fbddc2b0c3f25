using System.Net;
using System.Runtime.InteropServices;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Embeddings;

public class EmbeddingsEndpointTests
{
    [Fact]
    public async Task Embeddings_Floats_OnePerInputInOrder_AndMeteredUnderTheTenant()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true);
        var expected = new FakeEmbeddingGenerator("text-embedding-3-small");

        var (response, body) = await PostAsync(gw.Client(GatewayHost.AcmeKey), "v1/embeddings", """{"model":"openai/text-embedding-3-small","input":["red fox","blue whale"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("list", (string?)body!["object"]);
        Assert.Equal(Catalog.Embedding, (string?)body["model"]);
        var data = body["data"]!.AsArray();
        Assert.Equal(2, data.Count);
        Assert.Equal(1, (int)data[1]!["index"]!);
        Assert.Equal("embedding", (string?)data[0]!["object"]);
        Assert.Equal(expected.Embed("blue whale"), data[1]!["embedding"]!.AsArray().Select(v => (float)v!).ToArray());
        Assert.True((int)body["usage"]!["prompt_tokens"]! > 0);
        var usage = await gw.Services.GetRequiredService<IUsageTracker>().GetSummaryAsync(new UsageQuery { Tenant = "acme" });
        Assert.Equal(1, usage.Requests);
        Assert.Equal((long)body["usage"]!["prompt_tokens"]!, usage.InputTokens);
    }

    [Fact]
    public async Task Embeddings_Base64_IsLittleEndianFloat32()
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai")));

        var (_, body) = await PostAsync(gw.Client(), "v1/embeddings", """{"model":"text-embedding-3-small","input":"red fox","encoding_format":"base64"}""");

        var bytes = Convert.FromBase64String((string)body!["data"]![0]!["embedding"]!);
        Assert.Equal(new FakeEmbeddingGenerator().Embed("red fox"), MemoryMarshal.Cast<byte, float>(bytes).ToArray());
    }

    [Theory]
    [InlineData("""{"model":"openai/text-embedding-3-small","input":[1,2,3]}""", "input")]
    [InlineData("""{"model":"openai/text-embedding-3-small","input":[]}""", "input")]
    [InlineData("""{"model":"openai/text-embedding-3-small","input":[""]}""", "input")]
    [InlineData("""{"model":"openai/text-embedding-3-small"}""", "input")]
    [InlineData("""{"model":"openai/gpt-4o-mini","input":"x"}""", "model")]
    [InlineData("""{"model":"openai/text-embedding-3-small","input":"x","encoding_format":"int8"}""", "encoding_format")]
    [InlineData("""{"model":"openai/text-embedding-3-small","input":"x","dimensions":0}""", "dimensions")]
    public async Task Embeddings_BadRequest_Is400_AndNeverReachesAProvider(string json, string param)
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/embeddings", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(param, (string?)body!["error"]!["param"]);
        var usage = await gw.Services.GetRequiredService<IUsageTracker>().GetSummaryAsync();
        Assert.Equal(0, usage.Requests);
    }

    [Fact]
    public async Task Embeddings_ProviderWithoutEmbeddings_Is400()
    {
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(new FakeLlmProvider("openai") { SupportsEmbeddings = false }));

        var (response, body) = await PostAsync(gw.Client(), "v1/embeddings", """{"model":"openai/text-embedding-3-small","input":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("model_not_supported", (string?)body!["error"]!["code"]);
    }
}
