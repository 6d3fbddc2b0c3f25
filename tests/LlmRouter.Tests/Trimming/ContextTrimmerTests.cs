using Microsoft.Extensions.Logging.Abstractions;

namespace LlmRouter.Tests.Trimming;

/// <summary>Trimming with one token a character, so a message of n characters is n + 4 tokens and a request adds 3.</summary>
public class ContextTrimmerTests
{
    private static readonly TokenEstimator Estimator = new(new OneTokenACharacter());

    private static ContextTrimmer Trimmer(int reserved = 4_096) =>
        new(Estimator, new ContextTrimmingOptions { Enabled = true, ReservedOutputTokens = reserved }, NullLogger.Instance);

    private static ChatMessage Text(ChatRole role, int tokens) => new(role, new string('x', tokens - TokenEstimator.PerMessage));

    [Fact]
    public void Trim_DropsTheOldestMessagesUntilItFits_AndNoMore()
    {
        var system = Text(ChatRole.System, 20);
        List<ChatMessage> messages = [system, Text(ChatRole.User, 100), Text(ChatRole.Assistant, 100), Text(ChatRole.User, 100), Text(ChatRole.Assistant, 100), Text(ChatRole.User, 100)];
        var total = Estimator.Estimate(messages, null); // 523

        var trimmed = Trimmer().Trim(messages, null, total - 200);

        Assert.True(trimmed.Fits);
        Assert.Equal(2, trimmed.Dropped);
        Assert.Equal([messages[0], messages[3], messages[4], messages[5]], trimmed.Messages);
        Assert.Equal(total - 200, trimmed.EstimatedInputTokens);
        Assert.Equal(Estimator.Estimate(trimmed.Messages, null), trimmed.EstimatedInputTokens);
    }

    [Fact]
    public void Trim_NeverOpensWithAnAnswerWhoseQuestionWasDropped()
    {
        var system = Text(ChatRole.System, 20);
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search")]);
        var result = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", "found")]);
        List<ChatMessage> messages = [system, Text(ChatRole.User, 100), Text(ChatRole.Assistant, 100), call, result, Text(ChatRole.User, 100), Text(ChatRole.Assistant, 100), Text(ChatRole.User, 100)];
        var total = Estimator.Estimate(messages, null);

        var trimmed = Trimmer().Trim(messages, null, total - 100); // dropping the first question alone would fit

        Assert.True(trimmed.Fits);
        Assert.Equal([system, messages[5], messages[6], messages[7]], trimmed.Messages); // its answer, the call and its result went too
        Assert.Equal(4, trimmed.Dropped);
        Assert.Equal(Estimator.Estimate(trimmed.Messages, null), trimmed.EstimatedInputTokens);
    }

    [Fact]
    public void Trim_AConversationTheCallerOpenedWithAnAnswer_KeepsItWhenNothingNeedsDropping()
    {
        List<ChatMessage> messages = [Text(ChatRole.Assistant, 100), Text(ChatRole.User, 100)];

        var trimmed = Trimmer().Trim(messages, null, 1_000);

        Assert.Same(messages, trimmed.Messages);
    }

    [Fact]
    public void Trim_KeepsEverySystemMessageAndTheLastUserMessage()
    {
        List<ChatMessage> messages =
        [
            Text(ChatRole.User, 100), Text(ChatRole.System, 100), Text(ChatRole.Assistant, 100), Text(ChatRole.User, 100),
            Text(ChatRole.Assistant, 100), new(new ChatRole("developer"), "be brief"),
        ];

        var trimmed = Trimmer().Trim(messages, null, 200); // what must be kept takes 215

        Assert.False(trimmed.Fits);
        Assert.Equal(3, trimmed.Dropped);
        Assert.Equal([messages[1], messages[3], messages[5]], trimmed.Messages);
    }

    [Fact]
    public void Trim_DropsAFunctionCallTogetherWithItsResults()
    {
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search"), new FunctionCallContent("c2", "fetch")]);
        var first = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", new string('r', 200))]);
        var second = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c2", "short")]);
        List<ChatMessage> messages = [Text(ChatRole.System, 20), Text(ChatRole.User, 30), call, first, second, Text(ChatRole.User, 30)];
        var total = Estimator.Estimate(messages, null);

        // Dropping the first user message is not enough; the call goes next, and both its results with it.
        var trimmed = Trimmer().Trim(messages, null, total - 31);

        Assert.True(trimmed.Fits);
        Assert.Equal(4, trimmed.Dropped);
        Assert.Equal([messages[0], messages[5]], trimmed.Messages);
    }

