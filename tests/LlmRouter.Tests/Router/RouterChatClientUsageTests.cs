using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

public class RouterChatClientUsageTests
{
    private static ChatOptions Direct(ModelDescriptor model) => new() { ModelId = model.Key };

    [Fact]
    public async Task RouterChatClient_EveryAttempt_IsRecordedFailedOnesToo()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.Authentication);

        await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast));

        var summary = await h.Usage.GetSummaryAsync();
        Assert.Equal(2, summary.Requests);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(1, summary.Successful);
        Assert.True(summary.ByProvider.ContainsKey("alpha"));
        Assert.True(summary.ByProvider.ContainsKey("beta"));
    }

    [Fact]
    public async Task RouterChatClient_Cost_ComesFromCatalogPricingWithCachedInputAtCachedRate()
    {
        await using var h = Create();
        h.Fake(AlphaFast).EnqueueResponse("ok", new UsageDetails { InputTokenCount = 1_000, OutputTokenCount = 500, CachedInputTokenCount = 200 });

        var response = await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast));

        // 800 uncached × $0.10 + 200 cached × $0.01 + 500 × $0.40, per million.
        var expected = ((800 * 0.10m) + (200 * 0.01m) + (500 * 0.40m)) / 1_000_000m;
        Assert.Equal(expected, response.GetRouteInfo()!.Cost);
        Assert.Equal(expected, (await h.Usage.GetSummaryAsync()).Cost);
    }

    [Fact]
    public async Task RouterChatClient_SixteenParallelCallers_UsageCountsAreExact()
    {
        await using var h = Create();
        const int callers = 16, perCaller = 50;
        h.Fake(AlphaFast).DefaultResponse = "ok";

        await Parallel.ForEachAsync(Enumerable.Range(0, callers), new ParallelOptions { MaxDegreeOfParallelism = callers }, async (_, ct) =>
        {
            for (var i = 0; i < perCaller; i++)
            {
                var r = await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast), ct);
                Assert.Equal("ok", r.Text);
                Assert.Single(r.GetRouteInfo()!.Attempts);
            }
        });

        var summary = await h.Usage.GetSummaryAsync();
        Assert.Equal(callers * perCaller, summary.Requests);
        Assert.Equal(callers * perCaller, summary.Successful);
        Assert.Equal(callers * perCaller, h.Fake(AlphaFast).CallCount);
        Assert.Equal(callers * perCaller, summary.ByModel[AlphaFast.Key].Requests);
        var oneCall = await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast));
        Assert.Equal(callers * perCaller * oneCall.Usage!.InputTokenCount, summary.InputTokens);
        Assert.Equal(callers * perCaller * oneCall.Usage.OutputTokenCount, summary.OutputTokens);
    }

    [Fact]
    public async Task RouterChatClient_BudgetTooSmall_FailsBeforeAnyCall()
    {
        await using var h = Create(o => o.Budgets.DailyLimit = 0.000001m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => h.Client.GetResponseAsync(Prompt(), Direct(AlphaSmart)));

        Assert.Equal(LlmErrorKind.BudgetExceeded, ex.Kind);
        Assert.Equal(0, h.Fake(AlphaSmart).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_ConcurrentRequests_CannotOverspendBudget()
    {
        var options = new ChatOptions { ModelId = AlphaFast.Key, MaxOutputTokens = 1_000 };
        var messages = Prompt();
        var worstCase = TokenBound.Cost(AlphaFast, TokenBound.InputTokens(messages, options), options);
        await using var h = Create(o => o.Budgets.DailyLimit = worstCase * 10.5m);
        h.Fake(AlphaFast).Latency = TimeSpan.FromSeconds(1); // every request reserves before any settles

        var refused = 0;
        var calls = Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            try
            {
                await h.Client.GetResponseAsync(messages, options);
                return true;
            }
            catch (BudgetExceededException)
            {
                Interlocked.Increment(ref refused);
                return false;
            }
        })).ToArray();

        // Hold the clock until every request has either reserved (and is waiting on the provider) or been refused.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (h.Fake(AlphaFast).CallCount + Volatile.Read(ref refused) < 40 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        var outcomes = await h.RunAsync(Task.WhenAll(calls));

        Assert.Equal(10, outcomes.Count(ok => ok));
        Assert.Equal(10, h.Fake(AlphaFast).CallCount);
        var status = await h.Services.GetRequiredService<IBudgetLedger>().GetStatusAsync();
        Assert.True(status.DailySpent <= worstCase * 10.5m);
    }

    [Fact]
    public async Task RouterChatClient_RouteOverBudget_FallsBackToOneThatFits()
    {
        var options = new ChatOptions { ModelId = BetaBig.Key, MaxOutputTokens = 1_000 };
        var messages = Prompt();
        var limit = TokenBound.Cost(AlphaFast, TokenBound.InputTokens(messages, options), options) * 2; // fits a-fast, not b-big
        await using var h = Create(o =>
        {
            o.Budgets.DailyLimit = limit;
            o.FallbackChain.Add(AlphaFast.Key);
        });

        var response = await h.Client.GetResponseAsync(messages, options);

        var info = response.GetRouteInfo()!;
        Assert.Equal("a-fast", info.Model);
        Assert.Equal(LlmErrorKind.BudgetExceeded, info.Attempts[0].Error);
        Assert.Equal(0, h.Fake(BetaBig).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_TenantHint_IsRecordedOnUsage()
    {
        await using var h = Create();
        var options = new ChatOptions { ModelId = AlphaFast.Key }.WithRouting(new RoutingHints { Tenant = "acme" });

        await h.Client.GetResponseAsync(Prompt(), options);
        await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast));

        Assert.Equal(1, (await h.Usage.GetSummaryAsync(new UsageQuery { Tenant = "acme" })).Requests);
    }
}
