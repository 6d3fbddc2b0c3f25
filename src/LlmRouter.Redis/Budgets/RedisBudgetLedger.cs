using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace LlmRouter.Redis;

/// <summary>
/// Holds budgets in Redis, shared by every router instance, with the semantics of <see cref="InMemoryBudgetLedger"/>: the
/// global budget and each tenant's, per UTC day and UTC month of this instance's <see cref="TimeProvider"/>. A reservation and
/// a settlement are each one Lua script (one round trip), atomic on the server, so concurrent requests on any number of
/// instances can never together exceed a limit.
/// </summary>
/// <remarks>
/// <para>
/// Amounts are kept as whole nanodollars: reservations and costs rounded up, limits rounded down. A reservation also holds a
/// lease of <see cref="RedisRouterOptions.ReservationLease"/>: if its instance stops before settling, a later reservation
/// releases the amount when the lease ends.
/// </para>
/// <para>
/// While Redis is unreachable a reservation fails open (a reservation held nowhere; the call's cost is added to the shared
/// counters when it is settled and Redis is back) or, with <see cref="RedisRouterOptions.FailClosed"/>, throws
/// <see cref="RedisUnavailableException"/>. A settlement that cannot be made is buffered and retried.
/// </para>
/// </remarks>
internal sealed class RedisBudgetLedger : IBudgetLedger, IAsyncDisposable, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly BudgetLimits _global;
    private readonly Dictionary<string, BudgetLimits> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<long, Held> _held = new();
    private readonly OutageBuffer<Held> _settlements;
    private readonly RedisValue _leaseMilliseconds;

    public RedisBudgetLedger(BudgetOptions budgets, RedisConnection connection, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        _connection = connection;
        _time = time;
        _global = BudgetLimits.From(budgets.DailyLimit, budgets.MonthlyLimit, "the global");
        foreach (var (tenant, budget) in budgets.Tenants)
        {
            _tenants[tenant] = budget is null
                ? throw new ArgumentException($"The budget of tenant '{tenant}' is null.", nameof(budgets))
                : BudgetLimits.From(budget.DailyLimit, budget.MonthlyLimit, $"tenant '{tenant}''s");
        }

        _enabled = budgets.HasLimits;
        _leaseMilliseconds = (long)connection.Options.ReservationLease.TotalMilliseconds;
        _settlements = new OutageBuffer<Held>("budget settlements", connection.Options.OutageBufferCapacity, RedisRouterDefaults.UsageBatchSize, SettleBufferedAsync, connection);
    }

    /// <summary>Gets how many settlements wait for Redis.</summary>
    public int PendingSettlements => _settlements.Count;

    /// <summary>Waits until the settlements buffered while Redis was unreachable are written.</summary>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when they are written.</returns>
    /// <exception cref="RedisUnavailableException">Redis is unreachable.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _settlements.FlushAsync(failWhileUnavailable: true, cancellationToken);

    /// <inheritdoc/>
    /// <remarks><paramref name="cancellationToken"/> is observed only before the round trip, so that nothing is reserved for a caller that is gone.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is negative, or larger than Redis keeps exactly.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing was reserved.</exception>
    /// <exception cref="RedisUnavailableException">Redis is unreachable and <see cref="RedisRouterOptions.FailClosed"/> is set.</exception>
    public async ValueTask<BudgetReservation> ReserveAsync(string? tenant, decimal amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_enabled)
        {
            return BudgetReservation.None;
        }

        var nanos = BudgetLimits.ToNanosRoundedUp(amount);
        var reservation = new BudgetReservation(tenant, amount, _time.GetUtcNow());
        var tenantLimits = tenant is null ? default(BudgetLimits?) : _tenants.GetValueOrDefault(tenant, BudgetLimits.None);
        var held = Hold(reservation, nanos);

        var args = new RedisValue[5 + held.Keys.Length]; // six fixed, then a limit per counter (every key but the lease set)
        args[0] = nanos;
        args[1] = _leaseMilliseconds;
        args[2] = held.Lease;
        args[3] = RedisRouterDefaults.DayCounterSeconds;
        args[4] = RedisRouterDefaults.MonthCounterSeconds;
        args[5] = RedisRouterDefaults.ExpiredLeasesPerReservation;
        var limit = 6;
        if (tenantLimits is { } t)
        {
            args[limit++] = t.Daily;
            args[limit++] = t.Monthly;
        }

        args[limit++] = _global.Daily;
        args[limit] = _global.Monthly;

        RedisResult result;
        try
        {
            var db = await _connection.GetDatabaseAsync().ConfigureAwait(false);
            result = await db.ScriptEvaluateAsync(BudgetScripts.Reserve, held.Keys, args).ConfigureAwait(false);
            _connection.Outage.ReportSuccess();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            _connection.Outage.ReportFailure(ex);
            if (_connection.Options.FailClosed)
            {
                throw new RedisUnavailableException(
                    $"Redis is unreachable, so the request's worst-case cost of {BudgetText.Money(amount)} could not be reserved against the shared budget, and FailClosed is set; nothing was called.",
                    ex);
            }

            // Fail open: nothing is held on the server (the lease is not there), so settling adds the whole real cost there.
            _held[reservation.Id] = held;
            return reservation;
        }

        var outcome = (RedisResult[])result!;
        var refused = (int)outcome[0];
        if (refused != 0)
        {
            throw Exceeded(tenant, tenantLimits, refused, (long)outcome[1], amount);
        }

        _held[reservation.Id] = held;
        return reservation;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Counts <paramref name="actualCost"/> in full even when it exceeds the reservation. Settling a reservation a second time,
    /// <see cref="BudgetReservation.None"/> or a reservation this ledger did not make does nothing. <paramref name="cancellationToken"/>
    /// is not observed. While Redis is unreachable the settlement is buffered and written when it is back.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reservation"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actualCost"/> is negative, or larger than Redis keeps exactly.</exception>
    public async ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualCost);
        var cost = BudgetLimits.ToNanosRoundedUp(actualCost);
        if (!_enabled || reservation.Id == BudgetReservation.None.Id || !_held.TryRemove(reservation.Id, out var held))
        {
            return;
        }

        var settlement = held with { Cost = cost };
        try
        {
            await SettleOnceAsync(settlement).ConfigureAwait(false);
            _connection.Outage.ReportSuccess();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            _connection.Outage.ReportFailure(ex);
            _settlements.Add(settlement);
        }
    }

    /// <inheritdoc/>
    /// <remarks>Reads both counters in one round trip. Amounts of leases that expired are counted until a reservation releases them.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="RedisUnavailableException">Redis is unreachable.</exception>
    public async ValueTask<BudgetStatus> GetStatusAsync(string? tenant = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_enabled)
        {
            return new BudgetStatus(tenant, 0m, null, 0m, null);
        }

        var (day, month) = Period(_time.GetUtcNow());
        var limits = tenant is null ? _global : _tenants.GetValueOrDefault(tenant, BudgetLimits.None);
        RedisValue[] values;
        try
        {
            var db = await _connection.GetDatabaseAsync().ConfigureAwait(false);
            values = await db.StringGetAsync([_connection.Keys.Day(day, tenant), _connection.Keys.Month(month, tenant)]).ConfigureAwait(false);
            _connection.Outage.ReportSuccess();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            _connection.Outage.ReportFailure(ex);
            throw new RedisUnavailableException("Redis is unreachable: the shared budget cannot be read now.", ex);
        }

        return new BudgetStatus(tenant, Usd(values[0]), limits.DailyUsd, Usd(values[1]), limits.MonthlyUsd);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _settlements.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static (int Day, int Month) Period(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return (DateOnly.FromDateTime(utc).DayNumber, (utc.Year * 12) + utc.Month - 1);
    }

    private static decimal Usd(RedisValue value) => value.IsNull ? 0m : Math.Max(0m, BudgetLimits.ToUsd((long)value));


    // Counters are checked in order: the tenant's day and month (when there is a tenant), then the global day and month.
    private BudgetExceededException Exceeded(string? tenant, BudgetLimits? tenantLimits, int refused, long usedNanos, decimal amount)
    {
        var isTenant = tenantLimits is not null && refused <= 2;
        var daily = refused % 2 == 1;
        var limits = isTenant ? tenantLimits!.Value : _global;
        var limit = (daily ? limits.DailyUsd : limits.MonthlyUsd) ?? 0m;
        return BudgetText.Exceeded(isTenant ? tenant : null, daily, limit, BudgetLimits.ToUsd(usedNanos), amount, " across all instances");
    }

    private Held Hold(BudgetReservation reservation, long nanos)
    {
        var (day, month) = Period(reservation.Timestamp);
        var tenant = reservation.Tenant;
        var keys = tenant is null
            ? new RedisKey[] { _connection.Keys.BudgetLeases, _connection.Keys.Day(day, null), _connection.Keys.Month(month, null) }
            : [_connection.Keys.BudgetLeases, _connection.Keys.Day(day, tenant), _connection.Keys.Month(month, tenant), _connection.Keys.Day(day, null), _connection.Keys.Month(month, null)];
        var lease = string.Join('\t', keys.Skip(1).Prepend(nanos.ToString(CultureInfo.InvariantCulture)).Prepend(_connection.InstanceId + ":" + reservation.Id.ToString(CultureInfo.InvariantCulture)));
        return new Held(keys, lease, nanos, 0);
    }

    private async Task SettleOnceAsync(Held settlement)
    {
        var db = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        await db.ScriptEvaluateAsync(
            BudgetScripts.Settle,
            settlement.Keys,
            [settlement.Lease, settlement.Amount, settlement.Cost, RedisRouterDefaults.DayCounterSeconds, RedisRouterDefaults.MonthCounterSeconds]).ConfigureAwait(false);
    }

    // Writes buffered settlements one by one (each is its own script), removing each once written, so a retry writes only the rest.
    private async Task SettleBufferedAsync(List<Held> batch)
    {
        var written = 0;
        try
        {
            foreach (var settlement in batch)
            {
                await SettleOnceAsync(settlement).ConfigureAwait(false);
                written++;
            }
        }
        finally
        {
            batch.RemoveRange(0, written);
        }
    }

    /// <summary>A reservation this instance holds: its keys (the lease set, then its counters), its lease member, the amount
    /// held and, once settled, the cost, in nanodollars.</summary>
    private sealed record Held(RedisKey[] Keys, string Lease, long Amount, long Cost);
}
