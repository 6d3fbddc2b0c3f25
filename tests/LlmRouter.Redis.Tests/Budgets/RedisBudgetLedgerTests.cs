using LlmRouter.Redis.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Redis.Tests.Budgets;

public sealed class RedisBudgetLedgerTests(SharedRedis redis) : IClassFixture<SharedRedis>
{
    [RedisFact]
    public async Task RedisBudgetLedger_Reservation_HoldsTheAmountUntilSettledToTheRealCost()
    {
        var server = await redis.GetAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix());
        await using var ledger = Ledgers.Ledger(connection, daily: 1m, monthly: 10m);

        var reservation = await ledger.ReserveAsync(null, 0.30m);
        var held = await ledger.GetStatusAsync();
        await ledger.SettleAsync(reservation, 0.10m);
        var settled = await ledger.GetStatusAsync();

        Assert.Equal(new BudgetStatus(null, 0.30m, 1m, 0.30m, 10m), held);
        Assert.Equal(new BudgetStatus(null, 0.10m, 1m, 0.10m, 10m), settled);
    }

    [RedisFact]
    public async Task RedisBudgetLedger_AmountThatDoesNotFit_IsRefusedNamingTheBudget()
    {
        var server = await redis.GetAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix());
        await using var ledger = Ledgers.Ledger(connection, daily: 1m);
        await ledger.ReserveAsync(null, 0.80m);

        var refused = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.30m).AsTask());

        Assert.Null(refused.Tenant);
        Assert.Equal(1m, refused.Limit);
        Assert.Equal(0.30m, refused.Requested);
        Assert.Equal(LlmErrorKind.BudgetExceeded, refused.Kind);
        Assert.Contains("Global daily budget of $1.00", refused.Message, StringComparison.Ordinal);
        Assert.Contains("$0.80 spent or reserved", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0.80m, (await ledger.GetStatusAsync()).DailySpent); // a refusal holds nothing
    }

    [RedisFact]
    public async Task RedisBudgetLedger_Tenants_AreCheckedBeforeTheGlobalBudgetAndCountInIt()
    {
        var server = await redis.GetAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix());
        await using var ledger = Ledgers.Ledger(connection, daily: null, monthly: 1m, tenants: ("acme", 0.5m, null));

        await ledger.ReserveAsync("acme", 0.4m);
        var tenantRefused = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.2m).AsTask());
        await ledger.ReserveAsync("other:tenant\twith separators", 0.5m); // no budget of its own: only the global one applies
        var globalRefused = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("other:tenant\twith separators", 0.2m).AsTask());

        Assert.Equal(("acme", 0.5m), (tenantRefused.Tenant, tenantRefused.Limit));
        Assert.Contains("Daily budget of $0.50 for tenant 'acme'", tenantRefused.Message, StringComparison.Ordinal);
        Assert.Equal((null, 1m), (globalRefused.Tenant, globalRefused.Limit));
        Assert.Contains("Global monthly budget of $1.00", globalRefused.Message, StringComparison.Ordinal);
        Assert.Equal(new BudgetStatus("acme", 0.4m, 0.5m, 0.4m, null), await ledger.GetStatusAsync("acme"));
        Assert.Equal(new BudgetStatus("other:tenant\twith separators", 0.5m, null, 0.5m, null), await ledger.GetStatusAsync("other:tenant\twith separators"));
        Assert.Equal(0.9m, (await ledger.GetStatusAsync()).MonthlySpent);
    }

    [RedisFact]
    public async Task RedisBudgetLedger_DayAndMonth_RollOverOnTheTimeProvidersUtcCalendar()
    {
        var server = await redis.GetAsync();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.FromHours(-5))); // Nov 30, 04:00 UTC
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix(), time);
        await using var ledger = Ledgers.Ledger(connection, daily: 1m, monthly: 1.5m);

        await ledger.SettleAsync(await ledger.ReserveAsync(null, 0.9m), 0.9m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.2m).AsTask());
        time.Advance(TimeSpan.FromHours(20)); // Nov 30, 24:00 UTC: December 1st
        var december = await ledger.ReserveAsync(null, 0.9m);
        var decemberStatus = await ledger.GetStatusAsync();
        time.Advance(TimeSpan.FromDays(1));
        var monthRefused = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.7m).AsTask());

        Assert.Equal(new BudgetStatus(null, 0.9m, 1m, 0.9m, 1.5m), decemberStatus); // November's 0.9 no longer counts
        Assert.Equal(1.5m, monthRefused.Limit);
        Assert.Contains("monthly", monthRefused.Message, StringComparison.Ordinal);
        Assert.Equal(new BudgetStatus(null, 0m, 1m, 0.9m, 1.5m), await ledger.GetStatusAsync());
        await ledger.SettleAsync(december, 0.1m);
    }

    [RedisFact]
    public async Task RedisBudgetLedger_SettlingTwiceOrNone_ChangesNothing()
    {
        var server = await redis.GetAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix());
        await using var ledger = Ledgers.Ledger(connection, daily: 1m);
        var reservation = await ledger.ReserveAsync(null, 0.5m);

        await ledger.SettleAsync(reservation, 0.2m);
        await ledger.SettleAsync(reservation, 0.2m);
        await ledger.SettleAsync(BudgetReservation.None, 0.3m);
        await ledger.SettleAsync(new BudgetReservation(null, 0.5m, DateTimeOffset.UtcNow), 0.3m); // not made here

        Assert.Equal(0.2m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [RedisFact]
    public async Task RedisBudgetLedger_TwoInstances_SpendFromOneBudget()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var first = Ledgers.Connection(server.Configuration, prefix);
        await using var second = Ledgers.Connection(server.Configuration, prefix);
        await using var a = Ledgers.Ledger(first, daily: 1m);
        await using var b = Ledgers.Ledger(second, daily: 1m);

        await a.SettleAsync(await a.ReserveAsync(null, 0.7m), 0.6m);

        Assert.Equal(0.6m, (await b.GetStatusAsync()).DailySpent);
        await Assert.ThrowsAsync<BudgetExceededException>(() => b.ReserveAsync(null, 0.5m).AsTask());
        await b.ReserveAsync(null, 0.4m);
    }

    [RedisFact]
    public async Task RedisBudgetLedger_64ConcurrentReservationsOnTwoInstances_NeverHoldMoreThanTheLimit()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var first = Ledgers.Connection(server.Configuration, prefix);
        await using var second = Ledgers.Connection(server.Configuration, prefix);
        await using var a = Ledgers.Ledger(first, daily: 0.0105m);
        await using var b = Ledgers.Ledger(second, daily: 0.0105m);

        var attempts = Enumerable.Range(0, 64).Select(async i =>
        {
            var ledger = i % 2 == 0 ? a : b;
            try
            {
                return (Ledger: ledger, Reservation: await ledger.ReserveAsync(null, 0.001m));
            }
            catch (BudgetExceededException)
            {
                return (Ledger: ledger, Reservation: (BudgetReservation?)null);
            }
        }).ToArray();
        var outcomes = await Task.WhenAll(attempts);
        var held = outcomes.Where(o => o.Reservation is not null).ToArray();
        var status = await a.GetStatusAsync();
        foreach (var (ledger, reservation) in held)
        {
            await ledger.SettleAsync(reservation!, 0.001m);
        }

        Assert.Equal(10, held.Length); // 10 × $0.001 fits $0.0105; an 11th would not
        Assert.Equal(0.010m, status.DailySpent);
        Assert.Equal(0.010m, (await b.GetStatusAsync()).DailySpent);
    }

    [RedisFact]
    public async Task RedisBudgetLedger_ReservationAndSettlement_AreOneRoundTripEach()
    {
        var server = await redis.GetAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix());
        await using var ledger = Ledgers.Ledger(connection, daily: 100m, tenants: ("acme", 50m, 60m));
        await ledger.SettleAsync(await ledger.ReserveAsync("acme", 0.01m), 0.01m); // connects and loads the scripts

        var before = (Scripts: await server.ScriptCallsAsync(), Sent: await SentAsync(connection));
        var reservation = await ledger.ReserveAsync("acme", 0.01m);
        var reserved = (Scripts: await server.ScriptCallsAsync(), Sent: await SentAsync(connection));
        await ledger.SettleAsync(reservation, 0.005m);
        var settled = (Scripts: await server.ScriptCallsAsync(), Sent: await SentAsync(connection));

        // One script run on the server, and one command sent by the client, for each.
        Assert.Equal((1, 1), (reserved.Scripts - before.Scripts, reserved.Sent - before.Sent));
        Assert.Equal((1, 1), (settled.Scripts - reserved.Scripts, settled.Sent - reserved.Sent));
    }

    [RedisFact]
    public async Task RedisBudgetLedger_ReservationNeverSettled_IsReleasedWhenItsLeaseEnds()
    {
        var server = await redis.GetAsync();
        var prefix = SharedRedis.NewPrefix();
        await using var first = Ledgers.Connection(server.Configuration, prefix, configure: o => o.ReservationLease = TimeSpan.FromMilliseconds(200));
        await using var second = Ledgers.Connection(server.Configuration, prefix);
        await using var stopped = Ledgers.Ledger(first, daily: 1m);
        await using var survivor = Ledgers.Ledger(second, daily: 1m);
        var orphan = await stopped.ReserveAsync(null, 0.9m); // its instance "stops" before settling

        await Assert.ThrowsAsync<BudgetExceededException>(() => survivor.ReserveAsync(null, 0.5m).AsTask());
        BudgetReservation? later = null;
        await Ledgers.EventuallyAsync(async () =>
        {
            try
            {
                later = await survivor.ReserveAsync(null, 0.5m);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        }, "the expired lease to be released");
        await stopped.SettleAsync(orphan, 0.2m); // settled after its lease ended: the whole cost counts

        Assert.Equal(0.7m, (await survivor.GetStatusAsync()).DailySpent);
        await survivor.SettleAsync(later!, 0.5m);
        Assert.Equal(0.7m, (await survivor.GetStatusAsync()).DailySpent);
    }

    [RedisFact]
    public async Task RedisBudgetLedger_NoLimits_ReservesNothingAndNeverCallsRedis()
    {
        await using var connection = Ledgers.Connection("127.0.0.1:1,connectTimeout=100", SharedRedis.NewPrefix());
        await using var ledger = Ledgers.Ledger(connection);

        var reservation = await ledger.ReserveAsync("acme", 5m);
        await ledger.SettleAsync(reservation, 5m);

        Assert.Same(BudgetReservation.None, reservation);
        Assert.Equal(new BudgetStatus(null, 0m, null, 0m, null), await ledger.GetStatusAsync());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.ReserveAsync(null, -1m).AsTask());
    }

    [RedisFact]
    public async Task RedisBudgetLedger_RedisDown_FailsOpenWarnsOnceAndAddsTheCostWhenBack()
    {
        await using var server = await RedisServer.StartAsync();
        var logs = new LogCollector();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix(), logs: logs);
        await using var ledger = Ledgers.Ledger(connection, daily: 1m);
        await ledger.SettleAsync(await ledger.ReserveAsync(null, 0.1m), 0.1m);
        await server.KillAsync();

        var during = new List<BudgetReservation>();
        for (var i = 0; i < 3; i++)
        {
            during.Add(await ledger.ReserveAsync(null, 0.9m)); // fail open: more than the limit allows, unchecked
        }

        foreach (var reservation in during)
        {
            await ledger.SettleAsync(reservation, 0.25m);
        }

        var buffered = ledger.PendingSettlements;
        await server.StartAgainAsync(); // no persistence: the counters start again from zero
        await Ledgers.EventuallyAsync(() => ledger.PendingSettlements == 0 && !connection.Outage.IsDown, "the buffered settlements to be written");
        await ledger.FlushAsync();

        Assert.Equal(3, buffered);
        Assert.Equal(0.75m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(1, logs.Count(101)); // one warning for the outage
        Assert.Equal(1, logs.Count(102)); // one information when it is back
    }

    [RedisFact]
    public async Task RedisBudgetLedger_RedisDownAndFailClosed_RefusesWithATypedError()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = Ledgers.Connection(server.Configuration, SharedRedis.NewPrefix(), configure: o => o.FailClosed = true);
        await using var ledger = Ledgers.Ledger(connection, daily: 1m);
        await ledger.GetStatusAsync();
        await server.KillAsync();

        var refused = await Assert.ThrowsAsync<RedisUnavailableException>(() => ledger.ReserveAsync(null, 0.1m).AsTask());
        var status = await Assert.ThrowsAsync<RedisUnavailableException>(() => ledger.GetStatusAsync().AsTask());

        Assert.Equal(LlmErrorKind.Unavailable, refused.Kind);
        Assert.Contains("FailClosed", refused.Message, StringComparison.Ordinal);
        Assert.Contains("unreachable", status.Message, StringComparison.Ordinal);
    }

    private static async Task<long> SentAsync(RedisConnection connection) =>
        (await connection.GetMultiplexerAsync()).GetCounters().Interactive.OperationCount;
}
