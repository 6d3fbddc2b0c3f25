using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Testing.Tests;

public sealed class FakeLlmProviderTests
{
    [Fact]
    public void FakeLlmProvider_ExposesNameLocalityAndConfiguration()
    {
        var provider = new FakeLlmProvider("ollama", isLocal: true) { IsConfigured = false, NotConfiguredReason = "no server" };
        ILlmProvider contract = provider;

        Assert.Equal("ollama", contract.Name);
        Assert.True(contract.IsLocal);
        Assert.False(contract.IsConfigured);
        Assert.Equal("no server", contract.NotConfiguredReason);
    }

    [Fact]
    public void FakeLlmProvider_IsConfiguredByDefault()
    {
        ILlmProvider provider = new FakeLlmProvider("openai");

        Assert.True(provider.IsConfigured);
        Assert.Null(provider.NotConfiguredReason);
        Assert.False(provider.IsLocal);
    }

    [Fact]
    public void FakeLlmProvider_ReusesOneClientPerModel()
    {
        var provider = new FakeLlmProvider("openai");

        var a1 = provider.GetChatClient("a");
        var a2 = provider.GetChatClient("a");
        var b = provider.GetChatClient("b");

        Assert.Same(a1, a2);
        Assert.NotSame(a1, b);
        Assert.Equal(["a", "a", "b"], provider.GetChatClientCalls);
        Assert.Equal(2, provider.Clients.Count);
    }

    [Fact]
    public async Task FakeLlmProvider_ForModelReturnsTheClientGetChatClientHandsOut()
    {
        var provider = new FakeLlmProvider("anthropic");
        provider.ForModel("claude").EnqueueFailure(LlmErrorKind.RateLimited, TimeSpan.FromSeconds(2));

        var client = provider.GetChatClient("claude");
        var ex = await Assert.ThrowsAsync<LlmException>(() => client.GetResponseAsync("hi"));

        Assert.Same(provider.ForModel("claude"), client);
        Assert.Same(client, provider.Clients["claude"]);
        Assert.Equal("anthropic", ex.Provider);
        Assert.Equal("claude", ex.Model);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(["claude"], provider.GetChatClientCalls); // ForModel is not a call
    }

    [Fact]
    public void FakeLlmProvider_ClientsReportProviderNameModelAndClock()
    {
        var time = new FakeTimeProvider();
        var provider = new FakeLlmProvider("groq", timeProvider: time);

        var client = provider.ForModel("llama");

        Assert.Equal("groq", client.Metadata.ProviderName);
        Assert.Equal("llama", client.Metadata.DefaultModelId);
        Assert.Same(time, client.TimeProvider);
    }

    [Fact]
    public async Task FakeLlmProvider_HealthIsSettableAndCounted()
    {
        var provider = new FakeLlmProvider("openai");

        Assert.True((await provider.CheckHealthAsync()).IsHealthy);

        provider.Health = new ProviderHealth(false, "down") { Latency = TimeSpan.FromMilliseconds(5) };
        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Equal("down", health.Detail);
        Assert.Equal(TimeSpan.FromMilliseconds(5), health.Latency);
        Assert.Equal(2, provider.HealthCheckCount);
    }

    [Fact]
    public async Task FakeLlmProvider_HealthCheckCanBeScriptedToThrow()
    {
        var provider = new FakeLlmProvider("openai") { HealthCheckException = new HttpRequestException("refused") };

        await Assert.ThrowsAsync<HttpRequestException>(async () => await provider.CheckHealthAsync());

        Assert.Equal(1, provider.HealthCheckCount);
    }

    [Fact]
    public async Task FakeLlmProvider_HealthCheckHonoursCancellation()
    {
        var provider = new FakeLlmProvider("openai");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await provider.CheckHealthAsync(cts.Token));
    }

    [Fact]
    public async Task FakeLlmProvider_EmbeddingsAreDeterministic()
    {
        var provider = new FakeLlmProvider("openai");
        var generator = provider.GetEmbeddingGenerator("text-embedding");

        var first = await generator.GenerateAsync(["hello world", "other text"]);
        var again = await provider.GetEmbeddingGenerator("text-embedding").GenerateAsync(["hello world"]);

        Assert.Equal(first[0].Vector.ToArray(), again[0].Vector.ToArray());
        Assert.NotEqual(first[0].Vector.ToArray(), first[1].Vector.ToArray());
        Assert.Equal("text-embedding", first[0].ModelId);
        Assert.Same(generator, provider.GetEmbeddingGenerator("text-embedding"));
    }

    [Fact]
    public void FakeLlmProvider_EmbeddingsCanBeUnsupported()
    {
        var provider = new FakeLlmProvider("anthropic") { SupportsEmbeddings = false };

        var ex = Assert.Throws<NotSupportedException>(() => provider.GetEmbeddingGenerator("any"));

        Assert.Contains("anthropic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FakeLlmProvider_RejectsEmptyNames()
    {
        Assert.ThrowsAny<ArgumentException>(() => new FakeLlmProvider(" "));
        Assert.ThrowsAny<ArgumentException>(() => new FakeLlmProvider("x").GetChatClient(""));
    }
}
