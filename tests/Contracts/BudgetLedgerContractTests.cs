using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Tests.Contracts;

/// <summary>The one suite every <see cref="IBudgetLedger"/> in the repository is held to: each store's test class derives from it.</summary>
/// <remarks>
/// <para>
/// The in-memory, SQLite and Redis ledger tests (tests/LlmRouter.Tests, tests/LlmRouter.Sqlite.Tests,
/// tests/LlmRouter.Redis.Tests, which link this folder) derive from this class, implement <see cref="CreateLedgerAsync"/>
/// and keep only what their store alone does (restarts, several processes, leases, outages). A new ledger gets its
/// semantics checked by deriving a test class from this one.
/// </para>
/// <para>
/// Every ledger a test creates shares the derived class's storage for that test (xunit makes a new instance per test: one
/// SQLite file, one Redis key prefix) and the clock <see cref="Time"/>. The base disposes, after the test and in reverse
/// order, every ledger it created and everything registered with <see cref="Own{T}"/>, whether it is
/// <see cref="IAsyncDisposable"/> (Redis) or only <see cref="IDisposable"/> (SQLite); the in-memory ledger is neither.
/// </para>
/// <para>
/// The tests are <c>[LedgerFact]</c>s: each project that links this folder defines its own <c>LedgerFactAttribute</c> in this
/// namespace, a plain fact for the in-memory and SQLite ledgers, and for Redis one that skips as <c>[RedisFact]</c> does
/// (no <c>redis-server</c> and <c>CI</c> not <c>true</c>; in CI it runs, and fails if the server is missing). An attribute is
/// chosen where the method is declared, so this is how one suite gets each store's rule for when it can run.
/// </para>
/// </remarks>
public abstract class BudgetLedgerContractTests : IAsyncLifetime
{
    /// <summary>The instant <see cref="Time"/> starts at: a Monday noon, UTC, mid-month.</summary>
    protected static readonly DateTimeOffset Start = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly List<object> _owned = [];

    /// <summary>Gets this test's clock, which decides the ledgers' UTC day and month.</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>Gets what the store's refusals add after "spent or reserved" (Redis: " across all instances").</summary>
    protected virtual string ExceededScope => string.Empty;

    /// <summary>Creates a ledger of the store under test, on this test's storage, with the given limits and clock.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The ledger; the base disposes it after the test.</returns>
    protected abstract ValueTask<IBudgetLedger> CreateLedgerAsync(BudgetOptions options, TimeProvider time);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            switch (_owned[i])
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    /// <summary>Registers something to dispose after the test (after what is registered later).</summary>
    protected T Own<T>(T resource)
        where T : class
    {
        _owned.Add(resource);
        return resource;
    }

    protected static BudgetOptions Budgets(decimal? daily = null, decimal? monthly = null, params (string Tenant, decimal? Daily, decimal? Monthly)[] tenants)
    {
        var options = new BudgetOptions { DailyLimit = daily, MonthlyLimit = monthly };
        foreach (var (tenant, d, m) in tenants)
        {
            options.Tenants[tenant] = new TenantBudget { DailyLimit = d, MonthlyLimit = m };
        }

        return options;
    }

    protected async Task<IBudgetLedger> LedgerAsync(decimal? daily = null, decimal? monthly = null, params (string Tenant, decimal? Daily, decimal? Monthly)[] tenants) =>
        Own(await CreateLedgerAsync(Budgets(daily, monthly, tenants), Time));

