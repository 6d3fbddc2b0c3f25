using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

// OrderedFailoverChatClient is [Experimental("MEAI001")] in Microsoft.Extensions.AI 10.11.0; it is the peer baseline here.
#pragma warning disable MEAI001

namespace LlmRouter.Benchmarks;

/// <summary>
/// What the router adds to one non-streaming request on the success path, with usage tracking on (DESIGN §10: ≤ 1.5 µs and
/// ≤ 1 KB over calling the provider's client directly), next to Microsoft.Extensions.AI's <see cref="OrderedFailoverChatClient"/>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RouterOverheadBenchmarks
{
    private ServiceProvider _services = null!;
    private PreparedChatClient _direct = null!;
    private IChatClient _router = null!;
    private OrderedFailoverChatClient _failover = null!;
    private ChatMessage[] _messages = null!;
    private ChatOptions _directOptions = null!;
    private ChatOptions _explicitOptions = null!;
    private ChatOptions _routedOptions = null!;

    [GlobalSetup]
    public void Setup()
    {
        _messages =
        [
            new ChatMessage(ChatRole.System, "You are a concise assistant for a travel booking site."),
            new ChatMessage(ChatRole.User, "Which documents do I need to rent a car in Portugal with a UK driving licence?"),
        ];
        _directOptions = new ChatOptions { ModelId = PreparedChatClient.ModelId, Temperature = 0.2f, MaxOutputTokens = 256 };
        _explicitOptions = new ChatOptions { ModelId = BenchRouter.ModelKey, Temperature = 0.2f, MaxOutputTokens = 256 };
        _routedOptions = new ChatOptions { Temperature = 0.2f, MaxOutputTokens = 256 };

        var answer = new ChatMessage(ChatRole.Assistant, "Your UK photocard licence, your passport and a credit card in the driver's name.");
        _direct = new PreparedChatClient(answer, []);
        _services = BenchRouter.Build(_direct);
        _router = _services.GetRequiredService<IChatClient>();
        if (_router is not RouterChatClient)
        {
            throw new InvalidOperationException($"IChatClient resolved to {_router.GetType()}, not RouterChatClient.");
        }

        _failover = new OrderedFailoverChatClient([_direct], leaveOpen: true);

        // Prove each benchmark takes the path it is named after before measuring it.
        BenchRouter.Check(Router_ExplicitModel().GetAwaiter().GetResult(), "direct");
        BenchRouter.Check(Router_ComplexityStrategy().GetAwaiter().GetResult(), "complexity");
        if (OrderedFailover().GetAwaiter().GetResult().ModelId != PreparedChatClient.ModelId)
        {
            throw new InvalidOperationException("OrderedFailoverChatClient did not answer from the prepared client.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _failover.Dispose();
        _services.Dispose();
    }

    /// <summary>The provider's client called directly: the floor every other row is compared with.</summary>
    [Benchmark(Baseline = true)]
    public Task<ChatResponse> Direct() => _direct.GetResponseAsync(_messages, _directOptions);

    /// <summary>The router with <see cref="ChatOptions.ModelId"/> naming the model: direct selection, retry pipeline, metering, usage record, RouteInfo.</summary>
    [Benchmark]
    public Task<ChatResponse> Router_ExplicitModel() => _router.GetResponseAsync(_messages, _explicitOptions);

    /// <summary>The router choosing the model: candidate filtering, the complexity classifier and strategy (one candidate), then as above.</summary>
    [Benchmark]
    public Task<ChatResponse> Router_ComplexityStrategy() => _router.GetResponseAsync(_messages, _routedOptions);

    /// <summary>The peer baseline: Microsoft.Extensions.AI's OrderedFailoverChatClient over the same prepared client.</summary>
    [Benchmark]
    public Task<ChatResponse> OrderedFailover() => _failover.GetResponseAsync(_messages, _directOptions);
}
