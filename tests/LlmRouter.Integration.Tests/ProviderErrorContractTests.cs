using LlmRouter.Integration.Tests.TestSupport;

namespace LlmRouter.Integration.Tests;

/// <summary>
/// The same failure is the same <see cref="LlmErrorKind"/> from every provider package, and no error reveals the key, even when the
/// server echoes it: one theory over OpenAI, Anthropic, Gemini, Ollama and Bedrock, each answering in its own wire shapes.
/// </summary>
public sealed class ProviderErrorContractTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Providers() => new(ProviderCase.Names);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Provider_SameFailure_IsTheSameKind(string provider)
    {
        await using var p = ProviderCase.Create(provider);

        p.RespondUnauthorized();
        var unauthorized = await FailsAsync(p, () => p.Client(p.Model).GetResponseAsync("hi"));
        Assert.Equal(LlmErrorKind.Authentication, unauthorized.Kind);

        p.RespondRateLimited();
        var rateLimited = await FailsAsync(p, () => p.Client(p.Model).GetResponseAsync("hi"));
        Assert.Equal(LlmErrorKind.RateLimited, rateLimited.Kind);
        Assert.NotNull(rateLimited.RetryAfter);
        Assert.True(rateLimited.RetryAfter > TimeSpan.Zero);

        p.RespondOverloaded();
        var overloaded = await FailsAsync(p, () => p.Client(p.Model).GetResponseAsync("hi"));
        Assert.Equal(LlmErrorKind.Unavailable, overloaded.Kind);

        p.RespondUnknownModel();
        var unknown = await FailsAsync(p, () => p.Client(p.UnknownModel).GetResponseAsync("hi"));
        Assert.Equal(LlmErrorKind.ModelNotFound, unknown.Kind);
        Assert.Equal(p.UnknownModel, unknown.Model);

        p.RespondStreamCutAfterFirstText();
        var received = new List<ChatResponseUpdate>();
        var interrupted = await FailsAsync(p, () => ConsumeAsync(p.Client(p.Model), received));
        Assert.Equal(LlmErrorKind.StreamInterrupted, interrupted.Kind);
        Assert.False(string.IsNullOrEmpty(interrupted.PartialText));
        Assert.Equal(string.Concat(received.Select(u => u.Text)), interrupted.PartialText);
        Assert.Equal(LlmErrorKind.Unavailable, Assert.IsType<LlmException>(interrupted.InnerException).Kind);
        Assert.Contains(nameof(LlmErrorKind.Unavailable), interrupted.Message, StringComparison.Ordinal);

        p.RespondStreamCutBeforeFirstUpdate();
        var beforeFirst = await FailsAsync(p, () => ConsumeAsync(p.Client(p.Model), []));
        Assert.NotEqual(LlmErrorKind.StreamInterrupted, beforeFirst.Kind);
        Assert.Equal(LlmErrorKind.Unavailable, beforeFirst.Kind);
        Assert.Null(beforeFirst.PartialText);
    }

    /// <summary>Runs a call that must fail with an <see cref="LlmException"/> stamped with the provider and without the secret.</summary>
    private static async Task<LlmException> FailsAsync(ProviderCase p, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<LlmException>(() => call().WaitAsync(Guard));
        Assert.Equal(p.Name, ex.Provider);
        Assert.NotNull(ex.Model);
        Assert.DoesNotContain(ProviderCase.Secret, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderCase.Secret, ex.ToString(), StringComparison.Ordinal);
        return ex;
    }

    private static async Task ConsumeAsync(IChatClient client, List<ChatResponseUpdate> received)
    {
        await foreach (var update in client.GetStreamingResponseAsync("hi"))
        {
            received.Add(update);
        }
    }
}
