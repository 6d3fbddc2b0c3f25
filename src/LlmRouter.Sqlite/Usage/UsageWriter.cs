using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace LlmRouter.Sqlite;

/// <summary>
/// Takes usage rows off the request's path: <see cref="TryEnqueue"/> puts a row on a bounded queue, and one background loop
/// stores what is queued in batches of up to <see cref="SqliteStoreOptions.BatchSize"/>, one transaction each.
/// </summary>
/// <remarks>
/// <para>
/// A batch that fails (the file locked past the busy timeout, a full disk) is kept and retried with a growing delay (100 ms to
/// 5 s), logged once per outage; rows keep queuing behind it until the queue is full. While the store shuts down
/// (<see cref="DisposeAsync"/>) a failing batch is tried once more and then given up, logged with its count.
/// </para>
/// <para>
/// Rows are counted in the order they enter the queue, which is the order they are stored, so <see cref="FlushAsync"/> only
/// waits until as many rows are stored as had been accepted when it was called.
/// </para>
/// </remarks>
internal sealed class UsageWriter : IAsyncDisposable
{
    private readonly UsageTable _table;
    private readonly string _path;
    private readonly int _batchSize;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<UsageRow> _queue;
    private readonly Lock _enqueueGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _accepted; // rows accepted, written under _enqueueGate together with the queue
    private long _done;     // rows stored (or given up at shutdown), in queue order; written by the loop only
    private Exception? _failure; // the error of the batch being retried, or null
    private TaskCompletionSource _progress = NewSignal();
    private int _disposed;

    public UsageWriter(UsageTable table, string path, int batchSize, int capacity, TimeProvider time, ILogger logger)
    {
        _table = table;
        _path = path;
        _batchSize = batchSize;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<UsageRow>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails at once when full; nothing is dropped silently
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets how many rows wait to be stored.</summary>
    public long Pending => Volatile.Read(ref _accepted) - Volatile.Read(ref _done);

    /// <summary>Queues a row.</summary>
    /// <returns><see langword="false"/> when the queue is full.</returns>
    /// <exception cref="ObjectDisposedException">The writer has shut down.</exception>
    public bool TryEnqueue(in UsageRow row)
    {
        lock (_enqueueGate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (!_queue.Writer.TryWrite(row))
            {
                return false;
            }

            _accepted++;
        }

        return true;
    }

    /// <summary>Gets the error of the batch being retried, or <see langword="null"/> while writes succeed.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Waits until every row accepted before the call is stored.</summary>
    /// <exception cref="InvalidOperationException">Rows it waits for cannot be written now (the error is the inner exception); they stay queued.</exception>
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        long target;
        lock (_enqueueGate)
        {
            target = _accepted;
        }

        while (true)
        {
            // The signal is read before the state: the loop changes the state first, then completes the signal it replaces.
            var progress = Volatile.Read(ref _progress);
            var done = Volatile.Read(ref _done);
            if (done >= target)
            {
                return;
            }

            if (Volatile.Read(ref _failure) is { } failure)
            {
                throw new InvalidOperationException(
                    $"{target - done} usage records are queued but cannot be written to '{_path}' now; they stay queued and the write is retried: {failure.Message}",
                    failure);
            }

            ObjectDisposedException.ThrowIf(_loop.IsCompleted, this);
            await progress.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops taking rows, stores every row queued, and closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_enqueueGate)
        {
            if (_disposed != 0)
            {
                return;
            }

            _disposed = 1;
            _queue.Writer.TryComplete();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _table.Dispose();
        _stopping.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<UsageRow>(_batchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _batchSize && reader.TryRead(out var row))
            {
                batch.Add(row);
            }

            await StoreAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private async Task StoreAsync(List<UsageRow> batch)
    {
        var delay = SqliteStoreDefaults.FirstRetryDelay;
        var failures = 0;
        while (true)
        {
            try
            {
                _table.Insert(batch);
                if (failures > 0)
                {
                    SqliteStoreLog.WriteRecovered(_logger, _path, failures);
                }

                Progress(batch.Count, failure: null);
                return;
            }
            catch (Exception ex)
            {
                if (_stopping.IsCancellationRequested)
                {
                    // Shutting down: this was the last try. The rows count as done so that nothing waits for them.
                    SqliteStoreLog.RecordsLost(_logger, batch.Count, _path, ex);
                    Progress(batch.Count, ex);
                    return;
                }

                if (failures++ == 0)
                {
                    SqliteStoreLog.WriteFailing(_logger, _path, (int)Math.Min(int.MaxValue, Pending), ex);
                }

                Progress(0, ex);
            }

            try
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Shutting down: one last try at once.
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, SqliteStoreDefaults.MaxRetryDelay.Ticks));
        }
    }

    private void Progress(int stored, Exception? failure)
    {
        Volatile.Write(ref _done, Volatile.Read(ref _done) + stored);
        Volatile.Write(ref _failure, failure);
        Interlocked.Exchange(ref _progress, NewSignal()).TrySetResult();
    }
}
