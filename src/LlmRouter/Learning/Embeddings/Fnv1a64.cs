namespace LlmRouter;

/// <summary>
/// 64-bit FNV-1a over the UTF-16 little-endian bytes of the characters appended (low byte first), finished with MurmurHash3's
/// fmix64 avalanche so that every bit of the result, including the low bits a bucket is taken from, depends on every input bit.
/// The result is the same in every process and on every platform, unlike <see cref="string.GetHashCode()"/>.
/// </summary>
internal struct Fnv1a64
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private ulong _state;

    /// <summary>Starts a hash over <paramref name="prefix"/>.</summary>
    public static Fnv1a64 Start(ReadOnlySpan<char> prefix)
    {
        var hash = new Fnv1a64 { _state = OffsetBasis };
        hash.Append(prefix);
        return hash;
    }

    /// <summary>Appends one UTF-16 code unit, low byte first.</summary>
    public void Append(char c)
    {
        _state = (_state ^ (byte)c) * Prime;
        _state = (_state ^ (byte)(c >> 8)) * Prime;
    }

    /// <summary>Appends the code units of <paramref name="text"/>.</summary>
    public void Append(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            Append(c);
        }
    }

    /// <summary>Appends the code units of <paramref name="text"/>, lower-cased (<see cref="Lower"/>).</summary>
    public void AppendLower(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            Append(Lower(c));
        }
    }

    /// <summary>The FNV-1a state so far, without the finaliser (for tests against published FNV-1a vectors).</summary>
    public readonly ulong Raw => _state;

    /// <summary>The finished hash: the state through fmix64.</summary>
    public readonly ulong Finish()
    {
        var k = _state;
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdUL;
        k ^= k >> 33;
        k *= 0xc4ceb9fe1a85ec53UL;
        k ^= k >> 33;
        return k;
    }

    /// <summary>Lower-cases one code unit: ASCII directly, anything else with <see cref="char.ToLowerInvariant"/> (Unicode simple case mapping).</summary>
    public static char Lower(char c) => c < 128 ? (char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c) : char.ToLowerInvariant(c);
}
