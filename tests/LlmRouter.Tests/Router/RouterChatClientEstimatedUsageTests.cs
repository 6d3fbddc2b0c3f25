using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

/// <summary>Attempts whose provider reported no usage are metered by estimate, flagged as such, and charged to budgets.</summary>
public class RouterChatClientEstimatedUsageTests
{
    private const string Question = "Explain in two short paragraphs why the sky is blue, and why sunsets are red.";
    private const string Answer = "Sunlight scatters off air molecules, and blue light scatters most, so the sky looks blue. At sunset the light "
        + "crosses far more air, the blue is scattered away before it reaches you, and the reds and oranges are what is left.";

    private static readonly int QuestionTokens = TokenEstimator.Default.Estimate(Prompt(Question), null);
    private static readonly long AnswerTokens = TokenEstimator.Default.Contents([new TextContent(Answer)]);

    private static ChatOptions Direct(ModelDescriptor model, int? maxOutputTokens = null) => new() { ModelId = model.Key, MaxOutputTokens = maxOutputTokens };

    private static decimal Price(ModelDescriptor model, long input, long output) => model.Pricing.CalculateCost(new UsageDetails { InputTokenCount = input, OutputTokenCount = output });

    private static (RouterHarness Harness, RecordingUsageStore Store) CreateWithStore(Action<LlmRouterOptions>? configure = null)
    {
        var store = new RecordingUsageStore();
        return (Create(configure, s => s.AddSingleton<IUsageStore>(store)), store);
    }

