namespace LlmRouter.Sqlite;

/// <summary>
/// Keeps budgets in a SQLite file, with the semantics of <see cref="InMemoryBudgetLedger"/>, so that a restart keeps what
/// was spent and every process on the file shares one budget.
/// </summary>
/// <remarks>
/// <para>
/// The global budget and each tenant's are counted per UTC day and UTC month of the <see cref="TimeProvider"/>; amounts count
/// in the day and month they were reserved in, settled ones too, and a clock stepping back keeps counting in the later period.
/// A request fits when what is spent or reserved plus its amount does not exceed the limit; the tenant's limits are checked
/// first. Limits are this ledger's own (read once, when constructed); the amounts are the file's.
/// </para>
/// <para>
/// <see cref="ReserveAsync"/> and <see cref="SettleAsync"/> are one short IMMEDIATE transaction each: the transaction takes
/// the file's write lock before it reads the totals, so reservations made at once by several ledgers, connections or processes
/// on one file are serialised and together never exceed a limit. Within a process, calls on one ledger queue for its
/// connection instead of contending for the lock. A reservation a process made and never settled (it crashed) stays counted
/// until its day and month end: the ledger may over-count, never under-count.
/// </para>
/// <para>When no limit is configured the ledger does nothing and opens no connection. Thread-safe.</para>
/// </remarks>
public sealed class SqliteBudgetLedger : IBudgetLedger, IDisposable
{
    private readonly SqliteDatabase? _ownedDatabase;
    private readonly TimeProvider _time;
    private readonly bool _enabled;
    private readonly Limits _global;
    private readonly Dictionary<string, Limits> _tenants = new(StringComparer.Ordinal);
    private readonly BudgetTables? _tables;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BudgetPeriods _periods = new(int.MinValue, int.MinValue); // guarded by _gate; never moves back
    private int _prunedBefore = int.MinValue;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="SqliteBudgetLedger"/> class on its own connection to a file.</summary>
    /// <param name="store">Which file; it is created, with its tables, when missing.</param>
    /// <param name="budgets">The limits.</param>
    /// <param name="timeProvider">The clock that decides the current UTC day and month; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="budgets"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid, or a limit is negative.</exception>
    /// <exception cref="InvalidOperationException">The file cannot be opened; the message names its path.</exception>
    public SqliteBudgetLedger(SqliteStoreOptions store, BudgetOptions budgets, TimeProvider? timeProvider = null)
        : this(Check(budgets, store), budgets, timeProvider ?? TimeProvider.System, ownsDatabase: true)
    {
    }

    internal SqliteBudgetLedger(SqliteDatabase database, BudgetOptions budgets, TimeProvider timeProvider, bool ownsDatabase = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(budgets);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        _ownedDatabase = ownsDatabase ? database : null;
        try
        {
            _global = new Limits(Validate(budgets.DailyLimit, "the global daily limit"), Validate(budgets.MonthlyLimit, "the global monthly limit"));
            foreach (var (tenant, budget) in budgets.Tenants)
            {
                if (budget is null)
                {
                    throw new ArgumentException($"The budget of tenant '{tenant}' is null.", nameof(budgets));
                }

                _tenants[tenant] = new Limits(
                    Validate(budget.DailyLimit, $"the daily limit of tenant '{tenant}'"),
                    Validate(budget.MonthlyLimit, $"the monthly limit of tenant '{tenant}'"));
            }

            _enabled = budgets.HasLimits;
            _tables = _enabled ? new BudgetTables(database) : null;
        }
        catch
        {
            _ownedDatabase?.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before anything was reserved.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file stayed locked past the busy timeout, or cannot be written (a full disk).</exception>
    public async ValueTask<BudgetReservation> ReserveAsync(string? tenant, decimal amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_enabled)
        {
            return BudgetReservation.None;
        }

        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        long id;
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var periods = Advance(now);
            using var transaction = _tables!.BeginImmediate();
            if (_prunedBefore < periods.Month)
            {
                _tables.PrunePendingBefore(transaction, periods.Month);
                _prunedBefore = periods.Month;
            }

            var totals = _tables.Read(transaction, tenant, periods);
            var tenantLimits = tenant is null ? null : _tenants.GetValueOrDefault(tenant);
            var failure = (tenant is null ? null : Check(tenant, tenantLimits, totals.TenantDay, totals.TenantMonth, amount))
                ?? Check(null, _global, totals.GlobalDay, totals.GlobalMonth, amount);
            if (failure is { } f)
            {
                throw Exceeded(f, amount);
            }

            _tables.Write(transaction, null, periods, Hold(totals.GlobalDay, amount), Hold(totals.GlobalMonth, amount));
            if (tenant is not null)
            {
                _tables.Write(transaction, tenant, periods, Hold(totals.TenantDay, amount), Hold(totals.TenantMonth, amount));
            }

            id = _tables.InsertPending(transaction, tenant, periods, amount, now);
            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }

        return new BudgetReservation(tenant, amount, now) { Id = id };
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Counts <paramref name="actualCost"/> in full, in the day and month the reservation was made in. Settling a reservation a
    /// second time, <see cref="BudgetReservation.None"/> or a reservation the file does not hold does nothing. The amounts
    /// released are those the file holds, whatever the caller's copy says. <paramref name="cancellationToken"/> is not observed,
    /// so a cancelled call is still settled.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reservation"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actualCost"/> is negative.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file stayed locked past the busy timeout, or cannot be written.</exception>
    public async ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualCost);
        if (!_enabled || reservation == BudgetReservation.None)
        {
            return;
        }

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var transaction = _tables!.BeginImmediate();
            if (_tables.TakePending(transaction, reservation.Id) is { } pending)
            {
                var totals = _tables.Read(transaction, pending.Tenant, pending.Periods);
                _tables.Write(transaction, null, pending.Periods, Settle(totals.GlobalDay, pending.Amount, actualCost), Settle(totals.GlobalMonth, pending.Amount, actualCost));
                if (pending.Tenant is not null)
                {
                    _tables.Write(transaction, pending.Tenant, pending.Periods, Settle(totals.TenantDay, pending.Amount, actualCost), Settle(totals.TenantMonth, pending.Amount, actualCost));
                }
            }

