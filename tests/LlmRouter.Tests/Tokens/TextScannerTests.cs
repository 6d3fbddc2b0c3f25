using LlmRouter.Tests.TestSupport;

namespace LlmRouter.Tests.Tokens;

public class TextScannerTests
{
    [Fact]
    public void Scan_CountsWordsNumbersPunctuationAndWhiteSpaceRuns()
    {
        var counts = TextScanner.Scan("Hello, world!\n  It costs 12.50 dollars.");

        Assert.Equal(5, counts.Words); // Hello, world, It, costs, dollars
        Assert.Equal(24, counts.Letters);
        Assert.Equal(2, counts.DigitRuns); // 12 and 50
        Assert.Equal(4, counts.Digits);
        Assert.Equal(4, counts.PunctuationRuns); // "," "!" "." "."
        Assert.Equal(5, counts.WhiteSpaceRuns); // "\n  " is one
        Assert.Equal(1, counts.Newlines);
    }

    [Fact]
    public void Scan_CountsCamelCaseSplitsAndTheTailsOfLongRuns()
    {
        Assert.Equal(2, TextScanner.Scan("getRouteTable HTTPClient").CaseSplits); // tR, eT; an upper case letter after another is no split
        Assert.Equal(5, TextScanner.Scan(new string('a', 20)).LongRunLetters); // letters 16 to 20 of the run
        Assert.Equal(0, TextScanner.Scan(string.Join(' ', Enumerable.Repeat("abcdefghijklmno", 10))).LongRunLetters);
    }

    [Fact]
    public void Scan_GroupsCharactersBeyondAsciiByScript()
    {
        var counts = TextScanner.Scan("路由器 ルーター 라우터 маршрутизатор café → “ok” 😀\uE000");

        Assert.Equal(10, counts.Cjk);
        Assert.Equal(14, counts.OtherLetters); // 13 Cyrillic letters and é
        Assert.Equal(3, counts.Symbols); // → “ ”
        Assert.Equal(2, counts.Surrogates);
        Assert.Equal(1, counts.Other); // a private-use character
    }

    [Fact]
    public void Scan_RunsContinueAcrossBlocksOf64Characters()
    {
        // A word, a number and a space run each straddling the boundary between the first and the second block.
        var text = new string('.', 60) + "abcdefgh" + new string('.', 56) + "12345678" + new string('.', 56) + "        x";

        var counts = TextScanner.Scan(text);

        Assert.Equal(2, counts.Words);
        Assert.Equal(1, counts.DigitRuns);
        Assert.Equal(1, counts.WhiteSpaceRuns);
        Assert.Equal(3, counts.PunctuationRuns);
    }

    [Fact]
    public void Scan_With256BitVectors128BitVectorsAndOneCharacterAtATime_CountsTheSame()
    {
        var random = new Random(11);
        const string alphabet = "abcXYZ019 \t\n.,;()\"'{}路ル라мé→“😀\uE000";
        var texts = TokenCorpus.All.Select(TokenCorpus.Read).ToList();
        for (var length = 0; length <= 200; length++)
        {
            texts.Add(new string(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
        }

        foreach (var text in texts)
        {
            var scalar = TextScanner.Scan(text, vectorBits: 0);
            Assert.Equal(scalar, TextScanner.Scan(text, vectorBits: 128));
            Assert.Equal(scalar, TextScanner.Scan(text, vectorBits: 256));
        }
    }

    [Fact]
    public void Scan_EmptyText_CountsNothing()
    {
        Assert.Equal(default, TextScanner.Scan(string.Empty));
        Assert.Equal(0, HeuristicTokenCounter.Instance.CountTokens(string.Empty));
    }
}
