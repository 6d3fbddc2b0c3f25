using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

#pragma warning disable MEAI001 // OrderedFailoverChatClient is experimental in Microsoft.Extensions.AI 10.11.0; it is the peer baseline here.

namespace LlmRouter.Benchmarks;

/// <summary>
/// What the router adds to a stream that is consumed to its end (DESIGN §10: 0 B and ≤ 100 ns per update). The prepared
/// stream replays the same <see cref="Updates"/> update instances each run, the last carrying <see cref="UsageContent"/>.
/// Per-update overhead = (Router − Direct) / Updates at Updates = 100; the marginal cost, free of the per-stream set-up,
/// is the slope between Updates = 1 and Updates = 100: (Router₁₀₀ − Router₁ − Direct₁₀₀ + Direct₁) / 99.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StreamingBenchmarks
{
    private ServiceProvider _services = null!;
    private PreparedChatClient _direct = null!;
    private IChatClient _router = null!;
    private OrderedFailoverChatClient _failover = null!;
    private ChatMessage[] _messages = null!;
    private ChatOptions _directOptions = null!;
    private ChatOptions _routerOptions = null!;
    private long _seen;

    /// <summary>Gets or sets the updates per stream.</summary>
    [Params(1, 100)]
    public int Updates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _messages = [new ChatMessage(ChatRole.User, "Write a haiku about the sea.")];
        _directOptions = new ChatOptions { ModelId = PreparedChatClient.ModelId };
        _routerOptions = new ChatOptions { ModelId = BenchRouter.ModelKey };

        var updates = new ChatResponseUpdate[Updates];
        for (var i = 0; i < updates.Length; i++)
        {
            updates[i] = new ChatResponseUpdate(ChatRole.Assistant, "tok ") { ModelId = PreparedChatClient.ModelId, ResponseId = "r1", MessageId = "m1" };
        }

        var last = updates[^1];
        last.Contents.Add(new UsageContent(new UsageDetails { InputTokenCount = 100, OutputTokenCount = Updates }));
        last.FinishReason = ChatFinishReason.Stop;

        _direct = new PreparedChatClient(new ChatMessage(ChatRole.Assistant, "unused"), updates);
        _services = BenchRouter.Build(_direct);
        _router = _services.GetRequiredService<IChatClient>();
        _failover = new OrderedFailoverChatClient([_direct], leaveOpen: true);

        // The router's stream is the provider's updates between an opening update naming the model and a closing one
        // carrying RouteInfo.
        Expect(Router, Updates + 2, "Router");
        Expect(Direct, Updates, "Direct");
        Expect(OrderedFailover, Updates, "OrderedFailover");
    }

    /// <summary>Gets the updates the last stream delivered (keeps the loops observable).</summary>
    public long Seen => _seen;

    [GlobalCleanup]
    public void Cleanup()
    {
        _failover.Dispose();
        _services.Dispose();
    }

    /// <summary>The provider's stream consumed directly.</summary>
    [Benchmark(Baseline = true)]
    public async Task Direct()
    {
        var n = 0L;
        await foreach (var update in _direct.GetStreamingResponseAsync(_messages, _directOptions))
        {
            n += update is null ? 0 : 1;
        }

        _seen = n;
    }

    /// <summary>The same stream through the router (ModelId names the model), consumed to its end, usage recorded.</summary>
    [Benchmark]
    public async Task Router()
    {
        var n = 0L;
        await foreach (var update in _router.GetStreamingResponseAsync(_messages, _routerOptions))
        {
            n += update is null ? 0 : 1;
        }

        _seen = n;
    }

    /// <summary>The peer baseline: the same stream through OrderedFailoverChatClient.</summary>
    [Benchmark]
    public async Task OrderedFailover()
    {
        var n = 0L;
        await foreach (var update in _failover.GetStreamingResponseAsync(_messages, _directOptions))
        {
            n += update is null ? 0 : 1;
        }

        _seen = n;
    }

    private void Expect(Func<Task> consume, int updates, string name)
    {
        consume().GetAwaiter().GetResult();
        if (_seen != updates)
        {
            throw new InvalidOperationException($"{name} delivered {_seen} updates, expected {updates}.");
        }
    }
}
