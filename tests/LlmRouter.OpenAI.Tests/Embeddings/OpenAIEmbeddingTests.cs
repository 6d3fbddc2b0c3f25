using System.Text.Json.Nodes;
using LlmRouter.OpenAI.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.OpenAI.Tests.Embeddings;

/// <summary>Embeddings through the SDK adapter, their errors, and hosts without an embeddings API.</summary>
public class OpenAIEmbeddingTests
{
    [Fact]
    public async Task GenerateAsync_SendsModelAndInput_AndReadsVectorsAndUsage()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """
            {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,1.0]},{"object":"embedding","index":1,"embedding":[0.0,0.125,-1.0]}],
             "model":"text-embedding-3-small","usage":{"prompt_tokens":6,"total_tokens":6}}
            """);
        var generator = Providers.Create(server).GetEmbeddingGenerator("text-embedding-3-small");

        var embeddings = await generator.GenerateAsync(["hello world", "goodbye"]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal([0.25f, -0.5f, 1.0f], embeddings[0].Vector.ToArray());
        Assert.Equal([0.0f, 0.125f, -1.0f], embeddings[1].Vector.ToArray());
        Assert.Equal(6, embeddings.Usage?.InputTokenCount);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/embeddings", request.Path);
        var sent = JsonNode.Parse(request.Body)!;
        Assert.Equal("text-embedding-3-small", (string?)sent["model"]);
        Assert.Equal(["hello world", "goodbye"], sent["input"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task GenerateAsync_Error_IsLlmException()
    {
        await using var server = new LoopbackHttpServer();
        var (status, body, headers) = Wire.OpenAIError(429, "rate_limit_exceeded");
        server.Respond(status, body, headers: headers);
        var generator = Providers.Create(server).GetEmbeddingGenerator("text-embedding-3-small");

        var ex = await Assert.ThrowsAsync<LlmException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(1), ex.RetryAfter);
        Assert.Equal("text-embedding-3-small", ex.Model);
    }

    [Fact]
    public void GetEmbeddingGenerator_HostWithoutEmbeddings_FailsClearly()
    {
        var provider = new OpenAIProvider(OpenAIPresets.Groq, new OpenAIProviderOptions { ApiKey = "k" });

        var ex = Assert.Throws<NotSupportedException>(() => provider.GetEmbeddingGenerator("any"));

        Assert.Contains("no embeddings API", ex.Message, StringComparison.Ordinal);
        Assert.Contains("openai/text-embedding-3-small", ex.Message, StringComparison.Ordinal);
    }
}