    [Fact]
    public void Trim_NeverLeavesAResultWithoutItsCall_NorACallWithoutItsResult()
    {
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search")]);
        var result = new ChatMessage(ChatRole.Tool, [new FunctionResultContent("c1", new string('r', 300))]);
        var random = new Random(5);
        for (var round = 0; round < 50; round++)
        {
            List<ChatMessage> messages = [Text(ChatRole.System, 20), Text(ChatRole.User, 50), call, Text(ChatRole.Assistant, 50), result, Text(ChatRole.User, 50)];

            var trimmed = Trimmer().Trim(messages, null, random.Next(100, Estimator.Estimate(messages, null)));

            Assert.Equal(trimmed.Messages.Contains(call), trimmed.Messages.Contains(result));
        }
    }

    [Fact]
    public void Trim_KeepsACallWhoseResultIsInTheLastUserMessage()
    {
        var call = new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "search")]);
        var last = new ChatMessage(ChatRole.User, [new FunctionResultContent("c1", "found it"), new TextContent("and now?")]);
        List<ChatMessage> messages = [Text(ChatRole.User, 100), call, last];

        var trimmed = Trimmer().Trim(messages, null, 10);

        Assert.Equal([call, last], trimmed.Messages);
        Assert.Equal(1, trimmed.Dropped);
        Assert.False(trimmed.Fits);
    }

    [Fact]
    public void Trim_NeverChangesTheCallersList()
    {
        List<ChatMessage> messages = [Text(ChatRole.User, 100), Text(ChatRole.Assistant, 100), Text(ChatRole.User, 100)];
        var before = messages.ToArray();

        var trimmed = Trimmer().Trim(messages, null, 150);

        Assert.Equal(before, messages);
        Assert.NotSame(messages, trimmed.Messages);
        Assert.Single(trimmed.Messages);
    }

    [Fact]
    public void Trim_AConversationThatFits_IsReturnedAsItIs()
    {
        List<ChatMessage> messages = [Text(ChatRole.User, 100)];

        var trimmed = Trimmer().Trim(messages, null, 1_000);

        Assert.Same(messages, trimmed.Messages);
        Assert.Equal(0, trimmed.Dropped);
        Assert.True(trimmed.Fits);
    }

    [Fact]
    public void Reserve_IsTheRequestsMaxOutputTokensElseTheOption_WithinTheModelsMaxOutputAndHalfItsWindow()
    {
        var model = new ModelDescriptor("p", "m", ModelTier.Fast) { ContextWindow = 100_000, MaxOutputTokens = 8_000 };
        var small = model with { ContextWindow = 6_000 };
        var trimmer = Trimmer(reserved: 4_096);

        Assert.Equal(4_096, trimmer.Reserve(model, null));
        Assert.Equal(1_000, trimmer.Reserve(model, new ChatOptions { MaxOutputTokens = 1_000 }));
        Assert.Equal(8_000, trimmer.Reserve(model, new ChatOptions { MaxOutputTokens = 50_000 }));
        Assert.Equal(3_000, trimmer.Reserve(small, null));
        Assert.Equal(100_000 - 4_096, trimmer.Room(model, null));
        Assert.Equal(int.MaxValue, trimmer.Room(model with { ContextWindow = 0 }, null));
    }

    [Fact]
    public void TrimFor_KeptMessagesLargerThanTheWindow_FailsWithContextTooLong()
    {
        var model = new ModelDescriptor("p", "tiny", ModelTier.Fast) { ContextWindow = 1_000, MaxOutputTokens = 100 };
        List<ChatMessage> messages = [Text(ChatRole.System, 600), Text(ChatRole.User, 200), Text(ChatRole.User, 600)];

        var ex = Assert.Throws<LlmException>(() => Trimmer().TrimFor(messages, null, Estimator.Estimate(messages, null), model));

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Equal("tiny", ex.Model);
        Assert.Contains("p/tiny", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrimAfterRefusal_TrimsToFourFifthsOfWhatTheEstimateSaidFits()
    {
        var model = new ModelDescriptor("p", "m", ModelTier.Fast) { ContextWindow = 10_000, MaxOutputTokens = 1_000 };
        var messages = Enumerable.Range(0, 10).Select(i => Text(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, 500)).ToList();
        var estimate = Estimator.Estimate(messages, null); // 5,003: within the room of 9,000

        var trimmed = Trimmer().TrimAfterRefusal(messages, null, model);

        Assert.NotNull(trimmed);
        Assert.Equal(4, trimmed.Value.Dropped); // 5,003 → 3,503 ≤ 4,002 after 3; the answer then left first goes too: 3,003
        Assert.Equal(ChatRole.User, trimmed.Value.Messages[0].Role);
        Assert.True(trimmed.Value.EstimatedInputTokens <= estimate * 0.8);
        Assert.Null(Trimmer().TrimAfterRefusal([Text(ChatRole.User, 500)], null, model));
    }

    private sealed class OneTokenACharacter : ITokenCounter
    {
        public int CountTokens(ReadOnlySpan<char> text) => text.Length;
    }
}
