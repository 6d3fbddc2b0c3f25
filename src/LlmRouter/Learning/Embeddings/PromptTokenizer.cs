using System.Globalization;

namespace LlmRouter;

/// <summary>
/// Splits a prompt into words, numbers and math symbols; everything else (spaces, punctuation, brackets) separates tokens.
/// Letters and digits never share a token: <c>x2</c> is the word <c>x</c> and a number.
/// </summary>
internal static class PromptTokenizer
{
    /// <summary>Writes the tokens of <paramref name="text"/> to <paramref name="tokens"/> (at least as long as the text) and returns how many.</summary>
    public static int Tokenize(ReadOnlySpan<char> text, Span<PromptToken> tokens)
    {
        var count = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var start = i;
            if (char.IsLetter(c))
            {
                i++;
                while (i < text.Length && IsWordContinuation(text[i]))
                {
                    i++;
                }

                tokens[count++] = new PromptToken(start, i - start, PromptTokenKind.Word);
            }
            else if (char.IsDigit(c))
            {
                i = ScanNumber(text, i, out var integerDigits, out var hasFraction);
                var magnitude = Math.Min(integerDigits, HashingEmbeddingDefaults.MaxNumberMagnitude);
                tokens[count++] = new PromptToken(start, i - start, PromptTokenKind.Number, magnitude, hasFraction);
            }
            else
            {
                if (IsMathSymbol(text, i))
                {
                    tokens[count++] = new PromptToken(start, 1, PromptTokenKind.Symbol);
                }

                i++;
            }
        }

        return count;
    }

    private static bool IsWordContinuation(char c) =>
        char.IsLetter(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    // Digits, then ",ddd" thousands groups (exactly three digits) and one ".d+" decimal part.
    private static int ScanNumber(ReadOnlySpan<char> text, int i, out int integerDigits, out bool hasFraction)
    {
        integerDigits = 0;
        hasFraction = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsDigit(c))
            {
                integerDigits += hasFraction ? 0 : 1;
                i++;
            }
            else if (c == ',' && !hasFraction && IsThousandsGroup(text, i + 1))
            {
                i++;
            }
            else if (c == '.' && !hasFraction && i + 1 < text.Length && char.IsDigit(text[i + 1]))
            {
                hasFraction = true;
                i++;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static bool IsThousandsGroup(ReadOnlySpan<char> text, int start) =>
        start + 3 <= text.Length
        && char.IsDigit(text[start]) && char.IsDigit(text[start + 1]) && char.IsDigit(text[start + 2])
        && (start + 3 == text.Length || !char.IsDigit(text[start + 3]));

    // + * / = < > ^ % and every Unicode symbol (math, currency, modifier); '-' unless it joins two letters (a hyphenated word).
    private static bool IsMathSymbol(ReadOnlySpan<char> text, int i)
    {
        var c = text[i];
        return c switch
        {
            '*' or '/' or '%' => true,
            '-' => !(i > 0 && char.IsLetter(text[i - 1]) && i + 1 < text.Length && char.IsLetter(text[i + 1])),
            _ => char.IsSymbol(c),
        };
    }
}
