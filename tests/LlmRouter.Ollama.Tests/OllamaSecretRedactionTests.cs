using System.Text.Json.Nodes;
using LlmRouter.Ollama.Tests.TestSupport;
using LlmRouter.Tests.Shared;

namespace LlmRouter.Ollama.Tests;

/// <summary>An Ollama behind an authenticating proxy that echoes the bearer key in its errors: the key reaches no message.</summary>
public sealed class OllamaSecretRedactionTests
{
    private const string Key = "ollama-proxy-key-0123456789";

    private static string EchoingBody => new JsonObject { ["error"] = $"unauthorized: bearer {Key} is not allowed" }.ToJsonString();

    [Fact]
    public async Task GenerateAsync_ErrorEchoingTheKey_KeyIsMasked()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(401, EchoingBody);
        using var provider = TestProviders.For(server, o => o.ApiKey = Key);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetEmbeddingGenerator("nomic-embed-text").GenerateAsync(["hi"]));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(ProviderSettings.Mask(Key), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ErrorEchoingTheKey_KeyIsMasked()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(401, EchoingBody);
        using var provider = TestProviders.For(server, o => o.ApiKey = Key);

        var ex = await Assert.ThrowsAsync<LlmException>(() => provider.GetChatClient("llama3.2").GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.DoesNotContain(Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_ErrorEchoingTheKey_DetailHasNoKey()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(401, EchoingBody);
        using var provider = TestProviders.For(server, o => o.ApiKey = Key);

        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.DoesNotContain(Key, health.Detail!, StringComparison.Ordinal);
    }
}
