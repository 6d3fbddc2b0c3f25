namespace LlmRouter.Redis;

/// <summary>One budget's limits in nanodollars (rounded down, so that a rounded limit never allows more than the configured one).</summary>
/// <param name="Daily">The daily limit, or -1 for none.</param>
/// <param name="Monthly">The monthly limit, or -1 for none.</param>
/// <param name="DailyUsd">The daily limit in USD as configured, for messages.</param>
/// <param name="MonthlyUsd">The monthly limit in USD as configured, for messages.</param>
internal readonly record struct BudgetLimits(long Daily, long Monthly, decimal? DailyUsd, decimal? MonthlyUsd)
{
    /// <summary>Gets limits that allow everything (a tenant without a budget: spending is still counted).</summary>
    public static BudgetLimits None { get; } = new(-1, -1, null, null);

    /// <summary>Converts configured limits.</summary>
    /// <param name="daily">The daily limit in USD, or <see langword="null"/>.</param>
    /// <param name="monthly">The monthly limit in USD, or <see langword="null"/>.</param>
    /// <param name="what">Whose limits, for errors ("the global", "tenant 'x''s").</param>
    /// <returns>The limits.</returns>
    /// <exception cref="ArgumentException">A limit is negative, or too large to compare exactly.</exception>
    public static BudgetLimits From(decimal? daily, decimal? monthly, string what) =>
        new(ToNanos(daily, what + " daily limit"), ToNanos(monthly, what + " monthly limit"), daily, monthly);

    /// <summary>Converts an amount to nanodollars, rounded up, so that a reservation or a cost is never counted short.</summary>
    /// <param name="amount">The amount in USD; not negative.</param>
    /// <returns>The amount in nanodollars.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The amount is larger than the server compares exactly (about $9 million).</exception>
    public static long ToNanosRoundedUp(decimal amount)
    {
        var nanos = decimal.Ceiling(amount * RedisRouterDefaults.NanosPerDollar);
        return nanos <= RedisRouterDefaults.MaxExactNanos
            ? (long)nanos
            : throw new ArgumentOutOfRangeException(nameof(amount), amount, "A budget amount larger than $9,007,199 cannot be kept exactly in Redis.");
    }

    /// <summary>Converts nanodollars to USD.</summary>
    /// <param name="nanos">The amount in nanodollars.</param>
    /// <returns>The amount in USD.</returns>
    public static decimal ToUsd(long nanos) => nanos / RedisRouterDefaults.NanosPerDollar;

    private static long ToNanos(decimal? limit, string what)
    {
        if (limit is not { } value)
        {
            return -1;
        }

        if (value < 0m)
        {
            throw new ArgumentException($"Budget limits must not be negative, but {what} is {value}.", "options");
        }

        var nanos = decimal.Floor(value * RedisRouterDefaults.NanosPerDollar);
        return nanos <= RedisRouterDefaults.MaxExactNanos
            ? (long)nanos
            : throw new ArgumentException($"Budget limits above $9,007,199 cannot be kept exactly in Redis, but {what} is {value}.", "options");
    }
}
