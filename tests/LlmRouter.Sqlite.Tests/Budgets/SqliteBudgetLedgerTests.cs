using LlmRouter.Sqlite.Tests.TestSupport;
using LlmRouter.Tests.Contracts;
using Microsoft.Data.Sqlite;

namespace LlmRouter.Sqlite.Tests.Budgets;

/// <summary>The budget-ledger contract, on a file; then what only a file gives: its rows, restarts and several ledgers at once.</summary>
public sealed class SqliteBudgetLedgerTests : BudgetLedgerContractTests
{
    private readonly TempDatabase _db;

    public SqliteBudgetLedgerTests()
    {
        _db = Own(new TempDatabase()); // disposed after the ledgers on it
    }

    protected override ValueTask<IBudgetLedger> CreateLedgerAsync(BudgetOptions options, TimeProvider time) =>
        ValueTask.FromResult<IBudgetLedger>(new SqliteBudgetLedger(_db.Options(), options, time));

    private SqliteBudgetLedger Ledger(decimal? daily = null, decimal? monthly = null, params (string Tenant, decimal? Daily, decimal? Monthly)[] tenants) =>
        Own(new SqliteBudgetLedger(_db.Options(), Budgets(daily, monthly, tenants), Time));

    [Fact]
    public async Task SqliteBudgetLedger_KeepsARowPerUnsettledReservation_AndDropsLastMonthsWhenAMonthBegins()
    {
        Time.SetUtcNow(new DateTimeOffset(2025, 3, 30, 10, 0, 0, TimeSpan.Zero));
        var ledger = Ledger(monthly: 10m);
        var first = await ledger.ReserveAsync(null, 0.40m);
        await ledger.ReserveAsync("acme", 0.10m); // never settled: a process that crashed
        var reserved = _db.Scalar("SELECT COUNT(*) FROM budget_pending;");

        await ledger.SettleAsync(first, 0.30m);
        var settled = _db.Scalar("SELECT COUNT(*) FROM budget_pending;");
        Time.Advance(TimeSpan.FromDays(2)); // April 1st
        await ledger.ReserveAsync(null, 0.50m);

        Assert.Equal((2, 1), (reserved, settled));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM budget_pending;")); // March's were dropped when April began
    }

    [Fact]
    public async Task SqliteBudgetLedger_NoLimits_WritesNothing()
    {
        var ledger = Ledger();

        await ledger.SettleAsync(await ledger.ReserveAsync("acme", 1_000_000m), 1_000_000m);

        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM budget_totals;"));
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

        var results = await AllAtOnceAsync(160, async i =>
        {
            var ledger = ledgers[i % ledgers.Length];
            var reservation = await ledger.ReserveAsync(i % 2 == 0 ? "acme" : null, 0.03m);

            // Settling at the reserved amount keeps the totals exact while others reserve.
            await ledgers[(i + 1) % ledgers.Length].SettleAsync(reservation, 0.03m);
        });

        Assert.Equal(33, results.Count(ok => ok));
        Assert.Equal(0.99m, (await ledgers[0].GetStatusAsync()).DailySpent);
        Assert.True((await ledgers[3].GetStatusAsync("acme")).DailySpent <= 0.60m);
        Assert.Equal(0, _db.Scalar("SELECT COUNT(*) FROM budget_pending;"));
    }

    [Fact]
    public async Task SqliteBudgetLedger_FileLockedPastTheBusyTimeout_ReserveFailsAndHoldsNothing()
    {
        var ledger = Own(new SqliteBudgetLedger(_db.Options(o => o.BusyTimeout = TimeSpan.Zero), Budgets(daily: 1m), Time));
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
