using System.Globalization;
using StackExchange.Redis;

namespace LlmRouter.Redis;

/// <summary>
/// Shares route cooldowns through Redis: a cooldown that starts here is recorded in a sorted set that expires with its latest
/// cooldown and announced on a channel in one script; the other instances apply the announcement to their own route state.
/// An instance that subscribes, or whose subscription comes back after a disconnection, first reads every cooldown still
/// running, so it misses none announced while it was not listening. Checking a route never reads Redis.
/// </summary>
internal sealed class RedisRouteCooldownChannel : IRouteCooldownChannel, IDisposable
{
    private readonly RedisConnection _connection;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<string, TimeSpan>? _subscriber;
    private ChannelMessageQueue? _queue;
    private bool _starting;
    private bool _disposed;

    public RedisRouteCooldownChannel(RedisConnection connection)
    {
        _connection = connection;
    }

    /// <inheritdoc/>
    /// <remarks>Sends in the background; while Redis is unreachable the cooldown stays local (it is not buffered: it would be stale).</remarks>
    public void Publish(string modelKey, TimeSpan duration)
    {
        if (string.IsNullOrEmpty(modelKey) || duration <= TimeSpan.Zero)
        {
            return;
        }

        _ = PublishAsync(modelKey, (long)Math.Ceiling(duration.TotalMilliseconds));
    }

    /// <inheritdoc/>
    public IDisposable Subscribe(Action<string, TimeSpan> onCooldown)
    {
        ArgumentNullException.ThrowIfNull(onCooldown);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_subscriber is not null)
            {
                throw new InvalidOperationException("The Redis cooldown channel has a subscriber already: one route registry per container.");
            }

            _subscriber = onCooldown;
        }

        _connection.Restored += OnRestored;
        _ = StartAsync();
        return this;
    }

    /// <summary>Waits until the subscription is listening and the running cooldowns were read (tests and benchmarks).</summary>
    /// <returns>A task that completes when listening.</returns>
    internal Task Listening => _listening.Task;

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        ChannelMessageQueue? queue;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _subscriber = null;
            queue = _queue;
            _queue = null;
        }

        _connection.Restored -= OnRestored;
        try
        {
            queue?.Unsubscribe();
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // Closing: nothing to tell.
        }
    }

    private async Task PublishAsync(string modelKey, long milliseconds)
    {
        try
        {
            var db = await _connection.GetDatabaseAsync().ConfigureAwait(false);
            await db.ScriptEvaluateAsync(
                CooldownScripts.Publish,
                [_connection.Keys.Cooldowns],
                [modelKey, milliseconds, _connection.Keys.CooldownChannel.ToString(), _connection.InstanceId]).ConfigureAwait(false);
            _connection.Outage.ReportSuccess();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            _connection.Outage.ReportFailure(ex);
        }
        catch (Exception ex)
        {
            // Runs in the background: nothing may escape unobserved. The cooldown stays local.
            RedisLog.CooldownSyncFailed(_connection.Logger, ex);
        }
    }

    private async Task StartAsync()
    {
        lock (_gate)
        {
            if (_starting || _queue is not null || _disposed)
            {
                return;
            }

            _starting = true;
        }

        try
        {
            var multiplexer = await _connection.GetMultiplexerAsync().ConfigureAwait(false);
            var queue = await multiplexer.GetSubscriber().SubscribeAsync(_connection.Keys.CooldownChannel).ConfigureAwait(false);
            lock (_gate)
            {
                if (_disposed)
                {
                    queue.Unsubscribe();
                    return;
                }

                _queue = queue;
            }

            queue.OnMessage(message => Receive(message.Message));
            await CatchUpAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            // Unreachable at start: OnRestored subscribes when the connection comes back.
            _connection.Outage.ReportFailure(ex);
        }
        catch (Exception ex)
        {
            // Runs in the background: nothing may escape unobserved. The cooldown stays local.
            RedisLog.CooldownSyncFailed(_connection.Logger, ex);
        }
        finally
        {
            lock (_gate)
            {
                _starting = false;
            }

            _listening.TrySetResult();
        }
    }

    // A subscription that came back was renewed by the client: read what was announced meanwhile. One never made (Redis was
    // unreachable at start) is made now.
    private void OnRestored(ConnectionType type)
    {
        bool subscribed;
        lock (_gate)
        {
            if (_disposed || _starting)
            {
                return;
            }

            subscribed = _queue is not null;
        }

        if (!subscribed)
        {
            _ = StartAsync();
        }
        else if (type == ConnectionType.Subscription)
        {
            _ = CatchUpAsync();
        }
    }

    // Applies every cooldown still running, as the server's clock measures what is left of it.
    private async Task CatchUpAsync()
    {
        try
        {
            var db = await _connection.GetDatabaseAsync().ConfigureAwait(false);
            var listed = (RedisResult[])(await db.ScriptEvaluateAsync(CooldownScripts.List, [_connection.Keys.Cooldowns]).ConfigureAwait(false))!;
            for (var i = 0; i + 1 < listed.Length; i += 2)
            {
                Apply((string)listed[i]!, (long)listed[i + 1]);
            }
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            _connection.Outage.ReportFailure(ex);
        }
        catch (Exception ex)
        {
            // Runs in the background: nothing may escape unobserved. The cooldown stays local.
            RedisLog.CooldownSyncFailed(_connection.Logger, ex);
        }
    }

    // "instance\nduration-ms\nmodel-key"; this instance's own announcements are already applied here.
    private void Receive(RedisValue message)
    {
        var text = (string?)message;
        if (text is null)
        {
            return;
        }

        var first = text.IndexOf('\n', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf('\n', first + 1);
        if (second < 0 || text.AsSpan(0, first).SequenceEqual(_connection.InstanceId)
            || !long.TryParse(text.AsSpan(first + 1, second - first - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return;
        }

        Apply(text[(second + 1)..], milliseconds);
    }

    private void Apply(string modelKey, long milliseconds)
    {
        var subscriber = Volatile.Read(ref _subscriber);
        if (subscriber is null || milliseconds <= 0)
        {
            return;
        }

        var duration = TimeSpan.FromMilliseconds(milliseconds);
        RedisLog.CooldownReceived(_connection.Logger, modelKey, duration);
        try
        {
            subscriber(modelKey, duration);
        }
        catch (Exception ex)
        {
            // On the client's message loop: a failing subscriber must not stop the next messages.
            RedisLog.CooldownSyncFailed(_connection.Logger, ex);
        }
    }
}
