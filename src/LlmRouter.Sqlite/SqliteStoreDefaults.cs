namespace LlmRouter.Sqlite;

/// <summary>The defaults and limits of <see cref="SqliteStoreOptions"/> and of the store's internal timings, in one place.</summary>
internal static class SqliteStoreDefaults
{
    /// <summary>How long a write waits for the write lock (<see cref="SqliteStoreOptions.BusyTimeout"/>).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The longest <see cref="SqliteStoreOptions.BusyTimeout"/> accepted.</summary>
    public static readonly TimeSpan MaxBusyTimeout = TimeSpan.FromHours(24);

    /// <summary>Records per transaction (<see cref="SqliteStoreOptions.BatchSize"/>).</summary>
    public const int BatchSize = 1_000;

    /// <summary>The largest <see cref="SqliteStoreOptions.BatchSize"/> accepted.</summary>
    public const int MaxBatchSize = 100_000;

    /// <summary>Records that may wait for the writer (<see cref="SqliteStoreOptions.QueueCapacity"/>).</summary>
    public const int QueueCapacity = 100_000;

    /// <summary>The first wait before the writer retries a batch that failed.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between two retries of a failing batch.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    /// <summary>The configuration section the options are reported under in validation messages.</summary>
    public const string Section = "LlmRouter:Sqlite";
}
