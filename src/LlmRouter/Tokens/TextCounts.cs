namespace LlmRouter;

/// <summary>
/// What <see cref="TextScanner"/> counts in a text: the units tokenizers split text into (words, number groups, runs of
/// punctuation and white space, ideographs, …), from which <see cref="HeuristicTokenCounter"/> estimates its tokens.
/// </summary>
/// <remarks>ASCII letters, digits, punctuation and white space are told apart; other characters are grouped by script.</remarks>
internal struct TextCounts
{
    /// <summary>ASCII letters.</summary>
    public long Letters;

    /// <summary>Runs of ASCII letters (words, and the parts of words other characters split).</summary>
    public long Words;

    /// <summary>Upper-case ASCII letters right after a lower-case one: where a camel-case identifier splits (<c>routeTable</c>).</summary>
    public long CaseSplits;

    /// <summary>ASCII letters with at least 15 letters right before them: the tail of a run too long to be a word (hashes, repeated letters).</summary>
    public long LongRunLetters;

    /// <summary>ASCII digits.</summary>
    public long Digits;

    /// <summary>Runs of ASCII digits (numbers).</summary>
    public long DigitRuns;

    /// <summary>Runs of ASCII punctuation and symbols (anything ASCII that is not a letter, digit, space or control character).</summary>
    public long PunctuationRuns;

    /// <summary>Runs of white space: spaces, tabs, line breaks and other ASCII control characters.</summary>
    public long WhiteSpaceRuns;

    /// <summary>Line feeds.</summary>
    public long Newlines;

    /// <summary>CJK ideographs, kana, hangul, CJK punctuation and full-width forms (U+3000–U+9FFF, U+AC00–U+D7AF, U+F900–U+FAFF, U+FF00–U+FFEF).</summary>
    public long Cjk;

    /// <summary>Letters and marks of alphabetic scripts beyond ASCII (U+0080–U+1FFF: accented Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, …).</summary>
    public long OtherLetters;

    /// <summary>General punctuation, arrows and symbols (U+2000–U+2BFF: dashes, curly quotes, →, ≤, ✅).</summary>
    public long Symbols;

    /// <summary>UTF-16 surrogates: two per emoji or other character beyond U+FFFF.</summary>
    public long Surrogates;

    /// <summary>Every other character beyond ASCII.</summary>
    public long Other;
}
