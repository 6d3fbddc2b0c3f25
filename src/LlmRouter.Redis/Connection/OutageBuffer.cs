namespace LlmRouter.Redis;

/// <summary>
/// A bounded queue of writes for Redis with one background writer: it writes in batches, and while Redis is unreachable it
/// keeps the writes (the oldest dropped past the capacity, warned once per outage) and retries when the connection comes back
/// or the retry interval passes. Thread-safe; adding never waits on Redis.
/// </summary>
/// <typeparam name="T">One write.</typeparam>
internal sealed class OutageBuffer<T> : IAsyncDisposable
{
    private readonly string _what;
    private readonly int _capacity;
    private readonly int _batchSize;
    private readonly Func<List<T>, Task> _write;
    private readonly RedisConnection _connection;
    private readonly Lock _gate = new();
    private Queue<T> _queue = new();
    private readonly List<Waiter> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _writer;
    private TaskCompletionSource _work = NewSignal();
    private long _added;
    private long _finished;
    private long _dropped;
    private int _warnedOutage = -1;
    private bool _closing;

    /// <summary>Initializes a new instance of the <see cref="OutageBuffer{T}"/> class and starts its writer.</summary>
    /// <param name="what">What the writes are, for logs (plural: "usage records").</param>
    /// <param name="capacity">How many writes are kept at most, besides the batch being written.</param>
    /// <param name="batchSize">How many writes one call of <paramref name="write"/> gets at most.</param>
    /// <param name="write">Writes a batch. It removes from the list what it wrote (all of it, or a prefix when it fails part way),
    /// so that a retry writes only the rest; it throws what the Redis client threw.</param>
    /// <param name="connection">The connection, for its outage monitor, clock and options.</param>
    public OutageBuffer(string what, int capacity, int batchSize, Func<List<T>, Task> write, RedisConnection connection)
    {
        _what = what;
        _capacity = capacity;
        _batchSize = batchSize;
        _write = write;
        _connection = connection;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Gets how many writes are not written yet: those queued and those of the batch being written.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return (int)(_added - _finished);
            }
        }
    }

    /// <summary>Gets how many writes were dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a write; past the capacity the oldest queued write is dropped.</summary>
    /// <param name="item">The write.</param>
    public void Add(T item)
    {
        TaskCompletionSource work;
        bool warn;
        lock (_gate)
        {
            warn = DropOldest(_capacity - 1);
            _queue.Enqueue(item);
            _added++;
            work = _work;
        }

        if (warn)
        {
            RedisLog.BufferFull(_connection.Logger, _what, _capacity);
        }

        work.TrySetResult();
    }

    /// <summary>Waits until every write added before the call reached Redis (or was dropped).</summary>
    /// <param name="failWhileUnavailable">Fail at once while Redis is unreachable, and as soon as a write fails, instead of waiting for it to come back.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when they are written.</returns>
    /// <exception cref="RedisUnavailableException"><paramref name="failWhileUnavailable"/> and Redis is unreachable.</exception>
    public Task FlushAsync(bool failWhileUnavailable, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (_finished >= _added)
            {
                return Task.CompletedTask;
            }

            if (failWhileUnavailable && _connection.Outage.IsDown)
            {
                return Task.FromException(Unavailable(null));
            }

            waiter = new Waiter(_added, failWhileUnavailable, NewSignal());
            _waiters.Add(waiter);
        }

        return waiter.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops the writer after it wrote what is buffered, waiting up to <see cref="RedisRouterDefaults.DisposeFlushTimeout"/>
    /// (or one <see cref="RedisRouterOptions.RetryInterval"/> when Redis is already known to be unreachable); what is still
    /// buffered then is lost (and logged).</summary>
    /// <returns>A task that completes when the writer stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_closing)
            {
                return;
            }

            _closing = true;
        }

        try
        {
            // Shutdown waits on the wall clock: a container on a test's fake clock must not hang here for an unreachable Redis.
            var patience = _connection.Outage.IsDown ? _connection.Options.RetryInterval : RedisRouterDefaults.DisposeFlushTimeout;
            await FlushAsync(failWhileUnavailable: false, CancellationToken.None).WaitAsync(patience, TimeProvider.System).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Redis stayed unreachable: what is left is reported below.
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        Signal();
        await _writer.ConfigureAwait(false);
        int lost;
        lock (_gate)
        {
            lost = (int)(_added - _finished);
        }

        if (lost > 0)
        {
            RedisLog.LostOnShutdown(_connection.Logger, lost, _what);
        }

        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Under the lock, or not: the count is only for the message.
    private RedisUnavailableException Unavailable(Exception? inner) =>
        new($"Redis is unreachable: the {_what} buffered here cannot be written now ({_added - _finished} waiting).", inner);

    private void Signal()
    {
        TaskCompletionSource work;
        lock (_gate)
        {
            work = _work;
        }

        work.TrySetResult();
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<T>(_batchSize);
        var stopping = _stop.Token;
        while (!stopping.IsCancellationRequested)
        {
            Task wait = Task.CompletedTask;
            lock (_gate)
            {
                if (_queue.Count == 0)
                {
                    if (_work.Task.IsCompleted)
                    {
                        _work = NewSignal();
                    }

                    wait = _work.Task;
                }
                else
                {
                    while (batch.Count < _batchSize && _queue.TryDequeue(out var item))
                    {
                        batch.Add(item);
                    }
                }
            }

            if (batch.Count == 0)
            {
                await wait.ConfigureAwait(false);
                continue;
            }

            await WriteBatchAsync(batch, stopping).ConfigureAwait(false);
        }
    }

    // Writes one batch. While Redis is unreachable, what is left of it goes back to the head of the queue (so the capacity
    // bounds everything kept, and the oldest are the ones dropped) and the writer waits to retry; returns when the batch is
    // written or dropped, or when it is time to retry.
    private async Task WriteBatchAsync(List<T> batch, CancellationToken stopping)
    {
        var before = batch.Count;
        try
        {
            await _write(batch).ConfigureAwait(false);
            _connection.Outage.ReportSuccess();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            _connection.Outage.ReportFailure(ex);
            bool warn;
            lock (_gate)
            {
                _finished += before - batch.Count;
                ReleaseWaiters();
                FailWaiters(ex);
                var requeued = new Queue<T>(batch.Count + _queue.Count);
                foreach (var item in batch)
                {
                    requeued.Enqueue(item);
                }

                foreach (var item in _queue)
                {
                    requeued.Enqueue(item);
                }

                _queue = requeued;
                warn = DropOldest(_capacity);
            }

            batch.Clear();
            if (warn)
            {
                RedisLog.BufferFull(_connection.Logger, _what, _capacity);
            }

            try
            {
                await _connection.Outage.WaitToRetryAsync(_connection.Options.RetryInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: what is queued is counted as lost by DisposeAsync.
            }

            return;
        }
        catch (Exception ex)
        {
            // Not an outage (a bug, or a server that refuses the script): retrying would block every later write.
            RedisLog.WriteFailed(_connection.Logger, _what, batch.Count, ex);
        }

        lock (_gate)
        {
            _finished += before;
            ReleaseWaiters();
        }

        batch.Clear();
    }

    // Under the lock: drops the oldest queued writes until at most `keep` are left; tells whether to warn (once per outage).
    private bool DropOldest(int keep)
    {
        if (_queue.Count <= keep)
        {
            return false;
        }

        while (_queue.Count > keep)
        {
            _queue.Dequeue();
            _dropped++;
            _finished++;
        }

        ReleaseWaiters();
        var outage = _connection.Outage.Outages;
        var warn = _warnedOutage != outage;
        _warnedOutage = outage;
        return warn;
    }

    // Under the lock: fails the waiters that asked to fail while Redis is unreachable.
    private void FailWaiters(Exception failure)
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].FailWhileUnavailable)
            {
                _waiters[i].Done.TrySetException(Unavailable(failure));
                _waiters.RemoveAt(i);
            }
        }
    }

    // Under the lock.
    private void ReleaseWaiters()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Target <= _finished)
            {
                _waiters[i].Done.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    private sealed record Waiter(long Target, bool FailWhileUnavailable, TaskCompletionSource Done);
}
