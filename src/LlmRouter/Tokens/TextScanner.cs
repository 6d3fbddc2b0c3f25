using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LlmRouter;

/// <summary>
/// Counts a text's <see cref="TextCounts"/> in one pass, 64 characters at a time: each block becomes bit masks (letter, digit,
/// white space, …; one bit a character), from which runs are found with shifts and counted with population counts.
/// </summary>
/// <remarks>
/// The masks are made with 128- or 256-bit vectors where the hardware has them (about 0.1 ns a character), else one character at a time;
/// both give the same counts. Nothing is allocated.
/// </remarks>
internal static class TextScanner
{
    private const int BlockLength = 64;

    /// <summary>Counts a text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The counts.</returns>
    public static TextCounts Scan(ReadOnlySpan<char> text) =>
        Scan(text, Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0);

    /// <summary>Counts a text with 256-bit vectors, 128-bit vectors, or one character at a time (all give the same counts; tests compare them).</summary>
    /// <param name="text">The text.</param>
    /// <param name="vectorBits">256, 128, or 0 for none.</param>
    internal static TextCounts Scan(ReadOnlySpan<char> text, int vectorBits)
    {
        var vectorized = vectorBits > 0;
        var wide = vectorBits >= 256;
        var counts = default(TextCounts);
        var carry = default(Carry);
        var full = text.Length - (text.Length % BlockLength);
        if (!vectorized)
        {
            for (var i = 0; i < text.Length; i += BlockLength)
            {
                var block = text.Slice(i, Math.Min(BlockLength, text.Length - i));
                Accumulate(ClassifyScalar(block), ValidBits(block.Length), ref carry, ref counts);
            }

            return counts;
        }

        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        for (var i = 0; i < full; i += BlockLength)
        {
            Accumulate(Classify(ref Unsafe.Add(ref start, i), wide), ulong.MaxValue, ref carry, ref counts);
        }

        if (full < text.Length)
        {
            // The last, partial block is copied into a zeroed buffer; the bits of the padding are masked off.
            Span<char> tail = stackalloc char[BlockLength];
            tail.Clear();
            text[full..].CopyTo(tail);
            Accumulate(Classify(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(tail)), wide), ValidBits(text.Length - full), ref carry, ref counts);
        }

