using System.Globalization;
using System.Text;
using LlmRouter.Tests.TestSupport;
using Microsoft.ML.Tokenizers;
using Xunit.Abstractions;

namespace LlmRouter.Tests.Tokens;

/// <summary>
/// The estimate against OpenAI's real tokenizers on the corpus of tests/Fixtures/tokens: within 10 % of o200k on every text
/// (English, Markdown, C#, Python, JSON, Chinese, Japanese, Russian, French/German/Spanish) and of cl100k on English and code.
/// </summary>
public class HeuristicTokenCounterAccuracyTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.10;

    public static TheoryData<string> Corpus => new(TokenCorpus.All);

    public static TheoryData<string> EnglishAndCode => new(
        TokenCorpus.EnglishProse, TokenCorpus.TechnicalMarkdown, TokenCorpus.CSharpCode, TokenCorpus.PythonCode, TokenCorpus.Json);

    [Theory]
    [MemberData(nameof(Corpus))]
    public void HeuristicTokenCounter_EveryCorpusText_IsWithinTenPercentOfO200k(string file)
    {
        var text = TokenCorpus.Read(file);

        var error = Error(HeuristicTokenCounter.Instance.CountTokens(text), RealTokenizers.O200k.CountTokens(text));

        Assert.True(Math.Abs(error) <= Tolerance, $"{file}: the estimate is {error:P1} off o200k.");
    }

    [Theory]
    [MemberData(nameof(EnglishAndCode))]
    public void HeuristicTokenCounter_EnglishAndCode_IsWithinTenPercentOfCl100k(string file)
    {
        var text = TokenCorpus.Read(file);

        var error = Error(HeuristicTokenCounter.Instance.CountTokens(text), RealTokenizers.Cl100k.CountTokens(text));

        Assert.True(Math.Abs(error) <= Tolerance, $"{file}: the estimate is {error:P1} off cl100k.");
    }

    [Theory]
    [InlineData(TokenCorpus.EnglishProse)]
    [InlineData(TokenCorpus.CSharpCode)]
    [InlineData(TokenCorpus.ChineseProse)]
    public void HeuristicTokenCounter_IsCloserToO200kThanFourCharactersAToken(string file)
    {
        var text = TokenCorpus.Read(file);
        var real = RealTokenizers.O200k.CountTokens(text);

        var estimate = Math.Abs(Error(HeuristicTokenCounter.Instance.CountTokens(text), real));
        var fourCharacters = Math.Abs(Error((text.Length + 3) / 4, real));

        Assert.True(estimate < fourCharacters / 2, $"{file}: {estimate:P1} off, against {fourCharacters:P1} at four characters a token.");
    }

    [Theory]
    [InlineData(TokenCorpus.EnglishProse)]
    [InlineData(TokenCorpus.CSharpCode)]
    [InlineData(TokenCorpus.ChineseProse)]
    public void TokenEstimator_ConversationOfCorpusParagraphs_IsWithinTenPercentOfO200kChatFormat(string file)
    {
        // Each paragraph a message, alternating user and assistant, as OpenAI counts chat tokens: 3 a message, 3 for the reply.
        var paragraphs = TokenCorpus.Read(file).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var messages = paragraphs.Select((p, i) => new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, p)).ToList();
        var real = 3 + paragraphs.Sum(p => 3 + 1 + RealTokenizers.O200k.CountTokens(p));

        var error = Error(TokenEstimator.Default.Estimate(messages, null), real);

        Assert.True(Math.Abs(error) <= Tolerance, $"{file} as {messages.Count} messages: the estimate is {error:P1} off.");
    }

    /// <summary>Writes the error table quoted in benchmarks/README.md (run with a logger that shows output to read it).</summary>
    [Fact]
    public void HeuristicTokenCounter_ErrorTable()
    {
        var table = new StringBuilder();
        table.AppendLine("| Text | Characters | o200k | cl100k | Estimate | vs o200k | vs cl100k | chars/4 vs o200k |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var worst = 0.0;
        foreach (var file in TokenCorpus.All)
        {
            var text = TokenCorpus.Read(file);
            var (o200k, cl100k) = (RealTokenizers.O200k.CountTokens(text), RealTokenizers.Cl100k.CountTokens(text));
            var estimate = HeuristicTokenCounter.Instance.CountTokens(text);
            worst = Math.Max(worst, Math.Abs(Error(estimate, o200k)));
            table.AppendLine(CultureInfo.InvariantCulture, $"| `{file}` | {text.Length:N0} | {o200k:N0} | {cl100k:N0} | {estimate:N0} | {Error(estimate, o200k):+0.0%;-0.0%} | {Error(estimate, cl100k):+0.0%;-0.0%} | {Error((text.Length + 3) / 4, o200k):+0.0%;-0.0%} |");
        }

        output.WriteLine(table.ToString());
        Assert.True(worst <= Tolerance, $"The worst text is {worst:P1} off o200k.");
    }

    private static double Error(int estimate, int real) => (estimate - (double)real) / real;
}
