using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LlmRouter.Redis;

/// <summary>
/// The one connection (multiplexer) the Redis stores of a container share, with its key names, this instance's id and the
/// outage monitor. Connects in the background on first use and never fails for an unreachable server: commands made while
/// it is unreachable fail at once (they are not queued), and it reconnects by itself.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="RedisConnection"/> class. Does not connect yet.</summary>
    /// <param name="options">The options (validated).</param>
    /// <param name="logger">Logs outages.</param>
    /// <param name="time">The clock.</param>
    /// <exception cref="ArgumentException">The configuration string is missing or malformed.</exception>
    public RedisConnection(RedisRouterOptions options, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _configuration = RedisRouterOptionsValidator.TryParse(options.Configuration, out var problem)
            ?? throw new ArgumentException(problem, nameof(options));
        _configuration.AbortOnConnectFail = false;
        _configuration.BacklogPolicy = BacklogPolicy.FailFast;
        _configuration.ClientName ??= RedisRouterDefaults.KeyPrefix;

        Options = options;
        Keys = new RedisKeys(options.KeyPrefix);
        Logger = logger;
        Time = time;
        Outage = new OutageMonitor(logger, time, options.FailClosed);
        InstanceId = Guid.NewGuid().ToString("N");
        _multiplexer = new Lazy<Task<IConnectionMultiplexer>>(ConnectAsync);
    }

    /// <summary>Raised when a connection comes back, with its kind (commands or subscriptions).</summary>
    public event Action<ConnectionType>? Restored;

    /// <summary>Gets the options.</summary>
    public RedisRouterOptions Options { get; }

    /// <summary>Gets the key names.</summary>
    public RedisKeys Keys { get; }

    /// <summary>Gets the package's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>Gets the clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Gets the outage monitor every store reports to.</summary>
    public OutageMonitor Outage { get; }

    /// <summary>Gets this instance's id, which tells its own announcements from others'.</summary>
    public string InstanceId { get; }

    /// <summary>Gets the multiplexer, connecting on first use.</summary>
    /// <returns>The multiplexer, connected or reconnecting.</returns>
    /// <exception cref="ObjectDisposedException">The connection was disposed.</exception>
    public ValueTask<IConnectionMultiplexer> GetMultiplexerAsync()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var task = _multiplexer.Value;
        return task.IsCompletedSuccessfully ? new ValueTask<IConnectionMultiplexer>(task.Result) : new ValueTask<IConnectionMultiplexer>(task);
    }

    /// <summary>Gets the database, connecting on first use.</summary>
    /// <returns>The database.</returns>
    public async ValueTask<IDatabase> GetDatabaseAsync() => (await GetMultiplexerAsync().ConfigureAwait(false)).GetDatabase();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _multiplexer.IsValueCreated)
        {
            var multiplexer = await _multiplexer.Value.ConfigureAwait(false);
            await multiplexer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<IConnectionMultiplexer> ConnectAsync()
    {
        // With AbortOnConnectFail off this returns (after the connect timeout) even when no server answers, and keeps trying.
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration).ConfigureAwait(false);
        multiplexer.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                Outage.ReportFailure(e.Exception ?? new RedisConnectionException(e.FailureType, e.FailureType.ToString()));
            }
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            Outage.SignalRestored();
            Restored?.Invoke(e.ConnectionType);
        };
        return multiplexer;
    }
}
