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
/// The masks are made with 256- or 128-bit vectors where the hardware has them, else one character at a time; all give the same
/// counts. Nothing is allocated.
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
    /// <returns>The counts.</returns>
    internal static TextCounts Scan(ReadOnlySpan<char> text, int vectorBits)
    {
        // Everything lives in locals (the JIT keeps them in registers); a block's masks continue the previous block's runs through
        // the top bits of its masks (the carries).
        var counts = default(TextCounts);
        long letters = 0, words = 0, caseSplits = 0, longRunLetters = 0, digits = 0, digitRuns = 0, punctuationRuns = 0, spaceRuns = 0, newlines = 0;
        ulong lastLetter = 0, lastLower = 0, lastDigit = 0, lastPunctuation = 0, lastSpace = 0, lastRun2 = 0, lastRun4 = 0, lastRun8 = 0;
        Span<char> shortText = stackalloc char[BlockLength];
        ref var start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        for (var i = 0; i < text.Length; i += BlockLength)
        {
            var length = Math.Min(BlockLength, text.Length - i);

            // A last, partial block is read as the text's last 64 characters, its masks shifted past those read before (skip); a text
            // shorter than a block is copied into a buffer first. Either way the bits beyond the text are masked off (valid).
            var skip = 0;
            scoped ref var block = ref Unsafe.Add(ref start, i);
            if (length < BlockLength && vectorBits > 0)
            {
                if (text.Length >= BlockLength)
                {
                    skip = BlockLength - length;
                    block = ref Unsafe.Add(ref start, text.Length - BlockLength);
                }
                else
                {
                    text.CopyTo(shortText);
                    block = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(shortText));
                }
            }

            ulong letter, upper, digit, space, newline, other;
            if (vectorBits >= 256)
            {
                Classify256(ref block, out letter, out upper, out digit, out space, out newline, out other);
            }
            else if (vectorBits > 0)
            {
                Classify128(ref block, out letter, out upper, out digit, out space, out newline, out other);
            }
            else
            {
                ClassifyScalar(text.Slice(i, length), out letter, out upper, out digit, out space, out newline, out other);
            }

            var valid = length == BlockLength ? ulong.MaxValue : (1UL << length) - 1;
            letter = (letter >> skip) & valid;
            upper = (upper >> skip) & valid;
            digit = (digit >> skip) & valid;
            space = (space >> skip) & valid;
            newline = (newline >> skip) & valid;
            other = (other >> skip) & valid;
            var lower = letter & ~upper;
            var punctuation = ~(letter | digit | space | other) & valid;

            letters += BitOperations.PopCount(letter);
            words += BitOperations.PopCount(letter & ~((letter << 1) | (lastLetter >> 63)));
            caseSplits += BitOperations.PopCount(upper & ((lower << 1) | (lastLower >> 63)));
            digits += BitOperations.PopCount(digit);
            digitRuns += BitOperations.PopCount(digit & ~((digit << 1) | (lastDigit >> 63)));
            punctuationRuns += BitOperations.PopCount(punctuation & ~((punctuation << 1) | (lastPunctuation >> 63)));
            spaceRuns += BitOperations.PopCount(space & ~((space << 1) | (lastSpace >> 63)));
            newlines += BitOperations.PopCount(newline);

            // A bit of run16 is set where the character and the 15 before it are letters: doubling spans of 2, 4, 8 and 16.
            var run2 = letter & ((letter << 1) | (lastLetter >> 63));
            var run4 = run2 & ((run2 << 2) | (lastRun2 >> 62));
            var run8 = run4 & ((run4 << 4) | (lastRun4 >> 60));
            longRunLetters += BitOperations.PopCount(run8 & ((run8 << 8) | (lastRun8 >> 56)));

            if (other != 0)
            {
                CountOther(ref block, skip, other, vectorBits, ref counts);
            }

            (lastLetter, lastLower, lastDigit, lastPunctuation, lastSpace, lastRun2, lastRun4, lastRun8) = (letter, lower, digit, punctuation, space, run2, run4, run8);
        }

        counts.Letters = letters;
        counts.Words = words;
        counts.CaseSplits = caseSplits;
        counts.LongRunLetters = longRunLetters;
        counts.Digits = digits;
        counts.DigitRuns = digitRuns;
        counts.PunctuationRuns = punctuationRuns;
        counts.WhiteSpaceRuns = spaceRuns;
        counts.Newlines = newlines;
        return counts;
    }

    /// <summary>Counts the characters beyond ASCII of a block (the bits of <paramref name="other"/>) by script.</summary>
    /// <param name="block">The 64 characters read (by vectors) or the block's first character (one at a time).</param>
    /// <param name="skip">How many of the characters read come before the block (its masks are shifted past them).</param>
    /// <param name="other">The block's characters beyond ASCII.</param>
    /// <param name="vectorBits">256, 128, or 0 for none.</param>
    /// <param name="counts">The counts to add to.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CountOther(ref ushort block, int skip, ulong other, int vectorBits, ref TextCounts counts)
    {
        ulong cjk = 0, letters = 0, symbols = 0, surrogates = 0;
        if (vectorBits >= 256)
        {
            for (nuint quarter = 0; quarter < 4; quarter++)
            {
                var chars = Vector256.LoadUnsafe(ref block, quarter * 16);
                var shift = (int)(quarter * 16);
                cjk |= (ulong)IsCjk(chars).ExtractMostSignificantBits() << shift;
                letters |= (ulong)Within(chars, 0x0080, 0x1FFF).ExtractMostSignificantBits() << shift;
                symbols |= (ulong)Within(chars, 0x2000, 0x2BFF).ExtractMostSignificantBits() << shift;
                surrogates |= (ulong)Within(chars, 0xD800, 0xDFFF).ExtractMostSignificantBits() << shift;
            }
        }
        else if (vectorBits > 0)
        {
            for (nuint eighth = 0; eighth < 8; eighth++)
            {
                var chars = Vector128.LoadUnsafe(ref block, eighth * 8);
                var shift = (int)(eighth * 8);
                cjk |= (ulong)IsCjk(chars).ExtractMostSignificantBits() << shift;
                letters |= (ulong)Within(chars, 0x0080, 0x1FFF).ExtractMostSignificantBits() << shift;
                symbols |= (ulong)Within(chars, 0x2000, 0x2BFF).ExtractMostSignificantBits() << shift;
                surrogates |= (ulong)Within(chars, 0xD800, 0xDFFF).ExtractMostSignificantBits() << shift;
            }
        }
        else
        {
            for (var bits = other; bits != 0; bits &= bits - 1)
            {
                var i = BitOperations.TrailingZeroCount(bits);
                var c = (char)Unsafe.Add(ref block, i);
                var bit = 1UL << i;
                if (IsCjk(c))
                {
                    cjk |= bit;
                }
                else if (c <= '\u1FFF')
                {
                    letters |= bit;
                }
                else if (c <= '\u2BFF')
                {
                    symbols |= bit;
                }
                else if (char.IsSurrogate(c))
                {
                    surrogates |= bit;
                }
            }
        }

        cjk = (cjk >> skip) & other;
        letters = (letters >> skip) & other;
        symbols = (symbols >> skip) & other;
        surrogates = (surrogates >> skip) & other;
        counts.Cjk += BitOperations.PopCount(cjk);
        counts.OtherLetters += BitOperations.PopCount(letters);
        counts.Symbols += BitOperations.PopCount(symbols);
        counts.Surrogates += BitOperations.PopCount(surrogates);
        counts.Other += BitOperations.PopCount(other & ~(cjk | letters | symbols | surrogates));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classify256(ref ushort block, out ulong letter, out ulong upper, out ulong digit, out ulong space, out ulong newline, out ulong other)
    {
        // Every character beyond ASCII becomes 0x80, so the narrowing to bytes keeps ASCII as it is and marks the rest.
        var ceiling = Vector256.Create((ushort)0x80);
        var low = Vector256.Narrow(Vector256.Min(Vector256.LoadUnsafe(ref block), ceiling), Vector256.Min(Vector256.LoadUnsafe(ref block, 16), ceiling));
        var high = Vector256.Narrow(Vector256.Min(Vector256.LoadUnsafe(ref block, 32), ceiling), Vector256.Min(Vector256.LoadUnsafe(ref block, 48), ceiling));
        upper = Bits(IsUpper(low), IsUpper(high));
        letter = upper | Bits(IsLower(low), IsLower(high));
        digit = Bits(IsDigit(low), IsDigit(high));
        newline = Bits(Vector256.Equals(low, Vector256.Create((byte)'\n')), Vector256.Equals(high, Vector256.Create((byte)'\n')));
        space = Bits(IsSpace(low), IsSpace(high));
        other = Bits(Vector256.Equals(low, Vector256.Create((byte)0x80)), Vector256.Equals(high, Vector256.Create((byte)0x80)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classify128(ref ushort block, out ulong letter, out ulong upper, out ulong digit, out ulong space, out ulong newline, out ulong other)
    {
        (letter, upper, digit, space, newline, other) = (0, 0, 0, 0, 0, 0);
        var ceiling = Vector128.Create((ushort)0x80);
        for (nuint quarter = 0; quarter < 4; quarter++)
        {
            var bytes = Vector128.Narrow(Vector128.Min(Vector128.LoadUnsafe(ref block, quarter * 16), ceiling), Vector128.Min(Vector128.LoadUnsafe(ref block, (quarter * 16) + 8), ceiling));
            var shift = (int)(quarter * 16);
            var isUpper = (ulong)InRange(bytes, 'A', 26).ExtractMostSignificantBits() << shift;
            upper |= isUpper;
            letter |= isUpper | ((ulong)InRange(bytes, 'a', 26).ExtractMostSignificantBits() << shift);
            digit |= (ulong)InRange(bytes, '0', 10).ExtractMostSignificantBits() << shift;
            newline |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)'\n')).ExtractMostSignificantBits() << shift;
            space |= (ulong)InRange(bytes, '\0', 33).ExtractMostSignificantBits() << shift;
            other |= (ulong)Vector128.Equals(bytes, Vector128.Create((byte)0x80)).ExtractMostSignificantBits() << shift;
        }
    }

    private static ulong Bits(Vector256<byte> low, Vector256<byte> high) =>
        low.ExtractMostSignificantBits() | ((ulong)high.ExtractMostSignificantBits() << 32);

    // After Min(…, 0x80) every byte is at most 0x80: adding a bias moves a range's first value to -128, so "in the range" is one signed
    // comparison (x86 has no unsigned byte comparison).
    private static Vector256<byte> IsUpper(Vector256<byte> bytes) => InRange(bytes, 'A', 26);

    private static Vector256<byte> IsLower(Vector256<byte> bytes) => InRange(bytes, 'a', 26);

    private static Vector256<byte> IsDigit(Vector256<byte> bytes) => InRange(bytes, '0', 10);

    /// <summary>White space: a space or a control character (tab, line feed, carriage return, …).</summary>
    private static Vector256<byte> IsSpace(Vector256<byte> bytes) => InRange(bytes, '\0', 33);

    private static Vector256<byte> InRange(Vector256<byte> bytes, char first, int count) =>
        Vector256.LessThan((bytes + Vector256.Create((byte)(0x80 - first))).AsSByte(), Vector256.Create((sbyte)(sbyte.MinValue + count))).AsByte();

    private static Vector128<byte> InRange(Vector128<byte> bytes, char first, int count) =>
        Vector128.LessThan((bytes + Vector128.Create((byte)(0x80 - first))).AsSByte(), Vector128.Create((sbyte)(sbyte.MinValue + count))).AsByte();

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

    private static void ClassifyScalar(ReadOnlySpan<char> block, out ulong letter, out ulong upper, out ulong digit, out ulong space, out ulong newline, out ulong other)
    {
        (letter, upper, digit, space, newline, other) = (0, 0, 0, 0, 0, 0);
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            var bit = 1UL << i;
            if (char.IsAsciiLetterUpper(c))
            {
                letter |= bit;
                upper |= bit;
            }
            else if (char.IsAsciiLetterLower(c))
            {
                letter |= bit;
            }
            else if (char.IsAsciiDigit(c))
            {
                digit |= bit;
            }
            else if (c <= ' ')
            {
                space |= bit;
                newline |= c == '\n' ? bit : 0;
            }
            else if (c >= '\u0080')
            {
                other |= bit;
            }
        }
    }
}
