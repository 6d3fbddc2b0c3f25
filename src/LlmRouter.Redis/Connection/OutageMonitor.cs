using Microsoft.Extensions.Logging;

namespace LlmRouter.Redis;

/// <summary>
/// Knows whether Redis is reachable, as the last command found it: logs one warning when an outage starts and one
/// information when a command succeeds again, and wakes the buffers waiting to retry when the connection comes back.
/// Thread-safe; a success on a healthy connection costs one volatile read.
/// </summary>
internal sealed class OutageMonitor
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly string _budgetMode;
    private readonly Lock _gate = new();
    private TaskCompletionSource _restored = NewSignal();
    private int _down;
    private long _downSince;
    private int _outages;

    public OutageMonitor(ILogger logger, TimeProvider time, bool failClosed)
    {
        _logger = logger;
        _time = time;
        _budgetMode = failClosed ? "budget reservations fail closed" : "budgets fail open";
    }

    /// <summary>Gets a value indicating whether the last command found Redis unreachable.</summary>
    public bool IsDown => Volatile.Read(ref _down) == 1;

    /// <summary>Gets how many outages began, so that a buffer can warn once in each.</summary>
    public int Outages => Volatile.Read(ref _outages);

    /// <summary>Notes a command that failed because Redis is unreachable; the first since it was last reachable is logged.</summary>
    /// <param name="exception">Why it failed.</param>
    public void ReportFailure(Exception exception)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
        {
            Volatile.Write(ref _downSince, _time.GetTimestamp());
            Interlocked.Increment(ref _outages);
            RedisLog.Unreachable(_logger, exception.Message, _budgetMode, exception);
        }
    }

    /// <summary>Notes a command that succeeded; ends an outage (logged) if one was on.</summary>
    public void ReportSuccess()
    {
        if (Volatile.Read(ref _down) == 1 && Interlocked.Exchange(ref _down, 0) == 1)
        {
            RedisLog.Recovered(_logger, _time.GetElapsedTime(Volatile.Read(ref _downSince)));
            SignalRestored();
        }
    }

    /// <summary>Wakes everyone waiting to retry: the connection came back.</summary>
    public void SignalRestored()
    {
        TaskCompletionSource restored;
        lock (_gate)
        {
            restored = _restored;
            _restored = NewSignal();
        }

        restored.TrySetResult();
    }

    /// <summary>Waits until the connection comes back or <paramref name="interval"/> passes, whichever is first.</summary>
    /// <param name="interval">The longest wait.</param>
    /// <param name="cancellationToken">Ends the wait early.</param>
    /// <returns>A task that completes when it is time to retry.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task WaitToRetryAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        Task restored;
        lock (_gate)
        {
            restored = _restored.Task;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(interval, _time, stop.Token);
        await Task.WhenAny(restored, delay).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
