using LlmRouter.Redis.Tests.TestSupport;
using LlmRouter.Tests.Contracts;

namespace LlmRouter.Redis.Tests.Budgets;

/// <summary>
/// The budget-ledger contract, on a real server (its tests are plain facts: see <see cref="BudgetLedgerContractTests"/>);
/// then what only Redis does: several instances, one round trip, leases and outages.
/// </summary>
public sealed class RedisBudgetLedgerTests(SharedRedis redis) : BudgetLedgerContractTests, IClassFixture<SharedRedis>
{
    private readonly string _prefix = SharedRedis.NewPrefix(); // one per test: the ledgers a test creates share a budget

    protected override string ExceededScope => " across all instances";

    protected override async ValueTask<IBudgetLedger> CreateLedgerAsync(BudgetOptions options, TimeProvider time)
    {
        var server = await redis.GetAsync();

        // The connection keeps the system clock (it times retries); the ledger's calendar is the test's clock.
        var connection = Own(Ledgers.Connection(server.Configuration, _prefix));
        return new RedisBudgetLedger(options, connection, time);
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
