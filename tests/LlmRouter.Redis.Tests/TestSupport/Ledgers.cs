using Microsoft.Extensions.Logging;

namespace LlmRouter.Redis.Tests.TestSupport;

/// <summary>Builds the package's parts directly on a server, as one instance's container would.</summary>
internal static class Ledgers
{
    public static RedisConnection Connection(string configuration, string prefix, TimeProvider? time = null, Action<RedisRouterOptions>? configure = null, ILoggerFactory? logs = null)
    {
        var options = new RedisRouterOptions { Configuration = configuration, KeyPrefix = prefix, RetryInterval = TimeSpan.FromMilliseconds(100) };
        configure?.Invoke(options);
        return new RedisConnection(options, (logs ?? new LogCollector()).CreateLogger(RedisLog.Category), time ?? TimeProvider.System);
    }

    public static RedisBudgetLedger Ledger(RedisConnection connection, decimal? daily = null, decimal? monthly = null, TimeProvider? time = null, params (string Tenant, decimal? Daily, decimal? Monthly)[] tenants)
    {
        var budgets = new BudgetOptions { DailyLimit = daily, MonthlyLimit = monthly };
        foreach (var (tenant, d, m) in tenants)
        {
            budgets.Tenants[tenant] = new TenantBudget { DailyLimit = d, MonthlyLimit = m };
        }

        return new RedisBudgetLedger(budgets, connection, time ?? connection.Time);
    }

    /// <summary>Polls a condition (bounded), for what arrives over the network: pub/sub messages, reconnections.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, int timeoutMs = 10_000)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(watch.ElapsedMilliseconds < timeoutMs, $"Timed out waiting for: {what}");
            await Task.Delay(10);
        }
    }

    public static Task EventuallyAsync(Func<bool> condition, string what, int timeoutMs = 10_000) =>
        EventuallyAsync(() => Task.FromResult(condition()), what, timeoutMs);
}