            transaction.Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Reads the file, so it includes what other processes on it reserved and spent.</remarks>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<BudgetStatus> GetStatusAsync(string? tenant = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_enabled)
        {
            return new BudgetStatus(tenant, 0m, null, 0m, null);
        }

        var now = _time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var totals = _tables!.Read(null, tenant, Advance(now));
            if (tenant is null)
            {
                return new BudgetStatus(null, totals.GlobalDay.Used, _global.Daily, totals.GlobalMonth.Used, _global.Monthly);
            }

            var limits = _tenants.GetValueOrDefault(tenant);
            return new BudgetStatus(tenant, totals.TenantDay.Used, limits?.Daily, totals.TenantMonth.Used, limits?.Monthly);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the ledger's connection (and its file, when the ledger opened it).</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _tables?.Dispose();
            _ownedDatabase?.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private static SqliteDatabase Check(BudgetOptions budgets, SqliteStoreOptions store)
    {
        ArgumentNullException.ThrowIfNull(budgets);
        return new SqliteDatabase(store);
    }

    private static BudgetTotals Hold(BudgetTotals totals, decimal amount) => totals with { Reserved = totals.Reserved + amount };

    private static BudgetTotals Settle(BudgetTotals totals, decimal held, decimal actualCost) =>
        new(totals.Reserved - held, totals.Spent + actualCost);

    private static Failure? Check(string? tenant, Limits? limits, BudgetTotals day, BudgetTotals month, decimal amount)
    {
        if (limits?.Daily is { } daily && day.Used + amount > daily)
        {
            return new Failure(tenant, Daily: true, daily, day.Used);
        }

        if (limits?.Monthly is { } monthly && month.Used + amount > monthly)
        {
            return new Failure(tenant, Daily: false, monthly, month.Used);
        }

        return null;
    }

    private static decimal? Validate(decimal? limit, string what) =>
        limit < 0m ? throw new ArgumentException($"Budget limits must not be negative, but {what} is {BudgetText.Money(limit.Value)}.", "budgets") : limit;

    private static BudgetExceededException Exceeded(Failure failure, decimal amount) =>
        BudgetText.Exceeded(failure.Tenant, failure.Daily, failure.Limit, failure.Used, amount);


    private BudgetPeriods Advance(DateTimeOffset now)
    {
        _periods = BudgetPeriods.Of(now).Max(_periods);
        return _periods;
    }

    private sealed record Limits(decimal? Daily, decimal? Monthly);

    private readonly record struct Failure(string? Tenant, bool Daily, decimal Limit, decimal Used);
}
