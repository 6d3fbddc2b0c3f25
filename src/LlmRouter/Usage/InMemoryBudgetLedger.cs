namespace LlmRouter;

/// <summary>Keeps budgets in memory for one process: the global budget and each tenant's, per UTC day and UTC month.</summary>
/// <remarks>
/// <para>
/// Limits are read once, when the ledger is constructed. A reservation holds its amount against the global
/// budget and, when a tenant is given, the tenant's budget, both at once or neither; concurrent reservations
/// are serialised by one short lock, so together they can never exceed a limit. A request fits when what is
/// spent or reserved plus its amount does not exceed the limit.
/// </para>
/// <para>
/// Amounts count in the UTC day and month in which they were reserved, settled ones too; when the day or month
/// of the <see cref="TimeProvider"/> rolls over, earlier amounts no longer count. Spending of tenants without a
/// configured budget is tracked for <see cref="GetStatusAsync"/> within the current month only.
/// </para>
/// <para>
/// When no limit is configured the ledger does nothing: <see cref="ReserveAsync"/> returns
/// <see cref="BudgetReservation.None"/> without locking or allocating, and <see cref="GetStatusAsync"/> reports
/// nothing spent. Thread-safe.
/// </para>
/// </remarks>
public sealed class InMemoryBudgetLedger : IBudgetLedger
{
    private readonly TimeProvider _timeProvider;
    private readonly bool _enabled;
    private readonly Lock _gate = new();
    private readonly Scope _global;
    private readonly Dictionary<string, Scope> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Pending> _pending = [];
    private int _day = int.MinValue;
    private int _month = int.MinValue;

    /// <summary>Initializes a new instance of the <see cref="InMemoryBudgetLedger"/> class on the system clock.</summary>
    /// <param name="options">The limits.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A limit is negative.</exception>
    public InMemoryBudgetLedger(BudgetOptions options)
        : this(options, TimeProvider.System)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryBudgetLedger"/> class.</summary>
    /// <param name="options">The limits.</param>
    /// <param name="timeProvider">The clock that decides the current UTC day and month.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A limit is negative.</exception>
    public InMemoryBudgetLedger(BudgetOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);

        _timeProvider = timeProvider;
        _global = new Scope(null, Validate(options.DailyLimit, "the global daily limit"), Validate(options.MonthlyLimit, "the global monthly limit"), configured: true);
        foreach (var (tenant, budget) in options.Tenants)
        {
            if (budget is null)
            {
                throw new ArgumentException($"The budget of tenant '{tenant}' is null.", nameof(options));
            }

            _tenants[tenant] = new Scope(
                tenant,
                Validate(budget.DailyLimit, $"the daily limit of tenant '{tenant}'"),
                Validate(budget.MonthlyLimit, $"the monthly limit of tenant '{tenant}'"),
                configured: true);
        }

        _enabled = options.HasLimits;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="amount"/> is negative.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before anything was reserved.</exception>
    public ValueTask<BudgetReservation> ReserveAsync(string? tenant, decimal amount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_enabled)
        {
            return new ValueTask<BudgetReservation>(BudgetReservation.None);
        }

        // The clock is read outside the lock; amounts count in the ledger's current period, which never moves back.
        var reservation = new BudgetReservation(tenant, amount, _timeProvider.GetUtcNow());
        Failure? failure;
        lock (_gate)
        {
            Advance(reservation.Timestamp);
            var tenantScope = tenant is null ? null : GetOrAddTenant(tenant);
            _global.Roll(_day, _month);
            tenantScope?.Roll(_day, _month);

            failure = tenantScope?.Check(amount) ?? _global.Check(amount);
            if (failure is null)
            {
                _global.Hold(amount);
                tenantScope?.Hold(amount);
                _pending.Add(reservation.Id, new Pending(tenantScope, amount, _day, _month));
            }
        }

        if (failure is { } f)
        {
            throw Exceeded(f, amount);
        }

