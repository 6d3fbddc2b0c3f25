using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmRouter.Sqlite;

/// <summary>
/// Keeps usage records in a SQLite file, off the request's path: <see cref="RecordAsync"/> queues the record and returns at
/// once, and a background writer stores what is queued in batches, one transaction each.
/// </summary>
/// <remarks>
/// <para>
/// A record <see cref="RecordAsync"/> accepted is stored before <see cref="DisposeAsync"/> (or <see cref="Dispose"/>) returns,
/// so a clean shutdown loses nothing. <see cref="GetSummaryAsync"/> first waits for the records accepted before it, then sums
/// the file, so it sees them, and the records other processes on the file have stored.
/// </para>
/// <para>
/// When writes fail (the file locked past <see cref="SqliteStoreOptions.BusyTimeout"/>, a full disk), the batch stays queued
/// and is retried, logged once per outage; summaries fail with <see cref="InvalidOperationException"/> meanwhile rather than
/// leave records out. When the queue is full, <see cref="RecordAsync"/> throws at once (the router logs it and the request goes
/// on); the records queued before are kept. Records queued but not stored are lost if the process crashes. Thread-safe.
/// </para>
/// </remarks>
public sealed class SqliteUsageStore : IUsageStore, IAsyncDisposable, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly bool _ownsDatabase;
    private readonly UsageWriter _writer;
    private readonly int _capacity;

    /// <summary>Initializes a new instance of the <see cref="SqliteUsageStore"/> class on a file of its own.</summary>
    /// <param name="options">Which file and how to write it; the file is created, with its tables, when missing.</param>
    /// <param name="timeProvider">The clock for the writer's retry delays; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">Where write failures are logged; none when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; every problem is listed.</exception>
    /// <exception cref="InvalidOperationException">The file cannot be opened; the message names its path.</exception>
    public SqliteUsageStore(SqliteStoreOptions options, TimeProvider? timeProvider = null, ILogger<SqliteUsageStore>? logger = null)
        : this(new SqliteDatabase(options), options, timeProvider ?? TimeProvider.System, logger ?? NullLogger<SqliteUsageStore>.Instance, ownsDatabase: true)
    {
    }

    internal SqliteUsageStore(SqliteDatabase database, SqliteStoreOptions options, TimeProvider timeProvider, ILogger logger, bool ownsDatabase = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _ownsDatabase = ownsDatabase;
        _capacity = options.QueueCapacity;
        try
        {
            _writer = new UsageWriter(new UsageTable(database), database.Path, options.BatchSize, options.QueueCapacity, timeProvider, logger);
        }
        catch
        {
            if (ownsDatabase)
            {
                database.Dispose();
            }

            throw;
        }
    }

    /// <summary>Gets the database file's full path.</summary>
    public string Path => _database.Path;

    /// <summary>Gets how many accepted records wait to be stored.</summary>
    public long Pending => _writer.Pending;

    /// <inheritdoc/>
    /// <remarks>Queues the record and completes synchronously: the record is stored by the background writer, usually
    /// within milliseconds. <paramref name="cancellationToken"/> is not observed, so an attempt cancelled by its caller is still recorded.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The record's cost is beyond what a row holds (about ±9.2 million USD).</exception>
    /// <exception cref="InvalidOperationException">The queue is full: the writer is behind or failing; the record is not kept.</exception>
    /// <exception cref="ObjectDisposedException">The store has shut down.</exception>
    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_writer.TryEnqueue(UsageRow.From(record)))
        {
            var failure = _writer.Failure;
            throw new InvalidOperationException(
                $"The usage queue of '{_database.Path}' is full ({_capacity} records wait for the writer); this record is not kept."
                + (failure is null ? string.Empty : $" Writes are failing: {failure.Message}"),
                failure);
        }

        return default;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">Records accepted before the call cannot be written now; they stay queued.</exception>
    public async ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return UsageTable.Summarize(_database, query, cancellationToken);
    }

    /// <summary>Waits until every record accepted before the call is stored in the file.</summary>
    /// <param name="cancellationToken">Stops waiting; the records stay queued.</param>
    /// <returns>A task that completes when they are stored.</returns>
    /// <exception cref="InvalidOperationException">They cannot be written now (the error is the inner exception); they stay queued and the write is retried.</exception>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => _writer.FlushAsync(cancellationToken);

    /// <summary>Stops taking records, stores every record queued, and closes the file.</summary>
    /// <returns>A task that completes when everything queued is stored (or, for a batch that fails now, logged as lost).</returns>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    /// <summary>Stops taking records, stores every record queued (blocking until done), and closes the file.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
