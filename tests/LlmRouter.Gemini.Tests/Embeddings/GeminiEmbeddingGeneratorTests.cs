using System.Text.Json.Nodes;
using LlmRouter.Gemini.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.Gemini.Tests.Embeddings;

public sealed class GeminiEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_SingleInput_UsesEmbedContent()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"embedding":{"values":[0.25,-0.5,1]}}""");
        using var provider = TestProviders.Create(server);
        var options = new EmbeddingGenerationOptions { Dimensions = 3, AdditionalProperties = new() { ["taskType"] = "RETRIEVAL_QUERY" } };

        var embeddings = await provider.GetEmbeddingGenerator("gemini-embedding-001").GenerateAsync(["hello"], options);

        Assert.Equal([0.25f, -0.5f, 1f], Assert.Single(embeddings).Vector.ToArray());
        Assert.Equal("gemini-embedding-001", embeddings[0].ModelId);
        Assert.Equal("/v1beta/models/gemini-embedding-001:embedContent", server.Requests[0].Path);
        var sent = JsonNode.Parse(server.Requests[0].Body)!;
        Assert.Equal("models/gemini-embedding-001", (string)sent["model"]!);
        Assert.Equal("hello", (string)sent["content"]!["parts"]![0]!["text"]!);
        Assert.Equal(3, (int)sent["outputDimensionality"]!);
        Assert.Equal("RETRIEVAL_QUERY", (string)sent["taskType"]!);
    }

    [Fact]
    public async Task GenerateAsync_SeveralInputs_UseBatchEmbedContents()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"embeddings":[{"values":[1,0]},{"values":[0,1]}]}""");
        using var provider = TestProviders.Create(server);

        var embeddings = await provider.GetEmbeddingGenerator("gemini-embedding-001").GenerateAsync(["a", "b"]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal([0f, 1f], embeddings[1].Vector.ToArray());
        Assert.Equal("/v1beta/models/gemini-embedding-001:batchEmbedContents", server.Requests[0].Path);
        var requests = JsonNode.Parse(server.Requests[0].Body)!["requests"]!.AsArray();
        Assert.Equal(["a", "b"], requests.Select(r => (string)r!["content"]!["parts"]![0]!["text"]!));
    }

    [Fact]
    public async Task GenerateAsync_CountMismatch_IsMalformed()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"embeddings":[{"values":[1,0]}]}""");
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetEmbeddingGenerator("gemini-embedding-001").GenerateAsync(["a", "b"]));

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        Assert.Contains("1 embeddings for 2 inputs", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_MoreThanOneHundredInputs_SendsBatchesOfOneHundred()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, "{\"embeddings\":[" + string.Join(",", Enumerable.Repeat("{\"values\":[1]}", 100)) + "]}");
        server.Respond(200, "{\"embeddings\":[{\"values\":[2]},{\"values\":[3]}]}");
        using var provider = TestProviders.Create(server);

        var embeddings = await provider.GetEmbeddingGenerator("gemini-embedding-001").GenerateAsync(Enumerable.Range(0, 102).Select(i => $"t{i}"));

        Assert.Equal(102, embeddings.Count);
        Assert.Equal(3f, embeddings[101].Vector.Span[0]);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(2, JsonNode.Parse(server.Requests[1].Body)!["requests"]!.AsArray().Count);
    }

    [Fact]
    public async Task GenerateAsync_Error_IsMapped()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(404, WireFixtures.Body("gemini.error.404.model_not_found.json"));
        using var provider = TestProviders.Create(server);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetEmbeddingGenerator("wrong-model-name").GenerateAsync(["a"]));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
    }
}
