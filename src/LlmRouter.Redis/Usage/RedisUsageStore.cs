using StackExchange.Redis;

namespace LlmRouter.Redis;

/// <summary>
/// Keeps usage records in Redis, where every router instance writes and every summary reads: one sorted set of records scored
/// by time, written behind the request in batches and trimmed to <see cref="RedisRouterOptions.UsageRetention"/>.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="RecordAsync"/> only queues the record (the request never waits on Redis); a background writer sends up to 512
/// records per command. While Redis is unreachable records stay queued, up to <see cref="RedisRouterOptions.OutageBufferCapacity"/>
/// (then the oldest are dropped), and are written when it is back. Each record carries a unique id, so a batch written again
/// after a lost reply is not counted twice. Disposing writes what is queued, waiting up to 5 seconds for it (one
/// <see cref="RedisRouterOptions.RetryInterval"/> when Redis is already unreachable); what is still queued then is lost, and logged.
/// </para>
/// <para>
/// A summary first waits for this instance's queued records, then reads the records of the query's time range page by page
/// and filters them here, so its cost grows with the records in that range. Thread-safe.
/// </para>
/// </remarks>
public sealed class RedisUsageStore : IUsageStore, IAsyncDisposable, IDisposable
{
    private const string WriteScript = """
        redis.call('ZADD', KEYS[1], unpack(ARGV, 2))
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
        return 0
        """;

    private readonly RedisConnection _connection;
    private readonly OutageBuffer<Pending> _buffer;

    internal RedisUsageStore(RedisConnection connection)
    {
        _connection = connection;
        _buffer = new OutageBuffer<Pending>("usage records", connection.Options.OutageBufferCapacity, RedisRouterDefaults.UsageBatchSize, WriteAsync, connection);
    }

    /// <summary>Gets how many records wait to be written (while Redis is unreachable, or just queued).</summary>
    public int PendingCount => _buffer.Count;

    /// <summary>Gets how many records were dropped because the outage buffer was full.</summary>
    public long DroppedCount => _buffer.Dropped;

    /// <inheritdoc/>
    /// <remarks>Queues the record and returns at once; <paramref name="cancellationToken"/> is not observed, so a cancelled attempt is still recorded.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        _buffer.Add(new Pending(UsageRecordCodec.Score(record.Timestamp.UtcTicks), UsageRecordCodec.Encode(record, Guid.NewGuid())));
        return default;
    }

    /// <summary>Waits until every record given to this store before the call is stored in Redis.</summary>
    /// <param name="cancellationToken">Ends the wait (the records stay queued).</param>
    /// <returns>A task that completes when they are stored.</returns>
    /// <exception cref="RedisUnavailableException">Redis is unreachable; the records stay queued.</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default) => _buffer.FlushAsync(failWhileUnavailable: true, cancellationToken);

    /// <inheritdoc/>
    /// <remarks>Covers every instance's stored records and this instance's queued ones; other instances' queued records are not seen until written.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="RedisUnavailableException">Redis is unreachable.</exception>
    public async ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        var builder = new UsageSummaryBuilder();
        var start = query.From is { } from ? UsageRecordCodec.Score(from.UtcTicks) : double.NegativeInfinity;
        var stop = query.To is { } to ? UsageRecordCodec.Score(to.UtcTicks) + 1 : double.PositiveInfinity;
        try
        {
            var db = await _connection.GetDatabaseAsync().ConfigureAwait(false);
            var skip = 0L;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await db.SortedSetRangeByScoreWithScoresAsync(_connection.Keys.Usage, start, stop, Exclude.None, Order.Ascending, skip, RedisRouterDefaults.UsagePageSize).ConfigureAwait(false);
                foreach (var item in page)
                {
                    if (UsageRecordCodec.TryDecode(((byte[]?)item.Element).AsSpan(), out var entry) && entry.Matches(query))
                    {
                        builder.Add(entry);
                    }
                }

                if (page.Length < RedisRouterDefaults.UsagePageSize)
                {
                    break;
                }

                // The next page starts at the last score read, skipping the records of that score already read: a cursor that
                // stays cheap however deep the range (an offset from the start would rescan every page before it).
                var last = page[^1].Score;
                skip = start == last ? skip + page.Length : CountTail(page, last);
                start = last;
            }

            _connection.Outage.ReportSuccess();
        }
        catch (Exception ex) when (RedisFailures.IsUnavailable(ex))
        {
            _connection.Outage.ReportFailure(ex);
            throw new RedisUnavailableException("Redis is unreachable: the shared usage cannot be summarised now.", ex);
        }

        return builder.Build();
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _buffer.DisposeAsync();

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static long CountTail(SortedSetEntry[] page, double score)
    {
        var count = 0L;
        for (var i = page.Length - 1; i >= 0 && page[i].Score == score; i--)
        {
            count++;
        }

        return count;
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        var args = new RedisValue[1 + (batch.Count * 2)];
        args[0] = UsageRecordCodec.Score((_connection.Time.GetUtcNow() - _connection.Options.UsageRetention).UtcTicks);
        for (var i = 0; i < batch.Count; i++)
        {
            args[1 + (2 * i)] = batch[i].Score;
            args[2 + (2 * i)] = batch[i].Member;
        }

        var db = await _connection.GetDatabaseAsync().ConfigureAwait(false);
        await db.ScriptEvaluateAsync(WriteScript, [_connection.Keys.Usage], args).ConfigureAwait(false);
        batch.Clear();
    }

    private readonly record struct Pending(double Score, byte[] Member);
}