    [Fact]
    public async Task RouterChatClient_AnswerWithoutUsage_IsMeteredByEstimateAndSaysSo()
    {
        var (h, store) = CreateWithStore();
        await using var _ = h;
        h.Fake(AlphaFast).EnqueueResponse(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer))); // no usage at all

        var response = await h.Client.GetResponseAsync(Prompt(Question), Direct(AlphaFast));

        var record = Assert.Single(store.Records);
        Assert.True(record.Estimated);
        Assert.True(record.Success);
        Assert.Equal(QuestionTokens, record.InputTokens);
        Assert.Equal(AnswerTokens, record.OutputTokens);
        Assert.Equal(Price(AlphaFast, QuestionTokens, AnswerTokens), record.Cost);
        Assert.Equal(record.Cost, response.GetRouteInfo()!.Cost);
        Assert.Null(response.Usage); // the provider's response is left as it came
    }

    [Fact]
    public async Task RouterChatClient_AnswerWithUsage_RecordsItExactlyAndNotAsAnEstimate()
    {
        var (h, store) = CreateWithStore();
        await using var _ = h;
        h.Fake(AlphaFast).EnqueueResponse(Answer, new UsageDetails { InputTokenCount = 7, OutputTokenCount = 9 });

        await h.Client.GetResponseAsync(Prompt(Question), Direct(AlphaFast));

        var record = Assert.Single(store.Records);
        Assert.False(record.Estimated);
        Assert.Equal(7, record.InputTokens);
        Assert.Equal(9, record.OutputTokens);
    }

    [Fact]
    public async Task RouterChatClient_StreamCancelledBeforeItsUsageCame_CountsThePromptAndWhatArrived()
    {
        var (h, store) = CreateWithStore();
        await using var _ = h;
        h.Fake(AlphaFast).StreamChunkSize = 8;
        h.Fake(AlphaFast).EnqueueResponse(Answer);
        using var cts = new CancellationTokenSource();
        var received = string.Empty;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in h.Client.GetStreamingResponseAsync(Prompt(Question), Direct(AlphaFast), cts.Token))
            {
                received += update.Text;
                if (received.Length >= 40)
                {
                    await cts.CancelAsync();
                }
            }
        });

        var record = Assert.Single(store.Records);
        Assert.True(record.Estimated);
        Assert.False(record.Success);
        Assert.Null(record.Error); // cancelled by its caller
        Assert.Equal(QuestionTokens, record.InputTokens);
        Assert.InRange(record.OutputTokens, 1, AnswerTokens - 1); // what arrived, not the whole answer
        Assert.Equal(TokenEstimator.Default.Contents([new TextContent(received)]), record.OutputTokens, tolerance: 3);
    }

    [Fact]
    public async Task RouterChatClient_StreamWithUsage_RecordsTheReportedUsageNotAnEstimate()
    {
        var (h, store) = CreateWithStore();
        await using var _ = h;
        h.Fake(AlphaFast).EnqueueResponse(Answer, new UsageDetails { InputTokenCount = 11, OutputTokenCount = 13 });

        await foreach (var update in h.Client.GetStreamingResponseAsync(Prompt(Question), Direct(AlphaFast)))
        {
        }

        var record = Assert.Single(store.Records);
        Assert.False(record.Estimated);
        Assert.Equal(11, record.InputTokens);
    }

    [Fact]
    public async Task RouterChatClient_AttemptCutByTheTimeout_CountsItsPromptByEstimate()
    {
        var (h, store) = CreateWithStore(o => o.AttemptTimeout = TimeSpan.FromSeconds(5));
        await using var _ = h;
        h.Fake(AlphaFast).EnqueueDelay(TimeSpan.FromSeconds(60)).EnqueueResponse("too late").EnqueueResponse("in time", new UsageDetails { InputTokenCount = 5, OutputTokenCount = 2 });

        await h.RunAsync(h.Client.GetResponseAsync(Prompt(Question), Direct(AlphaFast)));

        var timedOut = store.Records[0];
        Assert.Equal(LlmErrorKind.Timeout, timedOut.Error);
        Assert.True(timedOut.Estimated);
        Assert.Equal(QuestionTokens, timedOut.InputTokens);
        Assert.Equal(0, timedOut.OutputTokens);
        Assert.Equal(Price(AlphaFast, QuestionTokens, 0), timedOut.Cost);
        Assert.False(store.Records[1].Estimated);
    }

    [Theory]
    [InlineData(LlmErrorKind.RateLimited)]
    [InlineData(LlmErrorKind.Unavailable)]
    [InlineData(LlmErrorKind.Timeout)] // a provider's own 408: it answered, so it did not work on the request
    [InlineData(LlmErrorKind.InvalidRequest)]
    public async Task RouterChatClient_ProviderRefusingWithAnError_IsRecordedAtZeroNotEstimated(LlmErrorKind kind)
    {
        var (h, store) = CreateWithStore();
        await using var _ = h;
        h.Fake(AlphaFast).EnqueueFailure(kind).EnqueueResponse("ok");

        var call = h.Client.GetResponseAsync(Prompt(Question), Direct(AlphaFast));
        try
        {
            await h.RunAsync(call); // retried after the clock moves on, and answered
        }
        catch (LlmException) when (kind == LlmErrorKind.InvalidRequest)
        {
            // not retried: the record is what matters here
        }

        var refused = store.Records[0];
        Assert.Equal(kind, refused.Error);
        Assert.False(refused.Estimated);
        Assert.Equal(0, refused.InputTokens);
        Assert.Equal(0m, refused.Cost);
    }

    [Fact]
    public async Task RouterChatClient_EstimatedUsage_IsChargedToTheBudgetButNeverBeyondItsReservation()
    {
        var (h, store) = CreateWithStore(o => o.Budgets.DailyLimit = 10m);
        await using var _ = h;
        h.Fake(AlphaFast).EnqueueResponse(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer)));

        await h.Client.GetResponseAsync(Prompt(Question), Direct(AlphaFast, maxOutputTokens: 5)); // the answer is longer than 5 tokens

        var record = Assert.Single(store.Records);
        Assert.True(record.Estimated);
        Assert.Equal(5, record.OutputTokens); // no more than the reservation allowed for
        var status = await h.Services.GetRequiredService<IBudgetLedger>().GetStatusAsync();
        Assert.Equal(record.Cost, status.DailySpent);
        Assert.True(record.Cost > 0);
    }
}
