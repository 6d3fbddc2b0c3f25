using System.Numerics;
using System.Runtime.InteropServices;

namespace LlmRouter;

/// <summary>Keeps usage records in memory, lock-free and in constant time per record.</summary>
/// <remarks>
/// <para>
/// Each record's fields are copied by value into a slot of a ring of preallocated chunks (about 112 bytes a record on
/// 64-bit, no object per record), so the <see cref="UsageRecord"/> passed in is not retained and dies young. A write
/// claims a slot with one interlocked increment, takes the slot with one compare-and-swap and publishes it with a
/// volatile write: writers never lock (one waits only when it laps a writer paused in the middle of filling the same
/// slot) and allocate nothing beyond the chunks themselves (up to 4,096 slots each,
/// allocated when the chunk before them starts to fill, so an idle store holds only its table of chunks).
/// </para>
/// <para>
/// Retention is bounded by <see cref="MaxRecords"/>: once that many records are held, each new record replaces the
/// oldest, so <see cref="Count"/> and summaries cover exactly the most recent <see cref="MaxRecords"/> attempts. The
/// ring itself is <see cref="MaxRecords"/> rounded up to a power of two (1,048,576 slots, about 117 MB once full, for
/// <see cref="DefaultMaxRecords"/>), so that finding a slot takes a mask instead of a division; the older records in
/// the extra slots are ignored. Budgets are not affected; they are kept by <see cref="IBudgetLedger"/>.
/// </para>
/// <para>
/// A summary covers the most recent <see cref="MaxRecords"/> records written when it starts. It never reads a
/// record half-written; a record replaced while the scan runs may be missed, and records written while it runs are
/// not counted. Thread-safe.
/// </para>
/// </remarks>
public sealed class InMemoryUsageStore : IUsageStore
{
    /// <summary>The number of records kept by the parameterless constructor.</summary>
    public const int DefaultMaxRecords = 1_000_000;

    private const int MaxChunkShift = 12;
    private const int CancellationCheckInterval = 4096;

    private readonly UsageEntry[]?[] _chunks;
    private readonly int _maxRecords;
    private readonly int _slotShift;
    private readonly int _slotMask;
    private readonly int _chunkMask;
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