    /// <summary>Starts attempts on the thread pool, releases them at once and tells which fitted (did not throw <see cref="BudgetExceededException"/>).</summary>
    protected static async Task<bool[]> AllAtOnceAsync(int count, Func<int, Task> attempt)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                await attempt(i);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        })).ToArray();

        go.SetResult();
        return await Task.WhenAll(attempts);
    }

    [LedgerFact]
    public async Task BudgetLedger_ReserveWithinLimit_Succeeds()
    {
        var ledger = await LedgerAsync(daily: 1.00m);

        var reservation = await ledger.ReserveAsync(null, 0.40m);
        var exact = await ledger.ReserveAsync(null, 0.60m);

        Assert.Equal(0.40m, reservation.Amount);
        Assert.Equal(Start, reservation.Timestamp);
        Assert.NotEqual(reservation.Id, exact.Id);
        Assert.Equal(new BudgetStatus(null, 1.00m, 1.00m, 1.00m, null), await ledger.GetStatusAsync());
    }

    [LedgerFact]
    public async Task BudgetLedger_ReserveOverTenantLimit_ThrowsWithDetails()
    {
        var ledger = await LedgerAsync(tenants: ("acme", 5.00m, null));
        await ledger.ReserveAsync("acme", 4.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());

        Assert.Equal($"Daily budget of $5.00 for tenant 'acme' would be exceeded: $4.90 spent or reserved{ExceededScope}, this request may cost up to $0.20.", ex.Message);
        Assert.Equal("acme", ex.Tenant);
        Assert.Equal(5.00m, ex.Limit);
        Assert.Equal(0.20m, ex.Requested);
        Assert.Equal(LlmErrorKind.BudgetExceeded, ex.Kind);
        Assert.Equal(4.90m, (await ledger.GetStatusAsync("acme")).DailySpent); // a refusal holds nothing
    }

    [LedgerFact]
    public async Task BudgetLedger_ReserveOverGlobalMonthlyLimit_ThrowsWithDetails()
    {
        var ledger = await LedgerAsync(monthly: 10m);
        await ledger.ReserveAsync("acme", 9.999m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.0015m).AsTask());

        Assert.Equal($"Global monthly budget of $10.00 would be exceeded: $9.999 spent or reserved{ExceededScope}, this request may cost up to $0.0015.", ex.Message);
        Assert.Null(ex.Tenant);
        Assert.Equal(10m, ex.Limit);
        Assert.Equal(0.0015m, ex.Requested);
        Assert.Equal(LlmErrorKind.BudgetExceeded, ex.Kind);
        Assert.Equal(9.999m, (await ledger.GetStatusAsync()).MonthlySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_NegativeAmountsOrNoReservation_Throw()
    {
        var ledger = await LedgerAsync(daily: 1m);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.ReserveAsync(null, -0.01m).AsTask());
        var reservation = await ledger.ReserveAsync(null, 0.5m);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.SettleAsync(reservation, -1m).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => ledger.SettleAsync(null!, 0m).AsTask());
        Assert.Equal(0.5m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_NegativeLimitOrNoOptions_ThrowAtConstruction()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => LedgerAsync(daily: -1m));
        await Assert.ThrowsAsync<ArgumentException>(() => LedgerAsync(tenants: ("acme", null, -1m)));
        await Assert.ThrowsAsync<ArgumentNullException>(() => CreateLedgerAsync(null!, Time).AsTask());
    }

    [LedgerFact]
    public async Task BudgetLedger_ReserveHonoursCancellation()
    {
        var ledger = await LedgerAsync(daily: 1.00m);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ledger.ReserveAsync(null, 0.5m, new CancellationToken(canceled: true)).AsTask());

        Assert.Equal(0m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_SettleLowersToRealCost_SoALaterReservationFits()
    {
        var ledger = await LedgerAsync(daily: 1.00m, monthly: 10m);
        var first = await ledger.ReserveAsync(null, 0.80m);
        var held = await ledger.GetStatusAsync();
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.50m).AsTask());

        await ledger.SettleAsync(first, 0.10m);
        var settled = await ledger.GetStatusAsync();
        var second = await ledger.ReserveAsync(null, 0.50m);

        Assert.Equal(new BudgetStatus(null, 0.80m, 1.00m, 0.80m, 10m), held);
        Assert.Equal(new BudgetStatus(null, 0.10m, 1.00m, 0.10m, 10m), settled);
        Assert.Equal(0.50m, second.Amount);
        Assert.Equal(0.60m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_SettleAboveReservation_CountsTheRealCost()
    {
        var ledger = await LedgerAsync(daily: 1.00m);
        var reservation = await ledger.ReserveAsync(null, 0.10m);

        await ledger.SettleAsync(reservation, 1.20m);

        Assert.Equal(1.20m, (await ledger.GetStatusAsync()).DailySpent);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0m).AsTask());
    }

    [LedgerFact]
    public async Task BudgetLedger_SettleTwice_CountsOnce()
    {
        var ledger = await LedgerAsync(daily: 1.00m, tenants: ("acme", 1.00m, null));
        var reservation = await ledger.ReserveAsync("acme", 0.50m);

        await ledger.SettleAsync(reservation, 0.30m);
        await ledger.SettleAsync(reservation, 0.30m);
        await ledger.SettleAsync(reservation with { Amount = 0.90m }, 0.70m); // the ledger releases what it holds, not the copy's amount

        Assert.Equal(0.30m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(0.30m, (await ledger.GetStatusAsync("acme")).DailySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_SettleIgnoresACancelledToken()
    {
        var ledger = await LedgerAsync(daily: 1.00m);
        var reservation = await ledger.ReserveAsync(null, 0.50m);

        await ledger.SettleAsync(reservation, 0.05m, new CancellationToken(canceled: true));

        Assert.Equal(0.05m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_SettleOfNoneOrAReservationItDidNotMake_IsNoOp()
    {
        var ledger = await LedgerAsync(daily: 1m);

        await ledger.SettleAsync(BudgetReservation.None, 0.5m);
        await ledger.SettleAsync(new BudgetReservation(null, 0.5m, Start), 0.5m);

        Assert.Equal(0m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_TenantFitsButGlobalFull_ReservesNothing()
    {
        var ledger = await LedgerAsync(daily: 1.00m, tenants: ("acme", 5.00m, null));
        await ledger.ReserveAsync("globex", 0.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());

        Assert.Equal($"Global daily budget of $1.00 would be exceeded: $0.90 spent or reserved{ExceededScope}, this request may cost up to $0.20.", ex.Message);
        Assert.Null(ex.Tenant);
        Assert.Equal(1.00m, ex.Limit);
        Assert.Equal(0.20m, ex.Requested);
        Assert.Equal(LlmErrorKind.BudgetExceeded, ex.Kind);
        Assert.Equal(new BudgetStatus("acme", 0m, 5.00m, 0m, null), await ledger.GetStatusAsync("acme"));
        Assert.Equal(0.90m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [LedgerFact]
    public async Task BudgetLedger_TenantFull_ReservesNothingGlobally()
    {
        var ledger = await LedgerAsync(daily: 10m, tenants: ("acme", 1.00m, null));
        await ledger.ReserveAsync("acme", 0.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());
        var other = await ledger.ReserveAsync("globex", 9.10m);

        Assert.Equal("acme", ex.Tenant);
        Assert.Equal(1.00m, ex.Limit);
        Assert.Equal(0.90m, (await ledger.GetStatusAsync("acme")).DailySpent);
        Assert.Equal(10m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(9.10m, other.Amount);
    }

    [LedgerFact]
    public async Task BudgetLedger_DailyRollover_FreesBudget_AndOldReservationsSettleIntoTheirOwnDay()
    {
        var ledger = await LedgerAsync(daily: 1.00m, monthly: 100m);
        var yesterday = await ledger.ReserveAsync(null, 0.90m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.20m).AsTask());

        Time.SetUtcNow(new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero));
        var today = await ledger.ReserveAsync(null, 0.20m);

        // The old reservation settles into its own day, not today's, but still into the month.
        await ledger.SettleAsync(yesterday, 0.50m);

        Assert.Equal(0.20m, today.Amount);
        Assert.Equal(new BudgetStatus(null, 0.20m, 1.00m, 0.70m, 100m), await ledger.GetStatusAsync());
    }

    [LedgerFact]
    public async Task BudgetLedger_StatusReflectsRollover_WithoutReservations()
    {
        var ledger = await LedgerAsync(tenants: ("acme", 2m, 3m));
        await ledger.ReserveAsync("acme", 1.5m);

        Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(new BudgetStatus("acme", 0m, 2m, 1.5m, 3m), await ledger.GetStatusAsync("acme"));
    }

    [LedgerFact]
    public async Task BudgetLedger_MonthlyLimit_SpansDaysAndResetsNextMonth()
    {
        Time.SetUtcNow(new DateTimeOffset(2025, 3, 30, 10, 0, 0, TimeSpan.Zero));
        var ledger = await LedgerAsync(monthly: 1.00m);
        await ledger.ReserveAsync(null, 0.60m);
        await ledger.ReserveAsync("acme", 0.10m); // never settled: a process that crashed

        Time.Advance(TimeSpan.FromDays(1)); // March 31st
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.50m).AsTask());
        Assert.Equal($"Global monthly budget of $1.00 would be exceeded: $0.70 spent or reserved{ExceededScope}, this request may cost up to $0.50.", ex.Message);

        Time.Advance(TimeSpan.FromDays(1)); // April 1st
        await ledger.ReserveAsync(null, 0.50m);

        Assert.Equal(new BudgetStatus(null, 0.50m, null, 0.50m, 1.00m), await ledger.GetStatusAsync());
        Assert.Equal(new BudgetStatus("acme", 0m, null, 0m, null), await ledger.GetStatusAsync("acme"));
    }

    [LedgerFact]
    public async Task BudgetLedger_DayAndMonth_RollOverOnTheClocksUtcCalendar()
    {
        Time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 23, 0, 0, TimeSpan.FromHours(-5))); // Nov 30, 04:00 UTC
        var ledger = await LedgerAsync(daily: 1m, monthly: 1.5m);

        await ledger.SettleAsync(await ledger.ReserveAsync(null, 0.9m), 0.9m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.2m).AsTask());
        Time.Advance(TimeSpan.FromHours(20)); // Nov 30, 24:00 UTC (19:00 on the clock's offset): December 1st
        var december = await ledger.ReserveAsync(null, 0.9m);
        var decemberStatus = await ledger.GetStatusAsync();
        Time.Advance(TimeSpan.FromDays(1));
        var monthRefused = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.7m).AsTask());
        var nextDay = await ledger.GetStatusAsync();
        await ledger.SettleAsync(december, 0.1m);

        Assert.Equal(new BudgetStatus(null, 0.9m, 1m, 0.9m, 1.5m), decemberStatus); // November's 0.9 no longer counts
        Assert.Equal($"Global monthly budget of $1.50 would be exceeded: $0.90 spent or reserved{ExceededScope}, this request may cost up to $0.70.", monthRefused.Message);
        Assert.Equal(new BudgetStatus(null, 0m, 1m, 0.9m, 1.5m), nextDay);
        Assert.Equal(new BudgetStatus(null, 0m, 1m, 0.1m, 1.5m), await ledger.GetStatusAsync());
    }

    [LedgerFact]
    public async Task BudgetLedger_NoLimits_NeverThrows()
    {
        var ledger = await LedgerAsync();

        for (var i = 0; i < 1000; i++)
        {
            var reservation = await ledger.ReserveAsync(i % 2 == 0 ? null : "acme", 1_000_000m);
            Assert.Same(BudgetReservation.None, reservation);
            await ledger.SettleAsync(reservation, 1_000_000m);
        }

        Assert.Equal(new BudgetStatus(null, 0m, null, 0m, null), await ledger.GetStatusAsync());
        Assert.Equal(new BudgetStatus("acme", 0m, null, 0m, null), await ledger.GetStatusAsync("acme"));
    }

    [LedgerFact]
    public async Task BudgetLedger_TracksUnconfiguredTenants_WithoutLimits()
    {
        const string separators = "other:tenant\twith separators";
        var ledger = await LedgerAsync(daily: 10m);
        await ledger.ReserveAsync("globex", 1m);
        await ledger.ReserveAsync(separators, 0.5m);

        Assert.Equal(new BudgetStatus("globex", 1m, null, 1m, null), await ledger.GetStatusAsync("globex"));
        Assert.Equal(new BudgetStatus(separators, 0.5m, null, 0.5m, null), await ledger.GetStatusAsync(separators));
        Assert.Equal(new BudgetStatus("unknown", 0m, null, 0m, null), await ledger.GetStatusAsync("unknown"));
        Assert.Equal(new BudgetStatus(null, 1.5m, 10m, 1.5m, null), await ledger.GetStatusAsync());
    }

    [LedgerFact]
    public async Task BudgetLedger_ConcurrentReservations_CannotOverspend()
    {
        var ledger = await LedgerAsync(daily: 1.00m);
        var maxSeen = 0m;
        using var stop = new CancellationTokenSource();

        var monitor = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var status = await ledger.GetStatusAsync();
                maxSeen = Math.Max(maxSeen, status.DailySpent);
            }
        });

        var results = await AllAtOnceAsync(100, _ => ledger.ReserveAsync(null, 0.03m).AsTask());
        await stop.CancelAsync();
        await monitor;

        Assert.Equal(33, results.Count(ok => ok));
        Assert.Equal(0.99m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.True(maxSeen <= 1.00m, $"The ledger showed {maxSeen} reserved or spent.");
    }

    [LedgerFact]
    public async Task BudgetLedger_ConcurrentReserveAndSettle_StayExact()
    {
        var ledger = await LedgerAsync(daily: 1_000_000m, tenants: [("a", null, 1_000_000m), ("b", 1_000_000m, null)]);

        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), async (i, ct) =>
        {
            var reservation = await ledger.ReserveAsync(i % 2 == 0 ? "a" : "b", 1m, ct);
            await ledger.SettleAsync(reservation, 0.25m, ct);
        });

        Assert.Equal(500m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(250m, (await ledger.GetStatusAsync("a")).MonthlySpent);
        Assert.Equal(250m, (await ledger.GetStatusAsync("b")).DailySpent);
    }
}
