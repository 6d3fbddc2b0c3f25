using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Tests.Usage;

public sealed class InMemoryBudgetLedgerTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);

    private InMemoryBudgetLedger Ledger(decimal? daily = null, decimal? monthly = null, params (string Tenant, decimal? Daily, decimal? Monthly)[] tenants)
    {
        var options = new BudgetOptions { DailyLimit = daily, MonthlyLimit = monthly };
        foreach (var (tenant, d, m) in tenants)
        {
            options.Tenants[tenant] = new TenantBudget { DailyLimit = d, MonthlyLimit = m };
        }

        return new InMemoryBudgetLedger(options, _time);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_ReserveWithinLimitSucceeds()
    {
        var ledger = Ledger(daily: 1.00m);

        var reservation = await ledger.ReserveAsync(null, 0.40m);
        var exact = await ledger.ReserveAsync(null, 0.60m);

        Assert.Equal(0.40m, reservation.Amount);
        Assert.Equal(Start, reservation.Timestamp);
        Assert.NotEqual(reservation.Id, exact.Id);
        Assert.Equal(1.00m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_ReserveOverTenantLimitThrowsWithDetails()
    {
        var ledger = Ledger(tenants: ("acme", 5.00m, null));
        await ledger.ReserveAsync("acme", 4.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());

        Assert.Equal("Daily budget of $5.00 for tenant 'acme' would be exceeded: $4.90 spent or reserved, this request may cost up to $0.20.", ex.Message);
        Assert.Equal("acme", ex.Tenant);
        Assert.Equal(5.00m, ex.Limit);
        Assert.Equal(0.20m, ex.Requested);
        Assert.Equal(LlmErrorKind.BudgetExceeded, ex.Kind);
        Assert.Equal(4.90m, (await ledger.GetStatusAsync("acme")).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_ReserveOverGlobalMonthlyLimitThrowsWithDetails()
    {
        var ledger = Ledger(monthly: 10m);
        await ledger.ReserveAsync("acme", 9.999m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.0015m).AsTask());

        Assert.Equal("Global monthly budget of $10.00 would be exceeded: $9.999 spent or reserved, this request may cost up to $0.0015.", ex.Message);
        Assert.Null(ex.Tenant);
        Assert.Equal(10m, ex.Limit);
        Assert.Equal(0.0015m, ex.Requested);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_NegativeAmountsThrow()
    {
        var ledger = Ledger(daily: 1m);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.ReserveAsync(null, -0.01m).AsTask());
        var reservation = await ledger.ReserveAsync(null, 0.5m);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ledger.SettleAsync(reservation, -1m).AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => ledger.SettleAsync(null!, 0m).AsTask());
    }

    [Fact]
    public void InMemoryBudgetLedger_NegativeLimitThrows()
    {
        Assert.Throws<ArgumentException>(() => Ledger(daily: -1m));
        Assert.Throws<ArgumentException>(() => Ledger(tenants: ("acme", null, -1m)));
        Assert.Throws<ArgumentNullException>(() => new InMemoryBudgetLedger(null!, _time));
        Assert.Throws<ArgumentNullException>(() => new InMemoryBudgetLedger(new BudgetOptions(), null!));
    }

    [Fact]
    public async Task InMemoryBudgetLedger_SettleLowersToRealCostSoLaterReservationFits()
    {
        var ledger = Ledger(daily: 1.00m);
        var first = await ledger.ReserveAsync(null, 0.80m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.50m).AsTask());

        await ledger.SettleAsync(first, 0.10m);
        var second = await ledger.ReserveAsync(null, 0.50m);

        Assert.Equal(0.50m, second.Amount);
        Assert.Equal(0.60m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_SettleAboveReservationCountsRealCost()
    {
        var ledger = Ledger(daily: 1.00m);
        var reservation = await ledger.ReserveAsync(null, 0.10m);

        await ledger.SettleAsync(reservation, 1.20m);

        Assert.Equal(1.20m, (await ledger.GetStatusAsync()).DailySpent);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0m).AsTask());
    }

    [Fact]
    public async Task InMemoryBudgetLedger_SettleTwiceCountsOnce()
    {
        var ledger = Ledger(daily: 1.00m, tenants: ("acme", 1.00m, null));
        var reservation = await ledger.ReserveAsync("acme", 0.50m);

        await ledger.SettleAsync(reservation, 0.30m);
        await ledger.SettleAsync(reservation, 0.30m);
        await ledger.SettleAsync(reservation with { Amount = 0.90m }, 0.70m);

        Assert.Equal(0.30m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(0.30m, (await ledger.GetStatusAsync("acme")).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_SettleIgnoresCancelledToken()
    {
        var ledger = Ledger(daily: 1.00m);
        var reservation = await ledger.ReserveAsync(null, 0.50m);

        await ledger.SettleAsync(reservation, 0.05m, new CancellationToken(canceled: true));

        Assert.Equal(0.05m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_ReserveHonoursCancellation()
    {
        var ledger = Ledger(daily: 1.00m);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ledger.ReserveAsync(null, 0.5m, new CancellationToken(canceled: true)).AsTask());
        Assert.Equal(0m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_ConcurrentRequestsCannotOverspend()
    {
        var ledger = Ledger(daily: 1.00m);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
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

        var attempts = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                await ledger.ReserveAsync(null, 0.03m);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        })).ToArray();

        go.SetResult();
        var results = await Task.WhenAll(attempts);
        await stop.CancelAsync();
        await monitor;

        Assert.Equal(33, results.Count(ok => ok));
        Assert.Equal(0.99m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.True(maxSeen <= 1.00m, $"The ledger showed {maxSeen} reserved or spent.");
    }

    [Fact]
    public async Task InMemoryBudgetLedger_ConcurrentReserveAndSettleStayExact()
    {
        var ledger = Ledger(daily: 1_000_000m, tenants: [("a", null, 1_000_000m), ("b", 1_000_000m, null)]);

        await Parallel.ForEachAsync(Enumerable.Range(0, 2000), async (i, ct) =>
        {
            var reservation = await ledger.ReserveAsync(i % 2 == 0 ? "a" : "b", 1m, ct);
            await ledger.SettleAsync(reservation, 0.25m, ct);
        });

        Assert.Equal(500m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(250m, (await ledger.GetStatusAsync("a")).MonthlySpent);
        Assert.Equal(250m, (await ledger.GetStatusAsync("b")).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_TenantFitButGlobalFullReservesNothing()
    {
        var ledger = Ledger(daily: 1.00m, tenants: ("acme", 5.00m, null));
        await ledger.ReserveAsync("globex", 0.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());

        Assert.Null(ex.Tenant);
        Assert.Equal(1.00m, ex.Limit);
        Assert.Equal(0m, (await ledger.GetStatusAsync("acme")).DailySpent);
        Assert.Equal(0.90m, (await ledger.GetStatusAsync()).DailySpent);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_TenantFullReservesNothingGlobally()
    {
        var ledger = Ledger(daily: 10m, tenants: ("acme", 1.00m, null));
        await ledger.ReserveAsync("acme", 0.90m);

        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync("acme", 0.20m).AsTask());
        var other = await ledger.ReserveAsync("globex", 9.10m);

        Assert.Equal("acme", ex.Tenant);
        Assert.Equal(0.90m, (await ledger.GetStatusAsync("acme")).DailySpent);
        Assert.Equal(10m, (await ledger.GetStatusAsync()).DailySpent);
        Assert.Equal(9.10m, other.Amount);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_DailyRolloverFreesBudget()
    {
        var ledger = Ledger(daily: 1.00m, monthly: 100m);
        var yesterday = await ledger.ReserveAsync(null, 0.90m);
        await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.20m).AsTask());

        _time.SetUtcNow(new DateTimeOffset(2025, 3, 11, 0, 0, 0, TimeSpan.Zero));
        var today = await ledger.ReserveAsync(null, 0.20m);

        // The old reservation settles into its own day, not today's, but still into the month.
        await ledger.SettleAsync(yesterday, 0.50m);
        var status = await ledger.GetStatusAsync();

        Assert.Equal(0.20m, today.Amount);
        Assert.Equal(0.20m, status.DailySpent);
        Assert.Equal(0.70m, status.MonthlySpent);
        Assert.Equal(1.00m, status.DailyLimit);
        Assert.Equal(100m, status.MonthlyLimit);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_StatusReflectsRolloverWithoutReservations()
    {
        var ledger = Ledger(tenants: ("acme", 2m, 3m));
        await ledger.ReserveAsync("acme", 1.5m);

        _time.Advance(TimeSpan.FromDays(1));
        var status = await ledger.GetStatusAsync("acme");

        Assert.Equal(new BudgetStatus("acme", 0m, 2m, 1.5m, 3m), status);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_MonthlyLimitSpansDaysAndResetsNextMonth()
    {
        _time.SetUtcNow(new DateTimeOffset(2025, 3, 30, 10, 0, 0, TimeSpan.Zero));
        var ledger = Ledger(monthly: 1.00m);
        await ledger.ReserveAsync(null, 0.60m);

        _time.Advance(TimeSpan.FromDays(1)); // March 31st
        var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => ledger.ReserveAsync(null, 0.50m).AsTask());
        Assert.StartsWith("Global monthly budget of $1.00", ex.Message, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromDays(1)); // April 1st
        await ledger.ReserveAsync(null, 0.50m);

        var status = await ledger.GetStatusAsync();
        Assert.Equal(0.50m, status.MonthlySpent);
        Assert.Null(status.DailyLimit);
    }

    [Fact]
    public async Task InMemoryBudgetLedger_TracksUnconfiguredTenantsWithoutLimits()
    {
        var ledger = Ledger(daily: 10m);
        await ledger.ReserveAsync("globex", 1m);

        Assert.Equal(new BudgetStatus("globex", 1m, null, 1m, null), await ledger.GetStatusAsync("globex"));
        Assert.Equal(new BudgetStatus("unknown", 0m, null, 0m, null), await ledger.GetStatusAsync("unknown"));
    }

    [Fact]
    public async Task InMemoryBudgetLedger_NoLimitsNeverThrows()
    {
        var ledger = Ledger();

        for (var i = 0; i < 1000; i++)
        {
            var reservation = await ledger.ReserveAsync(i % 2 == 0 ? null : "acme", 1_000_000m);
            Assert.Same(BudgetReservation.None, reservation);
            await ledger.SettleAsync(reservation, 1_000_000m);
        }

        Assert.Equal(new BudgetStatus(null, 0m, null, 0m, null), await ledger.GetStatusAsync());
    }

    [Fact]
    public async Task InMemoryBudgetLedger_SettleOfNoneIsNoOp()
    {
        var ledger = Ledger(daily: 1m);

        await ledger.SettleAsync(BudgetReservation.None, 0.5m);
        await ledger.SettleAsync(new BudgetReservation(null, 0.5m, Start), 0.5m);

        Assert.Equal(0m, (await ledger.GetStatusAsync()).DailySpent);
    }
}
