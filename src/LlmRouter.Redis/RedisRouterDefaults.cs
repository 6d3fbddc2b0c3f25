namespace LlmRouter.Redis;

/// <summary>The defaults and limits of <see cref="RedisRouterOptions"/> and the package's internal timings, in one place.</summary>
internal static class RedisRouterDefaults
{
    /// <summary>The first part of every key and channel name (<see cref="RedisRouterOptions.KeyPrefix"/>).</summary>
    public const string KeyPrefix = "llmrouter";

    /// <summary>How many usage records (and budget settlements) each buffer holds while Redis is unreachable (<see cref="RedisRouterOptions.OutageBufferCapacity"/>).</summary>
    public const int OutageBufferCapacity = 100_000;

    /// <summary>How long usage records are kept (<see cref="RedisRouterOptions.UsageRetention"/>).</summary>
    public static readonly TimeSpan UsageRetention = TimeSpan.FromDays(92);

    /// <summary>How long a reservation is held for a process that never settles it (<see cref="RedisRouterOptions.ReservationLease"/>).</summary>
    public static readonly TimeSpan ReservationLease = TimeSpan.FromHours(1);

    /// <summary>How often buffered writes are retried while Redis is unreachable (<see cref="RedisRouterOptions.RetryInterval"/>).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long disposing waits for buffered usage to reach Redis before giving up on it.</summary>
    public static readonly TimeSpan DisposeFlushTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The most usage records written in one command.</summary>
    public const int UsageBatchSize = 512;

    /// <summary>The most usage records read in one command while summarising.</summary>
    public const int UsagePageSize = 2_000;

    /// <summary>How many expired reservations one reservation releases at most, so that no reservation waits on a backlog.</summary>
    public const int ExpiredLeasesPerReservation = 16;

    /// <summary>How long the counter of a day is kept after its last change, in seconds.</summary>
    public const int DayCounterSeconds = 3 * 24 * 60 * 60;

    /// <summary>How long the counter of a month is kept after its last change, in seconds.</summary>
    public const int MonthCounterSeconds = 63 * 24 * 60 * 60;

    /// <summary>Budget amounts are kept on the server as whole billionths of a dollar (nanodollars).</summary>
    public const decimal NanosPerDollar = 1_000_000_000m;

    /// <summary>The largest amount, in nanodollars, the server compares exactly (2^53, Lua's doubles): about $9 million.</summary>
    public const long MaxExactNanos = 1L << 53;
}
