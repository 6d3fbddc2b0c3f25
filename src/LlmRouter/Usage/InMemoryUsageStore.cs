using System.Runtime.InteropServices;

namespace LlmRouter;

/// <summary>Keeps usage records in memory, lock-free and in constant time per record.</summary>
/// <remarks>
/// <para>
/// Records go into a ring of fixed-size chunks: each write claims a slot with one interlocked
/// increment and publishes the record with a volatile write, so writers never lock, never wait for one
/// another and allocate nothing beyond the chunks themselves (4,096 slots each, allocated the first time
/// one of their slots is used).
/// </para>
/// <para>
/// Retention is bounded by <see cref="MaxRecords"/>: once that many records are held, each new record
/// replaces the oldest, so summaries cover the most recent <see cref="MaxRecords"/> attempts. Budgets are
/// not affected; they are kept by <see cref="IBudgetLedger"/>.
/// </para>
/// <para>
/// Summaries scan the records held when they start; records written during the scan may or may not be
/// counted. Thread-safe.
/// </para>
/// </remarks>
public sealed class InMemoryUsageStore : IUsageStore
{
    /// <summary>The number of records kept by the parameterless constructor.</summary>
    public const int DefaultMaxRecords = 1_000_000;

    private const int ChunkShift = 12;
    private const int ChunkSize = 1 << ChunkShift;
    private const int ChunkMask = ChunkSize - 1;
    private const int CancellationCheckInterval = 4096;

    private static readonly UsageRecord?[] NoRecords = [];

    private readonly UsageRecord?[]?[] _chunks;
    private readonly int _maxRecords;
    private PaddedCounter _claimed;

    /// <summary>Initializes a new instance of the <see cref="InMemoryUsageStore"/> class that keeps the most recent <see cref="DefaultMaxRecords"/> records.</summary>
    public InMemoryUsageStore()
        : this(DefaultMaxRecords)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InMemoryUsageStore"/> class.</summary>
    /// <param name="maxRecords">How many records to keep; once full, each new record replaces the oldest.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxRecords"/> is zero or negative.</exception>
    public InMemoryUsageStore(int maxRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        _maxRecords = maxRecords;
        _chunks = new UsageRecord?[]?[((maxRecords - 1) >> ChunkShift) + 1];
    }

    /// <summary>Gets how many records the store keeps.</summary>
    /// <value>At least 1; <see cref="DefaultMaxRecords"/> unless set through the constructor. Older records are replaced by newer ones beyond it.</value>
    public int MaxRecords => _maxRecords;

    /// <summary>Gets how many records are held now (at most <see cref="MaxRecords"/>).</summary>
    public int Count => (int)Math.Min(Volatile.Read(ref _claimed.Value), _maxRecords);

    /// <summary>Gets how many records were ever written, including those since replaced.</summary>
    public long TotalRecorded => Volatile.Read(ref _claimed.Value);

    /// <inheritdoc/>
    /// <remarks>Completes synchronously. <paramref name="cancellationToken"/> is not observed, so an attempt cancelled by its caller is still recorded.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);

        var sequence = Interlocked.Increment(ref _claimed.Value) - 1;
        var slot = sequence < _maxRecords ? (int)sequence : (int)(sequence % _maxRecords);
        var chunkIndex = slot >> ChunkShift;
        var chunk = Volatile.Read(ref _chunks[chunkIndex]) ?? InstallChunk(chunkIndex);

        // A reader sees either the previous occupant of the slot, null (not yet written) or this record.
        Volatile.Write(ref chunk[slot & ChunkMask], record);
        return default;
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();

        var held = Count;
        var builder = new UsageSummaryBuilder();
        var scanned = 0;
        for (var chunkIndex = 0; chunkIndex < _chunks.Length; chunkIndex++)
        {
            var start = chunkIndex << ChunkShift;
            if (start >= held)
            {
                break;
            }

            var chunk = Volatile.Read(ref _chunks[chunkIndex]) ?? NoRecords;
            var end = Math.Min(chunk.Length, held - start);
            for (var i = 0; i < end; i++)
            {
                if (++scanned % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var record = Volatile.Read(ref chunk[i]);
                if (record is not null && Matches(record, query))
                {
                    builder.Add(record);
                }
            }
        }

        return new ValueTask<UsageSummary>(builder.Build());
    }

    private static bool Matches(UsageRecord record, UsageQuery query)
    {
        if (query.From is { } from && record.Timestamp < from)
        {
            return false;
        }

        if (query.To is { } to && record.Timestamp >= to)
        {
            return false;
        }

        if (query.Provider is { } provider && !string.Equals(record.Provider, provider, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (query.Tenant is { } tenant && !string.Equals(record.Tenant, tenant, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return query.Model is not { } model || ModelMatches(record.Provider ?? string.Empty, record.Model ?? string.Empty, model);
    }

    // Matches the model id alone or the key "provider/id", without building the key.
    private static bool ModelMatches(string provider, string id, string model) =>
        string.Equals(id, model, StringComparison.OrdinalIgnoreCase)
        || (model.Length == provider.Length + 1 + id.Length
            && model[provider.Length] == '/'
            && model.AsSpan(0, provider.Length).Equals(provider, StringComparison.OrdinalIgnoreCase)
            && model.AsSpan(provider.Length + 1).Equals(id, StringComparison.OrdinalIgnoreCase));

    private UsageRecord?[] InstallChunk(int chunkIndex)
    {
        var size = Math.Min(ChunkSize, _maxRecords - (chunkIndex << ChunkShift));
        var fresh = new UsageRecord?[size];
        return Interlocked.CompareExchange(ref _chunks[chunkIndex], fresh, null) ?? fresh;
    }

    // Keeps the write-hot counter on its own cache line, away from the read-only fields.
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedCounter
    {
        [FieldOffset(64)]
        public long Value;
    }
}
