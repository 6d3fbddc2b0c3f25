using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace LlmRouter;

// Reading text: word-start keyword matching, code symbols, line structure and math expressions, in a few passes without allocation.
public sealed partial class HeuristicComplexityClassifier
{
    private static void Scan(string text, ref Counts counts)
    {
        var span = text.AsSpan();
        ScanWords(span, ref counts);
        ScanSymbols(span, ref counts);
        ScanLines(span, ref counts);
        counts.CodePunctuation += span.Count('{') + span.Count('}') + span.Count(';');

        // Fenced code blocks; math and questions are only counted outside them.
        var position = 0;
        var inside = false;
        while (true)
        {
            var found = span[position..].IndexOf("```", StringComparison.Ordinal);
            var end = found < 0 ? span.Length : position + found;
            if (!inside)
            {
                var prose = span[position..end];
                counts.Questions += prose.Count('?');
                counts.MathExpressions += CountMath(prose);
            }

            if (found < 0)
            {
                break;
            }

            if (!inside)
            {
                counts.FencedBlocks++;
            }

            inside = !inside;
            position = end + 3;
        }
    }

    /// <summary>
    /// Matches keywords at every word start: an ASCII letter not preceded by an ASCII letter or digit and followed by two more
    /// letters (every keyword starts with three letters). Word starts are found eight characters at a time.
    /// </summary>
    private static void ScanWords(ReadOnlySpan<char> text, ref Counts counts)
    {
        var i = 0;
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<ushort>.Count + 3)
        {
            MatchWordIfStart(text, 0, ref counts);
            ref var chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            var last = text.Length - Vector128<ushort>.Count - 2;
            for (i = 1; i <= last; i += Vector128<ushort>.Count)
            {
                var previous = Vector128.LoadUnsafe(ref chars, (nuint)(i - 1));
                var current = Vector128.LoadUnsafe(ref chars, (nuint)i);
                var next = Vector128.LoadUnsafe(ref chars, (nuint)(i + 1));
                var afterNext = Vector128.LoadUnsafe(ref chars, (nuint)(i + 2));
                var words = Vector128.AndNot(IsAsciiLetter(current) & IsAsciiLetter(next) & IsAsciiLetter(afterNext), IsAsciiLetterOrDigit(previous));
                var starts = Vector128.ExtractMostSignificantBits(words);
                while (starts != 0)
                {
                    MatchWord(text, i + BitOperations.TrailingZeroCount(starts), ref counts);
                    starts &= starts - 1;
                }
            }
        }

