using LlmRouter.Testing;

namespace LlmRouter.Testing.Tests;

/// <summary>The consumer's test shown in the repository README, kept compiling and passing.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public async Task Summarize_ReturnsTheAnswer_AndSurfacesRateLimits()
    {
        using var chat = new FakeChatClient();
        chat.EnqueueResponse(" Customer cannot log in. ")
            .EnqueueFailure(LlmErrorKind.RateLimited, retryAfter: TimeSpan.FromSeconds(20));
        var summarizer = new TicketSummarizer(chat);

        Assert.Equal("Customer cannot log in.", await summarizer.SummarizeAsync("Login fails after reset."));
        Assert.Equal("Login fails after reset.", chat.Requests.Single().LastUserText);
        var ex = await Assert.ThrowsAsync<LlmException>(() => summarizer.SummarizeAsync("..."));
        Assert.Equal(TimeSpan.FromSeconds(20), ex.RetryAfter);
    }

    private sealed class TicketSummarizer(IChatClient chat)
    {
        public async Task<string> SummarizeAsync(string ticket) =>
            (await chat.GetResponseAsync([new(ChatRole.System, "Summarize in one sentence."), new(ChatRole.User, ticket)])).Text.Trim();
    }
}
