using LlmRouter.Sqlite.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Sqlite.Tests.Budgets;

/// <summary>The in-memory ledger's semantics, on a file; then what only a file gives: restarts and several ledgers at once.</summary>
public sealed class SqliteBudgetLedgerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly List<SqliteBudgetLedger> _ledgers = [];

    public void Dispose()
    {
        foreach (var ledger in _ledgers)
        {
            ledger.Dispose();
        }

        _db.Dispose();
    }

    private SqliteBudgetLedger Ledger(decimal? daily = null, decimal? monthly = null, params (string Tenant, decimal? Daily, decimal? Monthly)[] tenants)
    {
        var options = new BudgetOptions { DailyLimit = daily, MonthlyLimit = monthly };
        foreach (var (tenant, d, m) in tenants)
        {
            options.Tenants[tenant] = new TenantBudget { DailyLimit = d, MonthlyLimit = m };
        }

        var ledger = new SqliteBudgetLedger(_db.Options(), options, _time);
        _ledgers.Add(ledger);
        return ledger;
    }

    [Fact]
    public async Task SqliteBudgetLedger_ReserveWithinLimitSucceeds()
    {
        var ledger = Ledger(daily: 1.00m);

        var reservation = await ledger.ReserveAsync(null, 0.40m);
        var exact = await ledger.ReserveAsync(null, 0.60m);

        Assert.Equal(0.40m, reservation.Amount);
        Assert.Equal(Start, reservation.Timestamp);
        Assert.NotEqual(reservation.Id, exact.Id);
        Assert.Equal(1.00m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(2, _db.Scalar("SELECT COUNT(*) FROM budget_pending;"));
    }

    [Fact]
    public async Task SqliteBudgetLedger_ReserveOverTenantLimitThrowsWithTheInMemoryMessage()
    {
        var ledger = Ledger(tenants: ("acme", 5.00m, null));
        await ledger.ReserveAsync("acme", 4.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());

        Assert.Equal("Daily budget of $5.00 for tenant 'acme' would be exceeded: $4.90 spent or reserved, this request may cost up to $0.20.", ex.Message);
        Assert.Equal("acme", ex.Tenant);
        Assert.Equal(5.00m, ex.Limit);
        Assert.Equal(0.20m, ex.Requested);
        Assert.Equal(4.90m, (await ledger.GetStatusAsync("acme")).DailySpent);
    }

    [Fact]
    public async Task SqliteBudgetLedger_ReserveOverGlobalMonthlyLimitThrows()
    {
        var ledger = Ledger(monthly: 10m);
        await ledger.ReserveAsync("acme", 9.999m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.0015m).AsTask());

        Assert.Equal("Global monthly budget of $10.00 would be exceeded: $9.999 spent or reserved, this request may cost up to $0.0015.", ex.Message);
        Assert.Null(ex.Tenant);
    }

    [Fact]
    public async Task SqliteBudgetLedger_BadInputThrows()
    {
        var ledger = Ledger(daily: 1m);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.ReserveAsync(null, -0.01m).AsTask());
        var reservation = await ledger.ReserveAsync(null, 0.5m);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.SettleAsync(reservation, -1m).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => ledger.SettleAsync(null!, 0m).AsTask());
        Assert.Throws<ArgumentException>(() => Ledger(daily: -1m));
        Assert.Throws<ArgumentException>(() => Ledger(tenants: ("acme", null, -1m)));
        Assert.Throws<ArgumentNullException>(() => new SqliteBudgetLedger(_db.Options(), null!));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ledger.ReserveAsync(null, 0.1m, new CancellationToken(canceled: true)).AsTask());
    }

    [Fact]
    public async Task SqliteBudgetLedger_SettleLowersToRealCost_CountsMoreThanReserved_AndOnlyOnce()
    {
        var ledger = Ledger(daily: 1.00m, tenants: ("acme", 1.00m, null));
        var first = await ledger.ReserveAsync("acme", 0.80m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.50m).AsTask());

        await ledger.SettleAsync(first, 0.10m, new CancellationToken(canceled: true));
        await ledger.SettleAsync(first, 0.10m);
        await ledger.SettleAsync(first with { Amount = 0.90m }, 0.70m);
        var second = await ledger.ReserveAsync(null, 0.50m);
        await ledger.SettleAsync(second, 1.20m);

        Assert.Equal(1.30m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(0.10m, (await ledger.GetStatusAsync("acme")).DailySpent);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM budget_pending;"));
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0m).AsTask());
    }

    [Fact]
    public async Task SqliteBudgetLedger_TenantFitButGlobalFullReservesNothing()
    {
        var ledger = Ledger(daily: 1.00m, tenants: ("acme", 5.00m, null));
        await ledger.ReserveAsync("globex", 0.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());

        Assert.Null(ex.Tenant);
        Assert.Equal(0m, (await ledger.GetStatusAsync("acme")).DailySpent);
        Assert.Equal(0.90m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(new BudgetStatus("globex", 0.90m, null, 0.90m, null), await ledger.GetStatusAsync("globex"));
        Assert.Equal(new BudgetStatus("unknown", 0m, null, 0m, null), await ledger.GetStatusAsync("unknown"));
    }

    [Fact]
    public async Task SqliteBudgetLedger_DailyRolloverFreesBudget_AndOldReservationsSettleIntoTheirOwnDay()
    {
        var ledger = Ledger(daily: 1.00m, monthly: 100m);
        var yesterday = await ledger.ReserveAsync(null, 0.90m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.20m).AsTask());

        _time.SetUtcNow(new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero));
        var today = await ledger.ReserveAsync(null, 0.20m);
        await ledger.SettleAsync(yesterday, 0.50m);

        Assert.Equal(0.20m, today.Amount);
        Assert.Equal(new BudgetStatus(null, 0.20m, 1.00m, 0.70m, 100m), await ledger.GetStatusAsync());
    }

    [Fact]
    public async Task SqliteBudgetLedger_MonthlyLimitSpansDaysAndResetsNextMonth_AndEarlierReservationsAreForgotten()
    {
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 30, 10, 0, 0, TimeSpan.Zero));
        var ledger = Ledger(monthly: 1.00m);
        await ledger.ReserveAsync(null, 0.60m);
        await ledger.ReserveAsync("acme", 0.10m); // never settled: a process that crashed

        _time.Advance(TimeSpan.FromDays(1)); // March 31st
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.50m).AsTask());
        Assert.StartsWith("Global monthly budget of $1.00", ex.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(1)); // April 1st
        await ledger.ReserveAsync(null, 0.50m);

        var status = await ledger.GetStatusAsync();
        Assert.Equal(0.50m, status.MonthlySpent);
        Assert.Null(status.DailyLimit);
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM budget_pending;")); // March's were dropped when April began
    }

    [Fact]
    public async Task SqliteBudgetLedger_NoLimits_DoesNothing()
    {
        var ledger = Ledger();

        var reservation = await ledger.ReserveAsync("acme", 1_000_000m);
        await ledger.SettleAsync(reservation, 1_000_000m);

        Assert.Same(BudgetReservation.None, reservation);
        Assert.Equal(new BudgetStatus(null, 0m, null, 0m, null), await ledger.GetStatusAsync());
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM budget_totals;"));
    }

    [Fact]
    public async Task SqliteBudgetLedger_SettleOfNoneOrAnUnknownReservation_IsNoOp()
    {
        var ledger = Ledger(daily: 1m);

        await ledger.SettleAsync(BudgetReservation.None, 0.5m);
        await ledger.SettleAsync(new BudgetReservation(null, 0.5m, Start) { Id = 12345 }, 0.5m);

        Assert.Equal(0m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [Fact]
    public async Task SqliteBudgetLedger_ANewLedgerOnTheFile_SeesWhatWasSpent_AndSettlesWhatWasReserved()
    {
        var before = Ledger(daily: 1.00m, tenants: ("acme", 0.50m, null));
        await before.SettleAsync(await before.ReserveAsync("acme", 0.40m), 0.30m);
        var inFlight = await before.ReserveAsync(null, 0.20m);
        before.Dispose();

        var after = Ledger(daily: 1.00m, tenants: ("acme", 0.50m, null));
        Assert.Equal(new BudgetStatus(null, 0.50m, 1.00m, 0.50m, null), await after.GetStatusAsync());
        Assert.Equal(0.30m, (await after.GetStatusAsync("acme")).DailySpent);
        await Assert.ThrowsAsync<BudgetExceededException>(() => after.ReserveAsync("acme", 0.25m).AsTask());

        await after.SettleAsync(inFlight, 0.05m);
        Assert.Equal(0.35m, (await after.GetStatusAsync()).DailySpent);
        await after.ReserveAsync(null, 0.65m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => after.ReserveAsync(null, 0.01m).AsTask());
    }

    [Fact]
    public async Task SqliteBudgetLedger_FourLedgersOnOneFile_ReservingAtOnce_NeverOverspend()
    {
        // Four ledgers stand for four processes: each has its own connection, so only the file's lock keeps them apart.
        var ledgers = Enumerable.Range(0, 4).Select(_ => Ledger(daily: 1.00m, tenants: ("acme", 0.60m, null))).ToArray();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = Enumerable.Range(0, 160).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                var ledger = ledgers[i % ledgers.Length];
                var reservation = await ledger.ReserveAsync(i % 2 == 0 ? "acme" : null, 0.03m);

                // Settling at the reserved amount keeps the totals exact while others reserve.
                await ledgers[(i + 1) % ledgers.Length].SettleAsync(reservation, 0.03m);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        })).ToArray();

        go.SetResult();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(33, results.Count(ok => ok));
        Assert.Equal(0.99m, (await ledgers[0].GetStatusAsync()).DailySpent);
        Assert.True((await ledgers[3].GetStatusAsync("acme")).DailySpent <= 0.60m);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM budget_pending;"));
    }

    [Fact]
    public async Task SqliteBudgetLedger_FileLockedPastTheBusyTimeout_ReserveFailsAndHoldsNothing()
    {
        var ledger = new SqliteBudgetLedger(_db.Options(o => o.BusyTimeout = TimeSpan.Zero), new BudgetOptions { DailyLimit = 1m }, _time);
        _ledgers.Add(ledger);
        using (var blocker = _db.OpenRaw())
        {
            using var begin = blocker.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();

            var ex = await Assert.ThrowsAsync<SqliteException>(() => ledger.ReserveAsync(null, 0.5m).AsTask());
            Assert.Equal(5, ex.SqliteErrorCode); // SQLITE_BUSY
        }

        Assert.Equal(0m, (await ledger.GetStatusAsync()).DailySpent);
        await ledger.ReserveAsync(null, 1m);
    }
}
