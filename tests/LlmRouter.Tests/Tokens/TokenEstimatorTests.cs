using System.Text.Json;

namespace LlmRouter.Tests.Tokens;

public class TokenEstimatorTests
{
    private static readonly TokenEstimator Estimator = TokenEstimator.Default;

    private static int Count(string text) => HeuristicTokenCounter.Instance.CountTokens(text);

    [Fact]
    public void Estimate_IsTheRequestPlusEveryMessage()
    {
        List<ChatMessage> messages =
        [
            new(ChatRole.System, "You answer in one sentence."),
            new(ChatRole.User, "What is a context window?"),
            new(ChatRole.Assistant, "The most tokens a model reads at once."),
        ];
        var options = new ChatOptions { Instructions = "Be brief.", Tools = [AIFunctionFactory.Create((string city) => city, "weather", "Gets the weather")] };

        var estimate = Estimator.Estimate(messages, options);

        Assert.Equal(Estimator.Request(options) + messages.Sum(Estimator.Message), estimate);
        Assert.Equal(TokenEstimator.PerMessage + Count("What is a context window?"), Estimator.Message(messages[1]));
        Assert.Equal(TokenEstimator.PerRequest, Estimator.Request(null));
    }

    [Fact]
    public void Estimate_CountsTextWithTheGivenCounter()
    {
        var estimator = new TokenEstimator(new EveryTextIs(1_000));
        List<ChatMessage> messages = [new(ChatRole.User, "hi"), new(ChatRole.User, [new TextContent("a"), new TextContent("b")])];

        Assert.Equal(TokenEstimator.PerRequest + (2 * TokenEstimator.PerMessage) + 3_000, estimator.Estimate(messages, null));
    }

    [Fact]
    public void Message_CountsImagesAndOtherMedia()
    {
        var text = new ChatMessage(ChatRole.User, "describe this");
        var image = new ChatMessage(ChatRole.User, [new TextContent("describe this"), new DataContent(new byte[] { 1 }, "image/png")]);
        var document = new ChatMessage(ChatRole.User, [new TextContent("describe this"), new UriContent("https://example.test/a.pdf", "application/pdf")]);

        Assert.Equal(Estimator.Message(text) + TokenEstimator.PerImage, Estimator.Message(image));
        Assert.Equal(Estimator.Message(text) + TokenEstimator.PerImage, Estimator.Message(document));
    }

    [Fact]
    public void Message_CountsFunctionCallsAndResultsByTheirContent()
    {
        var longText = string.Join(' ', Enumerable.Repeat("the quick brown fox", 50));
        var shortCall = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search", new Dictionary<string, object?> { ["query"] = "fox" })]);
        var longCall = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search", new Dictionary<string, object?> { ["query"] = longText })]);
        var stringResult = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", longText)]);
        var jsonResult = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", JsonSerializer.SerializeToElement(new { text = longText }))]);

        Assert.Equal(Estimator.Message(shortCall) - Count("fox") + Count(longText), Estimator.Message(longCall));
        Assert.Equal(TokenEstimator.PerMessage + TokenEstimator.PerFunctionContent + Count("c1") + Count(longText), Estimator.Message(stringResult));
        Assert.InRange(Estimator.Message(jsonResult), Estimator.Message(stringResult), Estimator.Message(stringResult) + 10);
    }

    [Fact]
    public void Request_CountsInstructionsToolSchemasAndResponseSchemas()
    {
        var tool = AIFunctionFactory.Create((string city, int days) => city, "forecast", "Gets the forecast for a city over some days");
        var schema = JsonSerializer.SerializeToElement(new { type = "object", properties = new { answer = new { type = "string" } } });

        var withTool = Estimator.Request(new ChatOptions { Tools = [tool] });
        var withSchema = Estimator.Request(new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "reply") });

        Assert.Equal(
            TokenEstimator.PerRequest + TokenEstimator.PerTool + Count("forecast") + Count(tool.Description) + Count(tool.JsonSchema.GetRawText()),
            withTool);
        Assert.Equal(withTool, Estimator.Request(new ChatOptions { Tools = [tool] })); // counted once, then remembered
        Assert.Equal(TokenEstimator.PerRequest + Count("reply") + Count(schema.GetRawText()), withSchema);
        Assert.Equal(TokenEstimator.PerRequest + TokenEstimator.PerMessage + Count("Be brief."), Estimator.Request(new ChatOptions { Instructions = "Be brief." }));
    }

    [Fact]
    public void QuickBound_IsNeverBelowTheEstimate()
    {
        var random = new Random(3);
        const string alphabet = "aZ0 .\n,1-路→😀é";
        for (var round = 0; round < 500; round++)
        {
            var texts = Enumerable.Range(0, random.Next(1, 4))
                .Select(_ => new string(Enumerable.Range(0, random.Next(0, 300)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
            var messages = texts.Select(t => new ChatMessage(ChatRole.User, t) { AuthorName = round % 3 == 0 ? "a1" : null }).ToList();
            var options = round % 2 == 0 ? new ChatOptions { Instructions = "1,2,3,4" } : null;

            Assert.True(Estimator.QuickBound(messages, options) >= Estimator.Estimate(messages, options));
        }

        Assert.True(Estimator.QuickBound([new(ChatRole.User, "1,2,3,4,5,6,7,8,9")], null) >= Estimator.Estimate([new(ChatRole.User, "1,2,3,4,5,6,7,8,9")], null));
    }

    [Fact]
    public void QuickBound_WithoutACheapBound_IsMinusOne()
    {
        List<ChatMessage> text = [new(ChatRole.User, "hello")];

        Assert.Equal(-1, new TokenEstimator(new EveryTextIs(1)).QuickBound(text, null));
        Assert.Equal(-1, Estimator.QuickBound(text, new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] }));
        Assert.Equal(-1, Estimator.QuickBound([new(ChatRole.Assistant, [new FunctionCallContent("c", "f")])], null));
        Assert.Equal(-1, Estimator.QuickBound([new(ChatRole.User, [new DataContent(new byte[] { 1 }, "image/png")])], null));
        Assert.True(Estimator.QuickBound(text, null) > 0);
    }

    private sealed class EveryTextIs(int tokens) : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text) => tokens;
    }
}