        // capacity = 2^capacityShift ≥ maxRecords; chunks of 2^_slotShift slots, the first chunk smaller stores.
        var capacityShift = 64 - BitOperations.LeadingZeroCount((ulong)maxRecords - 1);
        _slotShift = Math.Min(capacityShift, MaxChunkShift);
        _slotMask = (1 << _slotShift) - 1;
        _chunkMask = (1 << (capacityShift - _slotShift)) - 1;
        _chunks = new UsageEntry[]?[_chunkMask + 1];
    }

    /// <summary>Gets how many records the store keeps.</summary>
    /// <value>At least 1; <see cref="DefaultMaxRecords"/> unless set through the constructor. Older records are replaced by newer ones beyond it.</value>
    public int MaxRecords => _maxRecords;

    /// <summary>Gets how many records are held now (at most <see cref="MaxRecords"/>).</summary>
    /// <value>Records whose write has begun; one still being written is counted, though a summary started now would not see it.</value>
    public int Count => (int)Math.Min(Volatile.Read(ref _claimed.Value), _maxRecords);

    /// <summary>Gets how many records were ever written, including those since replaced.</summary>
    public long TotalRecorded => Volatile.Read(ref _claimed.Value);

    /// <inheritdoc/>
    /// <remarks>
    /// Completes synchronously and allocates nothing once the slot's chunk exists. <paramref name="cancellationToken"/>
    /// is not observed, so an attempt cancelled by its caller is still recorded. The record's fields are copied; the
    /// store keeps no reference to <paramref name="record"/> itself.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Write(UsageEntry.FromRecord(record));
        return default;
    }

    /// <summary>Stores one entry: what <see cref="RecordAsync"/> does, for the router, which has no <see cref="UsageRecord"/> to allocate.</summary>
    /// <param name="values">The entry's fields; its <see cref="UsageEntry.Sequence"/> is ignored.</param>
    internal void Write(in UsageEntry values)
    {
        var index = Interlocked.Increment(ref _claimed.Value) - 1;
        var chunkIndex = (int)(index >> _slotShift) & _chunkMask;
        var chunk = Volatile.Read(ref _chunks[chunkIndex]) ?? InstallChunk(chunkIndex);
        var position = (int)index & _slotMask;
        if (position == 0 && _chunkMask != 0)
        {
            // Install the next chunk a whole chunk before anyone needs it. Otherwise every writer that reaches an
            // empty chunk while its first writer is still zeroing the array allocates one too, and all but one of those
            // large arrays are garbage (about half the chunks, with two busy writers).
            var next = (chunkIndex + 1) & _chunkMask;
            if (Volatile.Read(ref _chunks[next]) is null)
            {
                InstallChunk(next);
            }
        }

        ref var slot = ref chunk[position];

        // Seqlock, writer side. Take the slot by swapping its sequence to "busy" (~index, negative). The swap is a
        // compare-and-swap, not a plain store, because two writers can meet on one slot: when MaxRecords (rounded up)
        // writes happen while one writer is paused between claiming and publishing, the newer writer laps it. A plain
        // store would let both fill the fields at once and the second publish would vouch for a mix of both. So:
        //  - the slot holds a newer record, or a newer writer is filling it: this record would be replaced at once and
        //    is already outside the newest MaxRecords, so it is dropped (this also keeps each slot's sequence rising,
        //    which the reader relies on: a sequence value is never seen twice);
        //  - an older writer is filling it: wait for it to publish (the only wait, and only when lapped).
        var busy = ~index;
        var current = Volatile.Read(ref slot.Sequence);
        var spinner = default(SpinWait);
        while (true)
        {
            if (current >= 0)
            {
                if (current > index)
                {
                    return;
                }

                var seen = Interlocked.CompareExchange(ref slot.Sequence, busy, current);
                if (seen == current)
                {
                    break;
                }

                current = seen;
            }
            else if (~current > index)
            {
                return;
            }
            else
            {
                spinner.SpinOnce();
                current = Volatile.Read(ref slot.Sequence);
            }
        }

        // The compare-and-swap is a full fence: no field store below becomes visible before "busy" does. A reader that
        // sees any of them therefore sees the sequence changed when it checks again.
        slot.CopyFrom(in values);

        // Release: every field store above is visible before the sequence that publishes them.
        Volatile.Write(ref slot.Sequence, index + 1);
    }

    /// <inheritdoc/>
    /// <exception cref="ArgumentNullException"><paramref name="query"/> is <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();

        // The records in the summary: indexes [newest - MaxRecords, newest). Slots also hold older records (the ring is
        // larger than MaxRecords) and newer ones written during the scan; both are skipped by their sequence.
        var end = Volatile.Read(ref _claimed.Value);
        var start = end - _maxRecords;
        var builder = new UsageSummaryBuilder();
        var scanned = 0;
        for (var c = 0; c < _chunks.Length; c++)
        {
            var chunk = Volatile.Read(ref _chunks[c]);
            if (chunk is null)
            {
                continue;
            }

            for (var i = 0; i < chunk.Length; i++)
            {
                if (++scanned % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (TryRead(ref chunk[i], start, end, out var entry) && entry.Matches(query))
                {
                    builder.Add(in entry);
                }
            }
        }

        return new ValueTask<UsageSummary>(builder.Build());
    }

    // Seqlock, reader side: copy the slot between two reads of its sequence and keep the copy only if the sequence is
    // the same published value both times. The acquire read keeps the field loads after the first read; the read
    // barrier keeps them before the second. A writer's busy swap precedes its field stores (full fence), so if any
    // field load saw a store of a later writer, the second read sees that writer's busy value or a later sequence.
    // A slot's sequence never takes the same value twice (published values rise, busy values are distinct), so
    // "same value" means "no writer in between". A mismatch is not retried: the next record in a slot is at least a
    // ring's length newer, so the slot now holds, or is receiving, a record claimed after the scan started, which
    // the summary excludes anyway.
    private static bool TryRead(ref UsageEntry slot, long start, long end, out UsageEntry entry)
    {
        var sequence = Volatile.Read(ref slot.Sequence);
        var index = sequence - 1;
        if (sequence <= 0 || index < start || index >= end)
        {
            // Never written, being written, or outside the summary's records.
            entry = default;
            return false;
        }

        entry = slot;
        Volatile.ReadBarrier();
        return Volatile.Read(ref slot.Sequence) == sequence;
    }

    private UsageEntry[] InstallChunk(int chunkIndex)
    {
        var fresh = new UsageEntry[_slotMask + 1];
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
