using System.Numerics.Tensors;

namespace LlmRouter;

/// <summary>
/// An exact k-nearest-neighbour index by cosine similarity over vectors of one dimension, each stored L2-normalised with an
/// <see cref="int"/> payload, row-major in one contiguous growable <see cref="float"/> array. A search scans every row with
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/> and keeps the best k in a bounded min-heap
/// laid out in the caller's result span, so it allocates nothing.
/// </summary>
/// <remarks>
/// Thread safety: any number of <see cref="Search"/> calls may run at once, also while one <see cref="Add"/> or <see cref="Clear"/>
/// runs (writers are serialised by a lock). The rows and their count live in a <see cref="Storage"/> whose rows below its
/// published count never change: <see cref="Add"/> writes the row past the count and then publishes the count with
/// <see cref="Volatile.Write(ref int, int)"/>; growing copies the rows into a new storage and publishes that; <see cref="Clear"/>
/// publishes an empty storage. A search reads the storage once, then its count, and so sees a consistent prefix of the rows.
/// </remarks>
internal sealed class NearestNeighbourIndex
{
    private const int MinCapacity = 16;

    private readonly Lock _writeLock = new();
    private readonly int _initialCapacity;
    private Storage _storage;

    /// <summary>Initializes a new instance of the <see cref="NearestNeighbourIndex"/> class.</summary>
    /// <param name="dimensions">The length of every vector; at least 1.</param>
    /// <param name="initialCapacity">The rows to make room for up front (it grows by doubling past them).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is less than 1, <paramref name="initialCapacity"/> is
    /// negative, or the two together exceed the largest array.</exception>
    public NearestNeighbourIndex(int dimensions, int initialCapacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(initialCapacity, Array.MaxLength / dimensions);
        Dimensions = dimensions;
        _initialCapacity = initialCapacity;
        _storage = new Storage(dimensions, initialCapacity);
    }

    /// <summary>Gets the length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the number of vectors stored.</summary>
    public int Count => Volatile.Read(ref _storage).PublishedCount;

    /// <summary>Adds a vector, stored L2-normalised (a zero vector stays zero and is similar to nothing), with its payload.</summary>
    /// <param name="vector">The vector; <see cref="Dimensions"/> long.</param>
    /// <param name="payload">What a search returns for it, e.g. the id of a recorded outcome.</param>
    /// <returns>The row the vector went to: 0 for the first after construction or <see cref="Clear"/>, then 1, 2, ….</returns>
    /// <exception cref="ArgumentException"><paramref name="vector"/> is not <see cref="Dimensions"/> long.</exception>
    /// <exception cref="InvalidOperationException">The index holds the most rows one array can.</exception>
    public int Add(ReadOnlySpan<float> vector, int payload)
    {
        ThrowIfWrongDimension(vector, nameof(vector));
        lock (_writeLock)
        {
            var storage = _storage;
            var row = storage.PublishedCount;
            if (row == storage.Payloads.Length)
            {
                storage = Grow(storage);
            }

            var destination = storage.Data.AsSpan(row * Dimensions, Dimensions);
            var norm = TensorPrimitives.Norm(vector);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(vector, norm, destination);
            }
            else
            {
                destination.Clear();
            }

            storage.Payloads[row] = payload;
            Volatile.Write(ref storage.PublishedCount, row + 1);
            return row;
        }
    }

    /// <summary>Finds the <paramref name="k"/> stored vectors most similar to <paramref name="query"/> by cosine similarity.</summary>
    /// <param name="query">The query; <see cref="Dimensions"/> long. It need not be normalised (a zero query is similar to nothing).</param>
    /// <param name="k">How many neighbours to find; 0 or more.</param>
    /// <param name="results">Where they go, most similar first (when equally similar rows compete for the last place, the earlier row is kept); at least <paramref name="k"/> long.</param>
    /// <returns>How many were written: <paramref name="k"/>, or <see cref="Count"/> if fewer are stored.</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> is not <see cref="Dimensions"/> long, or <paramref name="results"/> is shorter than <paramref name="k"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    public int Search(ReadOnlySpan<float> query, int k, Span<Neighbour> results)
    {
        ThrowIfWrongDimension(query, nameof(query));
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (results.Length < k)
        {
            throw new ArgumentException($"The results span holds {results.Length} neighbours; k is {k}.", nameof(results));
        }

        var storage = Volatile.Read(ref _storage);
        var count = Volatile.Read(ref storage.PublishedCount);
        var found = Math.Min(k, count);
        if (found == 0)
        {
            return 0;
        }

        var norm = TensorPrimitives.Norm(query);
        var scale = norm > 0f ? 1f / norm : 0f;
        var heap = results[..found];
        ReadOnlySpan<float> data = storage.Data;
        var payloads = storage.Payloads;
        for (var row = 0; row < count; row++)
        {
            var similarity = TensorPrimitives.Dot(query, data.Slice(row * Dimensions, Dimensions)) * scale;
            if (row < found)
            {
                heap[row] = new Neighbour(payloads[row], similarity);
                SiftUp(heap, row);
            }
            else if (similarity > heap[0].Similarity)
            {
                heap[0] = new Neighbour(payloads[row], similarity);
                SiftDown(heap, 0, found);
            }
        }

        // Heap sort: moving the least to the end each time leaves the span most similar first.
        for (var end = found - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap, 0, end);
        }

        return found;
    }

    /// <summary>Removes every vector; searches already running finish over the vectors they started with.</summary>
    public void Clear()
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _storage, new Storage(Dimensions, _initialCapacity));
        }
    }

    private void ThrowIfWrongDimension(ReadOnlySpan<float> vector, string paramName)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; this index holds vectors of {Dimensions}.", paramName);
        }
    }

    private Storage Grow(Storage storage)
    {
        var maxRows = Array.MaxLength / Dimensions;
        var rows = storage.Payloads.Length;
        if (rows >= maxRows)
        {
            throw new InvalidOperationException($"The index holds {rows} vectors of {Dimensions} dimensions, the most one array can.");
        }

        var grown = new Storage(Dimensions, (int)Math.Min(Math.Max(rows * 2L, MinCapacity), maxRows));
        storage.Data.AsSpan(0, rows * Dimensions).CopyTo(grown.Data);
        storage.Payloads.AsSpan().CopyTo(grown.Payloads);
        grown.PublishedCount = rows;
        Volatile.Write(ref _storage, grown);
        return grown;
    }

    // The heap's root is its least similar entry; a row replaces it only when strictly more similar.
    private static bool Less(in Neighbour a, in Neighbour b) => a.Similarity < b.Similarity;

    private static void SiftUp(Span<Neighbour> heap, int index)
    {
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (!Less(heap[index], heap[parent]))
            {
                return;
            }

            (heap[index], heap[parent]) = (heap[parent], heap[index]);
            index = parent;
        }
    }

    private static void SiftDown(Span<Neighbour> heap, int index, int length)
    {
        while (true)
        {
            var least = index;
            var left = (2 * index) + 1;
            var right = left + 1;
            if (left < length && Less(heap[left], heap[least]))
            {
                least = left;
            }

            if (right < length && Less(heap[right], heap[least]))
            {
                least = right;
            }

            if (least == index)
            {
                return;
            }

            (heap[index], heap[least]) = (heap[least], heap[index]);
            index = least;
        }
    }

    /// <summary>Rows and payloads with the count of rows published to readers.</summary>
    private sealed class Storage(int dimensions, int capacity)
    {
        public readonly float[] Data = new float[capacity * dimensions];
        public readonly int[] Payloads = new int[capacity];
        public int PublishedCount;
    }
}