        return counts;
    }

    private static ulong ValidBits(int length) => length >= BlockLength ? ulong.MaxValue : (1UL << length) - 1;

    /// <summary>Adds a block's counts, continuing the runs the previous block ended with.</summary>
    private static void Accumulate(in Masks m, ulong valid, ref Carry carry, ref TextCounts counts)
    {
        var letter = m.Letter & valid;
        var upper = m.Upper & valid;
        var lower = letter & ~upper;
        var digit = m.Digit & valid;
        var space = m.Space & valid;
        var other = m.NonAscii & valid;
        var punctuation = ~(letter | digit | space | other) & valid;

        counts.Letters += BitOperations.PopCount(letter);
        counts.Words += BitOperations.PopCount(letter & ~((letter << 1) | (carry.Letter >> 63)));
        counts.CaseSplits += BitOperations.PopCount(upper & ((lower << 1) | (carry.Lower >> 63)));
        counts.Digits += BitOperations.PopCount(digit);
        counts.DigitRuns += BitOperations.PopCount(digit & ~((digit << 1) | (carry.Digit >> 63)));
        counts.PunctuationRuns += BitOperations.PopCount(punctuation & ~((punctuation << 1) | (carry.Punctuation >> 63)));
        counts.WhiteSpaceRuns += BitOperations.PopCount(space & ~((space << 1) | (carry.Space >> 63)));
        counts.Newlines += BitOperations.PopCount(m.Newline & valid);

        // A bit of run16 is set where the character and the 15 before it are letters: doubling spans of 2, 4, 8 and 16.
        var run2 = letter & ((letter << 1) | (carry.Letter >> 63));
        var run4 = run2 & ((run2 << 2) | (carry.Run2 >> 62));
        var run8 = run4 & ((run4 << 4) | (carry.Run4 >> 60));
        var run16 = run8 & ((run8 << 8) | (carry.Run8 >> 56));
        counts.LongRunLetters += BitOperations.PopCount(run16);

        if (other != 0)
        {
            var cjk = m.Cjk & valid;
            var otherLetters = m.OtherLetter & valid;
            var symbols = m.Symbol & valid;
            var surrogates = m.Surrogate & valid;
            counts.Cjk += BitOperations.PopCount(cjk);
            counts.OtherLetters += BitOperations.PopCount(otherLetters);
            counts.Symbols += BitOperations.PopCount(symbols);
            counts.Surrogates += BitOperations.PopCount(surrogates);
            counts.Other += BitOperations.PopCount(other & ~(cjk | otherLetters | symbols | surrogates));
        }

        carry = new Carry(letter, lower, digit, punctuation, space, run2, run4, run8);
    }

    private static Masks Classify(ref ushort block, bool wide) => wide ? Classify256(ref block) : Classify128(ref block);

    private static Masks Classify256(ref ushort block)
    {
        var masks = default(Masks);
        var anyOther = false;
        for (nuint half = 0; half < 2; half++)
        {
            var first = Vector256.LoadUnsafe(ref block, half * 32);
            var second = Vector256.LoadUnsafe(ref block, (half * 32) + 16);

            // Every character beyond ASCII becomes 0x80, so the narrowing to bytes keeps ASCII as it is and marks the rest.
            var ceiling = Vector256.Create((ushort)0x80);
            var bytes = Vector256.Narrow(Vector256.Min(first, ceiling), Vector256.Min(second, ceiling));
            var shift = (int)(half * 32);
            var upper = Vector256.LessThanOrEqual(bytes - Vector256.Create((byte)'A'), Vector256.Create((byte)25));
            var lower = Vector256.LessThanOrEqual(bytes - Vector256.Create((byte)'a'), Vector256.Create((byte)25));
            var digit = Vector256.LessThanOrEqual(bytes - Vector256.Create((byte)'0'), Vector256.Create((byte)9));
            var newline = Vector256.Equals(bytes, Vector256.Create((byte)'\n'));
            var space = Vector256.Equals(bytes, Vector256.Create((byte)' ')) | Vector256.Equals(bytes, Vector256.Create((byte)'\t'))
                | Vector256.Equals(bytes, Vector256.Create((byte)'\r')) | newline;
            var nonAscii = Vector256.Equals(bytes, Vector256.Create((byte)0x80));
            masks.Letter |= (ulong)(upper | lower).ExtractMostSignificantBits() << shift;
            masks.Upper |= (ulong)upper.ExtractMostSignificantBits() << shift;
            masks.Digit |= (ulong)digit.ExtractMostSignificantBits() << shift;
            masks.Space |= (ulong)space.ExtractMostSignificantBits() << shift;
            masks.Newline |= (ulong)newline.ExtractMostSignificantBits() << shift;
            var nonAsciiBits = nonAscii.ExtractMostSignificantBits();
            masks.NonAscii |= (ulong)nonAsciiBits << shift;
            anyOther |= nonAsciiBits != 0;
        }

        if (anyOther)
        {
            for (nuint quarter = 0; quarter < 4; quarter++)
            {
                var chars = Vector256.LoadUnsafe(ref block, quarter * 16);
                var shift = (int)(quarter * 16);
                masks.Cjk |= (ulong)IsCjk(chars).ExtractMostSignificantBits() << shift;
                masks.OtherLetter |= (ulong)Within(chars, 0x0080, 0x1FFF).ExtractMostSignificantBits() << shift;
                masks.Symbol |= (ulong)Within(chars, 0x2000, 0x2BFF).ExtractMostSignificantBits() << shift;
                masks.Surrogate |= (ulong)Within(chars, 0xD800, 0xDFFF).ExtractMostSignificantBits() << shift;
            }
        }

        return masks;
    }

    private static Masks Classify128(ref ushort block)
    {
        var masks = default(Masks);
        var anyOther = false;
        for (nuint quarter = 0; quarter < 4; quarter++)
        {
            var first = Vector128.LoadUnsafe(ref block, quarter * 16);
            var second = Vector128.LoadUnsafe(ref block, (quarter * 16) + 8);
            var ceiling = Vector128.Create((ushort)0x80);
            var bytes = Vector128.Narrow(Vector128.Min(first, ceiling), Vector128.Min(second, ceiling));
            var shift = (int)(quarter * 16);
            var upper = Vector128.LessThanOrEqual(bytes - Vector128.Create((byte)'A'), Vector128.Create((byte)25));
            var lower = Vector128.LessThanOrEqual(bytes - Vector128.Create((byte)'a'), Vector128.Create((byte)25));
            var digit = Vector128.LessThanOrEqual(bytes - Vector128.Create((byte)'0'), Vector128.Create((byte)9));
            var newline = Vector128.Equals(bytes, Vector128.Create((byte)'\n'));
            var space = Vector128.Equals(bytes, Vector128.Create((byte)' ')) | Vector128.Equals(bytes, Vector128.Create((byte)'\t'))
                | Vector128.Equals(bytes, Vector128.Create((byte)'\r')) | newline;
            var nonAscii = Vector128.Equals(bytes, Vector128.Create((byte)0x80));
            masks.Letter |= (ulong)(upper | lower).ExtractMostSignificantBits() << shift;
            masks.Upper |= (ulong)upper.ExtractMostSignificantBits() << shift;
            masks.Digit |= (ulong)digit.ExtractMostSignificantBits() << shift;
            masks.Space |= (ulong)space.ExtractMostSignificantBits() << shift;
            masks.Newline |= (ulong)newline.ExtractMostSignificantBits() << shift;
            var nonAsciiBits = nonAscii.ExtractMostSignificantBits();
            masks.NonAscii |= (ulong)nonAsciiBits << shift;
            anyOther |= nonAsciiBits != 0;
        }

        if (anyOther)
        {
            for (nuint eighth = 0; eighth < 8; eighth++)
            {
                var chars = Vector128.LoadUnsafe(ref block, eighth * 8);
                var shift = (int)(eighth * 8);
                masks.Cjk |= (ulong)IsCjk(chars).ExtractMostSignificantBits() << shift;
                masks.OtherLetter |= (ulong)Within(chars, 0x0080, 0x1FFF).ExtractMostSignificantBits() << shift;
                masks.Symbol |= (ulong)Within(chars, 0x2000, 0x2BFF).ExtractMostSignificantBits() << shift;
                masks.Surrogate |= (ulong)Within(chars, 0xD800, 0xDFFF).ExtractMostSignificantBits() << shift;
            }
        }

        return masks;
    }

    private static Vector256<ushort> Within(Vector256<ushort> chars, ushort first, ushort last) =>
        Vector256.LessThanOrEqual(chars - Vector256.Create(first), Vector256.Create((ushort)(last - first)));

    private static Vector128<ushort> Within(Vector128<ushort> chars, ushort first, ushort last) =>
        Vector128.LessThanOrEqual(chars - Vector128.Create(first), Vector128.Create((ushort)(last - first)));

    private static Vector256<ushort> IsCjk(Vector256<ushort> chars) =>
        Within(chars, 0x3000, 0x9FFF) | Within(chars, 0xAC00, 0xD7AF) | Within(chars, 0xF900, 0xFAFF) | Within(chars, 0xFF00, 0xFFEF);

    private static Vector128<ushort> IsCjk(Vector128<ushort> chars) =>
        Within(chars, 0x3000, 0x9FFF) | Within(chars, 0xAC00, 0xD7AF) | Within(chars, 0xF900, 0xFAFF) | Within(chars, 0xFF00, 0xFFEF);

    private static bool IsCjk(char c) =>
        c is (>= '\u3000' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF');

    private static Masks ClassifyScalar(ReadOnlySpan<char> block)
    {
        var masks = default(Masks);
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            var bit = 1UL << i;
            if (char.IsAsciiLetterUpper(c))
            {
                masks.Letter |= bit;
                masks.Upper |= bit;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                masks.Letter |= bit;
            }
            else if (char.IsAsciiDigit(c))
            {
                masks.Digit |= bit;
            }
            else if (c is ' ' or '\t' or '\r' or '\n')
            {
                masks.Space |= bit;
                masks.Newline |= c == '\n' ? bit : 0;
            }
            else if (c >= '\u0080')
            {
                masks.NonAscii |= bit;
                if (IsCjk(c))
                {
                    masks.Cjk |= bit;
                }
                else if (c <= '\u1FFF')
                {
                    masks.OtherLetter |= bit;
                }
                else if (c <= '\u2BFF')
                {
                    masks.Symbol |= bit;
                }
                else if (char.IsSurrogate(c))
                {
                    masks.Surrogate |= bit;
                }
            }
        }

        return masks;
    }

    /// <summary>One block's characters as bit masks (bit <c>i</c> is character <c>i</c>).</summary>
    private struct Masks
    {
        public ulong Letter;
        public ulong Upper;
        public ulong Digit;
        public ulong Space;
        public ulong Newline;
        public ulong NonAscii;
        public ulong Cjk;
        public ulong OtherLetter;
        public ulong Symbol;
        public ulong Surrogate;
    }

    /// <summary>The masks of the previous block that runs continue from (their top bits).</summary>
    private readonly record struct Carry(ulong Letter, ulong Lower, ulong Digit, ulong Punctuation, ulong Space, ulong Run2, ulong Run4, ulong Run8);
}