        for (; i < text.Length; i++)
        {
            MatchWordIfStart(text, i, ref counts);
        }
    }

    private static void MatchWordIfStart(ReadOnlySpan<char> text, int index, ref Counts counts)
    {
        if (index + 2 < text.Length
            && char.IsAsciiLetter(text[index]) && char.IsAsciiLetter(text[index + 1]) && char.IsAsciiLetter(text[index + 2])
            && (index == 0 || !char.IsAsciiLetterOrDigit(text[index - 1])))
        {
            MatchWord(text, index, ref counts);
        }
    }

    private static Vector128<ushort> IsAsciiLetter(Vector128<ushort> chars) =>
        Vector128.LessThanOrEqual((chars | Vector128.Create((ushort)0x20)) - Vector128.Create((ushort)'a'), Vector128.Create((ushort)('z' - 'a')));

    private static Vector128<ushort> IsAsciiLetterOrDigit(Vector128<ushort> chars) =>
        IsAsciiLetter(chars) | Vector128.LessThanOrEqual(chars - Vector128.Create((ushort)'0'), Vector128.Create((ushort)9));

    private static void MatchWord(ReadOnlySpan<char> text, int index, ref Counts counts)
    {
        if (WordTable[WordSlot(text[index], text[index + 1], text[index + 2])] is { } bucket)
        {
            MatchAt(text, index, bucket, ref counts);
        }
    }

    /// <summary>Gets a word's slot in <see cref="WordTable"/> from its first three characters, ignoring ASCII case.</summary>
    private static int WordSlot(char first, char second, char third) =>
        (int)(((uint)(first | 0x20) * 961 + ((uint)(second | 0x20) * 31) + (uint)(third | 0x20)) & (WordTableSize - 1));

    /// <summary>Finds code tokens that start with a symbol (<c>=&gt;</c>, <c>();</c>, <c>#include</c>); stops early, as their evidence is capped anyway.</summary>
    private static void ScanSymbols(ReadOnlySpan<char> text, ref Counts counts)
    {
        const int MaxHits = 16;
        var offset = 0;
        for (var hits = 0; hits < MaxHits && offset < text.Length; hits++)
        {
            var found = text[offset..].IndexOfAny(SymbolSearch);
            if (found < 0)
            {
                return;
            }

            var index = offset + found;
            MatchAt(text, index, Symbols, ref counts);
            offset = index + 1;
        }
    }

    private static void MatchAt(ReadOnlySpan<char> text, int index, Keyword[] candidates, ref Counts counts)
    {
        var rest = text[index..];
        var head = Pack(rest);
        var tail = rest.Length > 4 ? Pack(rest[4..]) : 0;
        for (var k = 0; k < candidates.Length; k++)
        {
            ref readonly var keyword = ref candidates[k];

            // A keyword seen before adds nothing; keywords never overlap, so skipping it cannot hide another match.
            if ((head & keyword.HeadMask) != keyword.Head
                || (tail & keyword.TailMask) != keyword.Tail
                || keyword.Text.Length > rest.Length
                || counts.HasSeen(keyword.Id)
                || (keyword.NeedsFullCompare && !StartsWithLowerKeyword(rest, keyword.Text))
                || (keyword.WholeWord && keyword.Text.Length < rest.Length && char.IsLetterOrDigit(rest[keyword.Text.Length])))
            {
                continue;
            }

            counts.Add(keyword);
            return;
        }
    }

    /// <summary>Packs up to four characters, with ASCII case folded, into one number: comparing two of them compares eight characters at once.</summary>
    private static ulong Pack(ReadOnlySpan<char> text)
    {
        const ulong CaseBits = 0x0020_0020_0020_0020;
        if (text.Length >= 4)
        {
            return MemoryMarshal.Read<ulong>(MemoryMarshal.AsBytes(text[..4])) | CaseBits;
        }

        ulong packed = 0;
        for (var i = 0; i < text.Length; i++)
        {
            packed |= (ulong)text[i] << CharShift(i);
        }

        return packed | CaseBits;
    }

    private static int CharShift(int position) => 16 * (BitConverter.IsLittleEndian ? position : 3 - position);

    /// <summary>Compares text with a lower-case ASCII keyword, ignoring the case of letters only.</summary>
    private static bool StartsWithLowerKeyword(ReadOnlySpan<char> text, string keyword)
    {
        if (text.Length < keyword.Length)
        {
            return false;
        }

        for (var i = 0; i < keyword.Length; i++)
        {
            var expected = keyword[i];
            var actual = text[i];
            if (actual != expected && (expected < 'a' || expected > 'z' || (actual | 0x20) != expected))
            {
                return false;
            }
        }

        return true;
    }

    private static void ScanLines(ReadOnlySpan<char> text, ref Counts counts)
    {
        var rest = text;
        while (!rest.IsEmpty)
        {
            var newline = rest.IndexOf('\n');
            var line = (newline < 0 ? rest : rest[..newline]).TrimStart();
            if (line.Length > 2)
            {
                var digits = 0;
                while (digits < line.Length && digits < 3 && char.IsAsciiDigit(line[digits]))
                {
                    digits++;
                }

                if (digits > 0 && digits + 1 < line.Length && (line[digits] == '.' || line[digits] == ')') && line[digits + 1] == ' ')
                {
                    counts.NumberedItems++;
                }
                else if ((line[0] == '-' || line[0] == '*' || line[0] == '•') && line[1] == ' ')
                {
                    counts.Bullets++;
                }
                else if (line.StartsWith("at ", StringComparison.Ordinal) && (line.Contains('(') || line.Contains(":line ", StringComparison.Ordinal)))
                {
                    counts.StackFrames++;
                }
                else if (line.StartsWith("File \"", StringComparison.Ordinal) && line.Contains(", line ", StringComparison.Ordinal))
                {
                    counts.StackFrames++;
                }
            }

            if (newline < 0)
            {
                break;
            }

            rest = rest[(newline + 1)..];
        }
    }

    /// <summary>Counts math expressions: math symbols, and operators between numbers or one-letter variables (<c>2x + 3 = 7</c>, <c>x^2</c>).</summary>
    private static int CountMath(ReadOnlySpan<char> text)
    {
        const int MaxHits = 3;
        const int MaxExamined = 24;
        var hits = 0;
        var offset = 0;
        for (var examined = 0; hits < MaxHits && examined < MaxExamined && offset < text.Length; examined++)
        {
            var found = text[offset..].IndexOfAny(MathChars);
            if (found < 0)
            {
                break;
            }

            var index = offset + found;
            offset = index + 1;
            var op = text[index];
            if (op > 127)
            {
                hits++;
                continue;
            }

            var left = Operand(text, index, -1);
            var right = Operand(text, index, +1);
            if (left == OperandKind.None || right == OperandKind.None)
            {
                continue;
            }

            var numeric = left == OperandKind.Number || right == OperandKind.Number;
            if (numeric || op == '=' || op == '^')
            {
                hits++;
            }
        }

        return hits;
    }

    private static OperandKind Operand(ReadOnlySpan<char> text, int index, int direction)
    {
        var i = index + direction;
        while ((uint)i < (uint)text.Length && text[i] == ' ')
        {
            i += direction;
        }

        if ((uint)i >= (uint)text.Length)
        {
            return OperandKind.None;
        }

        var c = text[i];
        if (char.IsAsciiDigit(c))
        {
            return OperandKind.Number;
        }

        if (c == (direction < 0 ? ')' : '('))
        {
            return OperandKind.Variable;
        }

        if (char.IsAsciiLetter(c))
        {
            var beyond = i + direction;
            return (uint)beyond < (uint)text.Length && char.IsLetter(text[beyond]) ? OperandKind.None : OperandKind.Variable;
        }

        return OperandKind.None;
    }

    private static bool IsGreeting(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty || text.Length > GreetingMaxChars)
        {
            return false;
        }

        foreach (var greeting in Greetings)
        {
            if (text.StartsWith(greeting, StringComparison.OrdinalIgnoreCase)
                && (text.Length == greeting.Length || !char.IsLetter(text[greeting.Length])))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Numbers keywords for the seen-keyword bit set and packs their first eight characters.</summary>
    private static Keyword[] Prepare(Keyword[] keywords, int firstId)
    {
        for (var i = 0; i < keywords.Length; i++)
        {
            var text = keywords[i].Text;
            var headMask = Mask(Math.Min(text.Length, 4));
            var tailMask = Mask(Math.Clamp(text.Length - 4, 0, 4));
            keywords[i] = keywords[i] with
            {
                Id = firstId + i,
                Head = Pack(text) & headMask,
                HeadMask = headMask,
                Tail = text.Length > 4 ? Pack(text.AsSpan(4)) & tailMask : 0,
                TailMask = tailMask,
                NeedsFullCompare = text.Length > 8 || text.AsSpan().ContainsAnyExceptInRange('a', 'z'),
            };
        }

        return keywords;

        static ulong Mask(int characters)
        {
            ulong mask = 0;
            for (var c = 0; c < characters; c++)
            {
                mask |= 0xFFFFUL << CharShift(c);
            }

            return mask;
        }
    }

    private static string[] GetTexts(Keyword[] keywords)
    {
        var texts = new string[keywords.Length];
        for (var i = 0; i < keywords.Length; i++)
        {
            texts[i] = keywords[i].Text;
        }

        return texts;
    }

    private static Keyword[]?[] BuildWordTable()
    {
        if (Keywords.Length + Symbols.Length > Counts.MaxKeywords)
        {
            throw new InvalidOperationException("Too many keywords for the seen-keyword bit set.");
        }

        var lists = new List<Keyword>?[WordTableSize];
        foreach (var keyword in Keywords)
        {
            var text = keyword.Text;
            if (text.Length < 3 || !char.IsAsciiLetterLower(text[0]) || !char.IsAsciiLetterLower(text[1]) || !char.IsAsciiLetterLower(text[2])
                || !Ascii.IsValid(text) || text != text.ToLowerInvariant())
            {
                throw new InvalidOperationException($"Keyword '{text}' must be lower-case ASCII and start with three letters.");
            }

            (lists[WordSlot(text[0], text[1], text[2])] ??= []).Add(keyword);
        }

        var table = new Keyword[]?[lists.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            if (lists[i] is { } list)
            {
                // Longest first, so "step by step" wins over a shorter keyword at the same place.
                list.Sort(static (a, b) => b.Text.Length.CompareTo(a.Text.Length));
                table[i] = [.. list];
            }
        }

        return table;
    }
}
