using System.Text;

namespace LlmRouter.Tests.Tokens;

public class TokenBoundTests
{
    private static ModelDescriptor Model(int maxOutput = 4_000, int context = 100_000, ModelPricing? pricing = null) =>
        new("p", "m", ModelTier.Fast) { MaxOutputTokens = maxOutput, ContextWindow = context, Pricing = pricing ?? new ModelPricing(1m, 2m) };

    [Theory]
    [InlineData("hello world")]
    [InlineData("路由器在高并发下不能超出每日预算。")]
    [InlineData("🚀🔥🧠👩‍👩‍👧‍👦")]
    [InlineData("ميزانية бюджет बजट")]
    public void InputTokens_IsAtLeastTheUtf8BytesOfEveryTextPlusOverheads(string text)
    {
        List<ChatMessage> messages = [new(ChatRole.System, "系统"), new(ChatRole.User, text)];

        var bound = TokenBound.InputTokens(messages, new ChatOptions { Instructions = "説明" });

        var bytes = Encoding.UTF8.GetByteCount(text) + Encoding.UTF8.GetByteCount("系统") + Encoding.UTF8.GetByteCount("説明");
        Assert.Equal(bytes + (3 * TokenBound.PerMessage) + TokenBound.PerRequest, bound);
        Assert.True(bound > TokenEstimator.Default.Estimate(messages, null), "The bound must not be the estimate.");
    }

    [Fact]
    public void InputTokens_CountsImagesToolsSchemasAndFunctionContent()
    {
        List<ChatMessage> plain = [new(ChatRole.User, "look")];
        var baseline = TokenBound.InputTokens(plain, null);
        List<ChatMessage> image = [new(ChatRole.User, [new TextContent("look"), new UriContent(new Uri("https://example.com/a.png"), "image/png")])];
        List<ChatMessage> call =
        [
            new(ChatRole.User, "look"),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["city"] = "東京" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "晴れ、気温二十度")]),
        ];
        var tools = new ChatOptions { Tools = [AIFunctionFactory.Create((string city) => city, "lookup", "Looks a city up")] };
        var schema = new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema<Answer>() };

        Assert.True(TokenBound.InputTokens(image, null) >= baseline + TokenBound.PerImage);
        Assert.True(TokenBound.InputTokens(call, null) > baseline + (2 * TokenBound.PerMessage) + Encoding.UTF8.GetByteCount("晴れ、気温二十度"));
        Assert.True(TokenBound.InputTokens(plain, tools) > baseline + TokenBound.PerTool + "lookup".Length + "Looks a city up".Length);
        Assert.True(TokenBound.InputTokens(plain, schema) > baseline + 20);
    }

    [Fact]
    public void WithMessage_AddsTheMessagesBound()
    {
        List<ChatMessage> messages = [new(ChatRole.User, "one")];
        var added = new ChatMessage(ChatRole.Assistant, "二つ");

        Assert.Equal(TokenBound.InputTokens([.. messages, added], null), TokenBound.WithMessage(TokenBound.InputTokens(messages, null), added));
    }

    [Fact]
    public void OutputTokens_IsTheRequestLimitWithinTheModelsElseTheModelsElseTheWindow()
    {
        Assert.Equal(100, TokenBound.OutputTokens(Model(), new ChatOptions { MaxOutputTokens = 100 }));
        Assert.Equal(4_000, TokenBound.OutputTokens(Model(), new ChatOptions { MaxOutputTokens = 50_000 }));
        Assert.Equal(4_000, TokenBound.OutputTokens(Model(), null));
        Assert.Equal(100_000, TokenBound.OutputTokens(Model(maxOutput: 0), null));
        Assert.Equal(RoutingCost.UnknownWorstCaseOutputTokens, TokenBound.OutputTokens(Model(maxOutput: 0, context: 0), null));
    }

    [Fact]
    public void OutputTokens_IsNotReducedByTheInput()
    {
        // The window left after the input is no bound: the input's real size may be far below its bound.
        Assert.Equal(4_000, TokenBound.OutputTokens(Model(context: 5_000), null));
    }

    [Fact]
    public void Cost_PricesInputAtTheHighestInputRate()
    {
        var pricing = new ModelPricing(3m, 15m) { CachedInputPerMillion = 0.3m, CacheWritePerMillion = 3.75m };

        Assert.Equal(((1_000 * 3.75m) + (200 * 15m)) / 1_000_000m, TokenBound.Cost(Model(pricing: pricing), 1_000, new ChatOptions { MaxOutputTokens = 200 }));
    }

    private sealed record Answer(string Text, int Score);
}
