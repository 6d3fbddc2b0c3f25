using NSubstitute;

namespace LlmRouter.Tests.Usage;

public sealed class UsageTrackerTests
{
    [Fact]
    public async Task UsageTracker_NullQuerySummarisesEverything()
    {
        var store = await InMemoryUsageStoreTests.SeededAsync();
        var tracker = new UsageTracker(store);

        Assert.Equal(4, (await tracker.GetSummaryAsync()).Requests);
        Assert.Equal(1, (await tracker.GetSummaryAsync(new UsageQuery { Tenant = "globex" })).Requests);
    }

    [Fact]
    public async Task UsageTracker_PassesQueryAndTokenToStore()
    {
        var store = Substitute.For<IUsageStore>();
        var expected = new UsageSummary { Requests = 7 };
        using var cts = new CancellationTokenSource();
        var query = new UsageQuery { Provider = "openai" };
        store.GetSummaryAsync(query, cts.Token).Returns(new ValueTask<UsageSummary>(expected));

        var summary = await new UsageTracker(store).GetSummaryAsync(query, cts.Token);

        Assert.Same(expected, summary);
        Assert.Throws<ArgumentNullException>(() => new UsageTracker(null!));
    }
}
