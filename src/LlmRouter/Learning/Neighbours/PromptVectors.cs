using System.Numerics.Tensors;

namespace LlmRouter;

/// <summary>
/// The recorded prompts' full unit embeddings, which rank a search's shortlist exactly. A vector that is mostly zeros (the
/// hashing embedder's: about 200 values of 2,048 on the RouteLLM prompts) is kept sparse, as the positions and values of its
/// non-zero entries, in about a sixth of the memory, and its similarity to a query reads only those; a dense vector (a neural
/// embedder's) is kept as it is and compared with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
/// </summary>
/// <remarks>Not thread-safe for writers: <see cref="OutcomeIndex"/> adds under its write lock and reads under its read lock.</remarks>
internal sealed class PromptVectors
{
    private readonly List<Row> _rows = [];

    /// <summary>Gets how many vectors are kept.</summary>
    public int Count => _rows.Count;

    /// <summary>Keeps a vector: sparse when at most half its values are non-zero and its positions fit 16 bits, else as it is.</summary>
    /// <param name="unit">The unit vector; a dense one is kept without a copy, so the caller must not change it afterwards.</param>
    public void Add(float[] unit)
    {
        var nonZero = NonZero(unit);
        if (unit.Length > ushort.MaxValue + 1 || nonZero > unit.Length / 2)
        {
            _rows.Add(new Row(unit, null, unit.Length));
            return;
        }

        var values = new float[nonZero];
        var positions = new ushort[nonZero];
        for (int i = 0, k = 0; i < unit.Length; i++)
        {
            if (unit[i] != 0)
            {
                values[k] = unit[i];
                positions[k++] = (ushort)i;
            }
        }

        _rows.Add(new Row(values, positions, unit.Length));
    }

    /// <summary>The cosine similarity of a unit query and a kept vector (their dot product).</summary>
    /// <param name="query">The query, as long as the kept vectors.</param>
    /// <param name="row">The kept vector's row.</param>
    public float Dot(ReadOnlySpan<float> query, int row)
    {
        var kept = _rows[row];
        if (kept.Positions is not { } positions)
        {
            return TensorPrimitives.Dot(query, kept.Values);
        }

        var values = kept.Values;
        var sum = 0f;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i] * query[positions[i]];
        }

        return sum;
    }

    /// <summary>Writes a kept vector out in full, to use it as a query.</summary>
    /// <param name="row">The kept vector's row.</param>
    /// <param name="destination">Where to write it: as long as the kept vectors.</param>
    public void CopyTo(int row, Span<float> destination)
    {
        var kept = _rows[row];
        if (kept.Positions is not { } positions)
        {
            kept.Values.CopyTo(destination);
            return;
        }

        destination[..kept.Dimensions].Clear();
        for (var i = 0; i < positions.Length; i++)
        {
            destination[positions[i]] = kept.Values[i];
        }
    }

    /// <summary>Gets the length of a kept vector.</summary>
    public int DimensionsOf(int row) => _rows[row].Dimensions;

    private static int NonZero(float[] vector)
    {
        var count = 0;
        foreach (var value in vector)
        {
            if (value != 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>One kept vector: its values, with their positions when it is kept sparse.</summary>
    private readonly record struct Row(float[] Values, ushort[]? Positions, int Dimensions);
}
