namespace LlmRouter.Sqlite;

/// <summary>Where and how <c>UseSqlite()</c> keeps usage records, the budget ledger and routing outcomes.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the connection string of the database file, for example <c>Data Source=llmrouter.db</c>.</summary>
    /// <value>Required. A file: in-memory databases are refused, since they keep nothing across restarts and cannot be shared.
    /// The file and its tables are created when missing; its directory must exist.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how long a write waits for another connection or process that holds the database's write lock.</summary>
    /// <value><see cref="SqliteStoreDefaults.BusyTimeout"/> (5 seconds). Zero or more, at most 24 hours. Past it, the write fails with
    /// <c>SqliteException</c> (SQLITE_BUSY, "database is locked"). Microsoft.Data.Sqlite counts its own retries in whole seconds,
    /// so a write gives up after at least about one second.</value>
    public TimeSpan BusyTimeout { get; set; } = SqliteStoreDefaults.BusyTimeout;

    /// <summary>Gets or sets the most usage records the background writer stores in one transaction.</summary>
    /// <value><see cref="SqliteStoreDefaults.BatchSize"/> (1,000). From 1 to 100,000. The writer takes what is queued, up to this many,
    /// so batches grow with load and a lone record is written at once.</value>
    public int BatchSize { get; set; } = SqliteStoreDefaults.BatchSize;

    /// <summary>Gets or sets how many usage records may wait for the background writer.</summary>
    /// <value><see cref="SqliteStoreDefaults.QueueCapacity"/> (100,000). At least <see cref="BatchSize"/>. When the queue is full
    /// (the writer is failing, for example on a full disk), recording fails at once rather than holding up the request: the router
    /// logs the record it could not keep and the request goes on.</value>
    public int QueueCapacity { get; set; } = SqliteStoreDefaults.QueueCapacity;
}