        return new ValueTask<BudgetReservation>(reservation);
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Counts <paramref name="actualCost"/> in full even when it exceeds the reservation. Settling a reservation a
    /// second time, <see cref="BudgetReservation.None"/> or a reservation this ledger did not make does nothing.
    /// <paramref name="cancellationToken"/> is not observed, so a cancelled call is still settled.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="reservation"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="actualCost"/> is negative.</exception>
    public ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualCost);
        if (!_enabled || reservation.Id == BudgetReservation.None.Id)
        {
            return default;
        }

        lock (_gate)
        {
            // The amounts held are the ledger's own, whatever the caller's copy of the reservation says.
            if (_pending.Remove(reservation.Id, out var pending))
            {
                _global.Settle(pending, actualCost);
                pending.Tenant?.Settle(pending, actualCost);
            }
        }

        return default;
    }

    /// <inheritdoc/>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<BudgetStatus> GetStatusAsync(string? tenant = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_enabled)
        {
            return new ValueTask<BudgetStatus>(new BudgetStatus(tenant, 0m, null, 0m, null));
        }

        BudgetStatus status;
        lock (_gate)
        {
            Advance(_timeProvider.GetUtcNow());
            var scope = tenant is null ? _global : _tenants.GetValueOrDefault(tenant);
            if (scope is null)
            {
                status = new BudgetStatus(tenant, 0m, null, 0m, null);
            }
            else
            {
                scope.Roll(_day, _month);
                status = new BudgetStatus(tenant, scope.DayUsed, scope.DailyLimit, scope.MonthUsed, scope.MonthlyLimit);
            }
        }

        return new ValueTask<BudgetStatus>(status);
    }

    private static decimal? Validate(decimal? limit, string what) =>
        limit < 0m ? throw new ArgumentException($"Budget limits must not be negative, but {what} is {BudgetText.Money(limit.Value)}.", "options") : limit;

    private static BudgetExceededException Exceeded(Failure failure, decimal amount) =>
        BudgetText.Exceeded(failure.Tenant, failure.Daily, failure.Limit, failure.Used, amount);


    // Moves the ledger's period forward (never back, so a clock stepping back keeps counting in the later period).
    private void Advance(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        var day = DateOnly.FromDateTime(utc).DayNumber;
        if (day <= _day)
        {
            return;
        }

        _day = day;
        var month = (utc.Year * 12) + utc.Month - 1;
        if (month <= _month)
        {
            return;
        }

        _month = month;

        // Nothing reserved before this month counts any more: forget it, and the tenants nobody configured.
        _pending.Clear();
        foreach (var (name, scope) in _tenants)
        {
            if (!scope.Configured)
            {
                _tenants.Remove(name);
            }
        }
    }

    private Scope GetOrAddTenant(string tenant)
    {
        if (!_tenants.TryGetValue(tenant, out var scope))
        {
            scope = new Scope(tenant, null, null, configured: false);
            _tenants.Add(tenant, scope);
        }

        return scope;
    }

    private readonly record struct Failure(string? Tenant, bool Daily, decimal Limit, decimal Used);

    private readonly record struct Pending(Scope? Tenant, decimal Amount, int Day, int Month);

    // One budget's buckets for the current day and month. Guarded by the ledger's lock.
    private sealed class Scope(string? tenant, decimal? dailyLimit, decimal? monthlyLimit, bool configured)
    {
        private int _day = int.MinValue;
        private int _month = int.MinValue;
        private decimal _daySpent;
        private decimal _dayReserved;
        private decimal _monthSpent;
        private decimal _monthReserved;

        public decimal? DailyLimit { get; } = dailyLimit;

        public decimal? MonthlyLimit { get; } = monthlyLimit;

        public bool Configured { get; } = configured;

        public decimal DayUsed => _daySpent + _dayReserved;

        public decimal MonthUsed => _monthSpent + _monthReserved;

        public void Roll(int day, int month)
        {
            if (day != _day)
            {
                _day = day;
                _daySpent = 0m;
                _dayReserved = 0m;
            }

            if (month != _month)
            {
                _month = month;
                _monthSpent = 0m;
                _monthReserved = 0m;
            }
        }

        public Failure? Check(decimal amount)
        {
            if (DailyLimit is { } daily && DayUsed + amount > daily)
            {
                return new Failure(tenant, Daily: true, daily, DayUsed);
            }

            if (MonthlyLimit is { } monthly && MonthUsed + amount > monthly)
            {
                return new Failure(tenant, Daily: false, monthly, MonthUsed);
            }

            return null;
        }

        public void Hold(decimal amount)
        {
            _dayReserved += amount;
            _monthReserved += amount;
        }

        // Buckets that have rolled over since the reservation no longer hold it; only the current ones change.
        public void Settle(Pending pending, decimal actualCost)
        {
            if (pending.Day == _day)
            {
                _dayReserved -= pending.Amount;
                _daySpent += actualCost;
            }

            if (pending.Month == _month)
            {
                _monthReserved -= pending.Amount;
                _monthSpent += actualCost;
            }
        }
    }
}
