using LlmRouter.Cli.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Cli.Tests.Commands.Providers;

public sealed class ProvidersCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Providers_Json_SaysWhichAreConfiguredHealthyAndWhyNot()
    {
        _cli.AddFake("openai").Health = new ProviderHealth(true, "answered /models") { Latency = TimeSpan.FromMilliseconds(42) };
        _cli.AddFake("gemini").Health = new ProviderHealth(false, "Authentication: bad key");
        _cli.AddUnconfigured("anthropic", "no API key: set ANTHROPIC_API_KEY");

        var result = await _cli.RunAsync("providers", "--json");

        Assert.Equal(0, result.ExitCode);
        var providers = result.Json().EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.Equal(["anthropic", "gemini", "openai"], providers.Keys.Order());
        Assert.All(providers.Values, p => Assert.Equal(["name", "configured", "healthy", "latencyMs", "detail"], p.EnumerateObject().Select(x => x.Name)));
        Assert.True(providers["openai"].GetProperty("configured").GetBoolean());
        Assert.True(providers["openai"].GetProperty("healthy").GetBoolean());
        Assert.Equal(42, providers["openai"].GetProperty("latencyMs").GetDouble());
        Assert.True(providers["gemini"].GetProperty("configured").GetBoolean());
        Assert.False(providers["gemini"].GetProperty("healthy").GetBoolean());
        Assert.Equal("Authentication: bad key", providers["gemini"].GetProperty("detail").GetString());
        Assert.False(providers["anthropic"].GetProperty("configured").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, providers["anthropic"].GetProperty("latencyMs").ValueKind);
        Assert.Equal("no API key: set ANTHROPIC_API_KEY", providers["anthropic"].GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Providers_Table_ListsConfiguredProvidersFirst()
    {
        _cli.AddUnconfigured("anthropic", "no API key: set ANTHROPIC_API_KEY");
        _cli.AddFake("ollama", isLocal: true);

        var result = await _cli.RunAsync("providers");

        Assert.Equal(0, result.ExitCode);
        var ollama = result.Output.IndexOf("ollama (local)", StringComparison.Ordinal);
        var anthropic = result.Output.IndexOf("anthropic", StringComparison.Ordinal);
        Assert.InRange(ollama, 0, anthropic);
        Assert.Contains("no API key: set ANTHROPIC_API_KEY", result.Output, StringComparison.Ordinal);
        Assert.Contains("1 of 2 configured, 1 healthy.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Providers_ACheckThatNeverAnswers_IsCutOffAtTheDeadline()
    {
        var time = new FakeTimeProvider();
        _cli.Time = time;
        var silent = _cli.Add(new SilentProvider("vllm"));
        _cli.AddFake("openai");

        var run = _cli.RunAsync("providers", "--json", "--timeout", "3");
        await silent.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(3));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, result.ExitCode);
        var providers = result.Json().EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        Assert.False(providers["vllm"].GetProperty("healthy").GetBoolean());
        Assert.Equal("no answer within 3 s", providers["vllm"].GetProperty("detail").GetString());
        Assert.Equal(3000, providers["vllm"].GetProperty("latencyMs").GetDouble());
        Assert.True(providers["openai"].GetProperty("healthy").GetBoolean());
    }

    [Fact]
    public async Task Providers_ChecksRunAtOnce()
    {
        // Each check waits for the other to have started: checked one after the other, they would never finish.
        var first = _cli.Add(new RendezvousProvider("groq"));
        var second = _cli.Add(new RendezvousProvider("mistral"));
        first.Other = second;
        second.Other = first;

        var result = await _cli.RunAsync("providers", "--json").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, result.ExitCode);
        Assert.All(result.Json().EnumerateArray(), p => Assert.True(p.GetProperty("healthy").GetBoolean()));
    }

    [Fact]
    public async Task Providers_AThrowingCheck_IsReportedUnhealthy()
    {
        _cli.AddFake("xai").HealthCheckException = new HttpRequestException("connection refused");

        var result = await _cli.RunAsync("providers", "--json");

        var xai = Assert.Single(result.Json().EnumerateArray());
        Assert.False(xai.GetProperty("healthy").GetBoolean());
        Assert.Equal("health check failed: connection refused", xai.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("soon")]
    public async Task Providers_BadTimeout_IsAUsageError(string timeout)
    {
        var result = await _cli.RunAsync("providers", "--timeout", timeout);

        Assert.Equal(2, result.ExitCode);
    }

    /// <summary>A provider whose health check never ends and ignores its token.</summary>
    private sealed class SilentProvider(string name) : ILlmProvider
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => name;

        public bool IsLocal => true;

        public IChatClient GetChatClient(string modelId) => throw new NotSupportedException();

        public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) => throw new NotSupportedException();

        public async ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await new TaskCompletionSource().Task;
            return new ProviderHealth(true);
        }
    }

    /// <summary>A provider whose health check answers once the other provider's check has started.</summary>
    private sealed class RendezvousProvider(string name) : ILlmProvider
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RendezvousProvider? Other { get; set; }

        public string Name => name;

        public bool IsLocal => false;

        public IChatClient GetChatClient(string modelId) => throw new NotSupportedException();

        public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) => throw new NotSupportedException();

        public async ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await Other!.Started.Task.WaitAsync(cancellationToken);
            return new ProviderHealth(true, "met the other");
        }
    }
}
