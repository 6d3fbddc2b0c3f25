using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Benchmarks;

/// <summary>
/// Where <see cref="RouterOverheadBenchmarks.Router_ExplicitModel"/>'s time goes: the same request with usage tracking and the
/// Polly retry/timeout pipeline switched off one at a time. Diagnostic only; the budget is judged on the full configuration.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RouterBreakdownBenchmarks
{
    private ServiceProvider _services = null!;
    private IChatClient _router = null!;
    private ChatMessage[] _messages = null!;
    private ChatOptions _options = null!;

    /// <summary>
    /// Gets or sets the configuration: <c>Full</c> (defaults: usage on, 3 retries, 100 s attempt timeout), <c>NoUsage</c>
    /// (<see cref="LlmRouterOptions.TrackUsage"/> off), <c>NoPolly</c> (no retries, no attempt timeout), <c>Bare</c> (both off).
    /// </summary>
    [Params("Full", "NoUsage", "NoPolly", "Bare")]
    public string Variant { get; set; } = "Full";

    [GlobalSetup]
    public void Setup()
    {
        _messages =
        [
            new ChatMessage(ChatRole.System, "You are a concise assistant for a travel booking site."),
            new ChatMessage(ChatRole.User, "Which documents do I need to rent a car in Portugal with a UK driving licence?"),
        ];
        _options = new ChatOptions { ModelId = BenchRouter.ModelKey, Temperature = 0.2f, MaxOutputTokens = 256 };
        var client = new PreparedChatClient(new ChatMessage(ChatRole.Assistant, "Your licence, your passport and a credit card."), []);
        var trackUsage = Variant is "Full" or "NoPolly";
        var polly = Variant is "Full" or "NoUsage";
        _services = BenchRouter.Build(client, o =>
        {
            o.TrackUsage = trackUsage;
            if (!polly)
            {
                o.Retry.MaxRetries = 0;
                o.AttemptTimeout = Timeout.InfiniteTimeSpan;
            }
        });
        _router = _services.GetRequiredService<IChatClient>();
        BenchRouter.Check(Router_ExplicitModel().GetAwaiter().GetResult(), "direct");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public Task<ChatResponse> Router_ExplicitModel() => _router.GetResponseAsync(_messages, _options);
}
