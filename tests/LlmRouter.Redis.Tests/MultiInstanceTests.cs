using LlmRouter.Redis.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Redis.Tests;

/// <summary>Two routers (two containers, as two processes would have) on one Redis.</summary>
public sealed class MultiInstanceTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    [RedisFact]
    public async Task TwoRouters_64ConcurrentCallers_SpendOneBudgetAndNeverExceedIt()
    {
        const decimal limit = 0.0105m;
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var a = RouterInstance.Create(server.Configuration, prefix, o => { o.Budgets.DailyLimit = limit; o.Models = [RouterInstance.AlphaFast.Key]; });
        await using var b = RouterInstance.Create(server.Configuration, prefix, o => { o.Budgets.DailyLimit = limit; o.Models = [RouterInstance.AlphaFast.Key]; });
        foreach (var instance in new[] { a, b })
        {
            var fake = instance.Alpha.ForModel("a-fast");
            fake.Latency = TimeSpan.FromMilliseconds(20); // calls overlap: reservations are held while others ask
            for (var i = 0; i < 64; i++)
            {
                fake.EnqueueResponse(RouterInstance.ThousandTokens());
            }
        }

        var callers = Enumerable.Range(0, 64).Select(async i =>
        {
            var client = (i % 2 == 0 ? a : b).Client;
            var succeeded = 0;
            try
            {
                while (true)
                {
                    await client.GetResponseAsync(RouterInstance.Prompt());
                    succeeded++;
                }
            }
            catch (BudgetExceededException)
            {
                return succeeded;
            }
        }).ToArray();
        var successes = (await Task.WhenAll(callers)).Sum();
        await a.Usage.FlushAsync();
        await b.Usage.FlushAsync();
        var usage = await a.Usage.GetSummaryAsync(new UsageQuery());
        var status = await b.Ledger.GetStatusAsync();

        Assert.InRange(successes, 1, 10); // each call costs $0.001 and reserves a little more: at most 10 fit $0.0105
        Assert.Equal(successes, usage.Successful);
        Assert.Equal(successes * 0.001m, usage.Cost);
        Assert.True(usage.Cost <= limit, $"Spent {usage.Cost} of {limit}.");
        Assert.Equal(usage.Cost, status.DailySpent);
        Assert.Equal(successes, a.Alpha.ForModel("a-fast").CallCount + b.Alpha.ForModel("a-fast").CallCount);
    }

    [RedisFact]
    public async Task TwoRouters_ARouteOneCoolsDown_IsSkippedByTheOther()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var a = RouterInstance.Create(server.Configuration, prefix);
        await using var b = RouterInstance.Create(server.Configuration, prefix);
        await Task.WhenAll(a.ListeningAsync(), b.ListeningAsync());
        a.Alpha.ForModel("a-fast").EnqueueFailure(LlmErrorKind.RateLimited, retryAfter: TimeSpan.FromMinutes(5));

        var first = await a.Client.GetResponseAsync(RouterInstance.Prompt()); // 429 with a long Retry-After: a-fast cools down, b-fast answers
        await Ledgers.EventuallyAsync(async () => (await b.Router.GetProvidersAsync()).Single(p => p.Name == "alpha").Routes.Any(r => r.IsCoolingDown), "the cooldown to reach the other router");
        var second = await b.Client.GetResponseAsync(RouterInstance.Prompt());

        Assert.Equal("b-fast", first.GetRouteInfo()?.Model);
        Assert.Equal("b-fast", second.GetRouteInfo()?.Model);
        Assert.Equal(0, b.Alpha.ForModel("a-fast").CallCount); // never called on the router that only heard of the cooldown
        var route = (await b.Router.GetProvidersAsync()).Single(p => p.Name == "alpha").Routes.Single(r => r.ModelKey == "alpha/a-fast");
        Assert.InRange(route.CooldownUntil!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
    }

    [RedisFact]
    public async Task TwoRouters_Usage_IsSummarisedAcrossBoth()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var a = RouterInstance.Create(server.Configuration, prefix);
        await using var b = RouterInstance.Create(server.Configuration, prefix);
        b.Alpha.ForModel("a-fast").EnqueueFailure(LlmErrorKind.Unavailable);

        await a.Client.GetResponseAsync(RouterInstance.Prompt());
        await b.Client.GetResponseAsync(RouterInstance.Prompt()); // fails on a-fast, then b-fast answers: two attempts
        await b.Usage.FlushAsync();
        var tracker = a.Services.GetRequiredService<IUsageTracker>();
        var summary = await tracker.GetSummaryAsync();

        Assert.Equal(3, summary.Requests);
        Assert.Equal(1, summary.Failed);
        Assert.Equal(2, summary.ByModel["alpha/a-fast"].Requests);
        Assert.Equal(1, summary.ByModel["beta/b-fast"].Requests);
    }
}
