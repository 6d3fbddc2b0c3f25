using LlmRouter.Tests.TestSupport;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

public class RouterChatClientFailoverTests
{
    private static ChatOptions Direct(ModelDescriptor model) => new() { ModelId = model.Key };

    /// <summary>The fake clock moves in 100 ms steps while continuations run, so a wait may show up to a few steps late, never early.</summary>
    private static void AssertWait(TimeSpan expected, TimeSpan actual) =>
        Assert.InRange(actual, expected, expected + TimeSpan.FromMilliseconds(500));

    [Fact]
    public async Task RouterChatClient_TransientFailures_RetryWithExponentialBackoff()
    {
        await using var h = Create();
        var fake = h.Fake(AlphaFast);
        fake.EnqueueFailure(LlmErrorKind.Unavailable).EnqueueFailure(LlmErrorKind.RateLimited).EnqueueFailure(LlmErrorKind.Timeout).EnqueueResponse("ok");

        var response = await h.RunAsync(h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast)));

        Assert.Equal("ok", response.Text);
        var times = fake.Requests.Select(r => r.Timestamp).ToArray();
        Assert.Equal(4, times.Length);
        AssertWait(TimeSpan.FromSeconds(1), times[1] - times[0]);
        AssertWait(TimeSpan.FromSeconds(2), times[2] - times[1]);
        AssertWait(TimeSpan.FromSeconds(4), times[3] - times[2]);
        var info = response.GetRouteInfo()!;
        Assert.Equal(4, info.Attempts.Count);
        Assert.Equal([LlmErrorKind.Unavailable, LlmErrorKind.RateLimited, LlmErrorKind.Timeout, null], info.Attempts.Select(a => a.Error));
    }

    [Fact]
    public async Task RouterChatClient_RetryAfterLongerThanBackoff_WaitsForRetryAfter()
    {
        await using var h = Create();
        var fake = h.Fake(AlphaFast);
        fake.EnqueueFailure(LlmErrorKind.RateLimited, retryAfter: TimeSpan.FromSeconds(5)).EnqueueResponse("ok");

        var response = await h.RunAsync(h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast)));

        Assert.Equal("ok", response.Text);
        var times = fake.Requests.Select(r => r.Timestamp).ToArray();
        AssertWait(TimeSpan.FromSeconds(5), times[1] - times[0]);
    }

    [Fact]
    public async Task RouterChatClient_RetriesExhausted_FallsBackToNextRoute()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).AlwaysFail(LlmErrorKind.Unavailable);
        h.Fake(BetaFast).EnqueueResponse("from beta");

        var response = await h.RunAsync(h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast)));

        Assert.Equal("from beta", response.Text);
        Assert.Equal(4, h.Fake(AlphaFast).CallCount); // 1 + MaxRetries (3)
        var info = response.GetRouteInfo()!;
        Assert.Equal("beta", info.Provider);
        Assert.Equal("b-fast", info.Model);
        Assert.Equal(5, info.Attempts.Count);
    }

    [Theory]
    [InlineData(LlmErrorKind.Authentication)]
    [InlineData(LlmErrorKind.ModelNotFound)]
    [InlineData(LlmErrorKind.QuotaExhausted)]
    [InlineData(LlmErrorKind.ContentFiltered)]
    public async Task RouterChatClient_NonTransientFailure_MovesToNextRouteWithoutRetry(LlmErrorKind kind)
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueFailure(kind);
        h.Fake(BetaFast).EnqueueResponse("from beta");

        // No clock advance: a non-transient failure must not wait for a backoff.
        var response = await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast));

        Assert.Equal("from beta", response.Text);
        Assert.Equal(1, h.Fake(AlphaFast).CallCount);
        Assert.Equal(kind, response.GetRouteInfo()!.Attempts[0].Error);
    }

    [Fact]
    public async Task RouterChatClient_RateLimitLongerThanMaxDelay_CoolsRouteDownAndMovesOn()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.RateLimited, retryAfter: TimeSpan.FromMinutes(2));

        var first = await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast));
        Assert.Equal("beta", first.GetRouteInfo()!.Provider);
        Assert.Equal(1, h.Fake(AlphaFast).CallCount);

        // While cooling down, the cost strategy skips the cheapest route.
        var cost = new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost" });
        var second = await h.Client.GetResponseAsync(Prompt(), cost);
        Assert.Equal(BetaFast.Key, $"{second.GetRouteInfo()!.Provider}/{second.GetRouteInfo()!.Model}");
        Assert.Equal(1, h.Fake(AlphaFast).CallCount);
        Assert.Contains(await h.Router.GetProvidersAsync(), p => p.Name == "alpha" && p.Routes.Any(r => r.ModelKey == AlphaFast.Key && r.IsCoolingDown));

        h.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var third = await h.Client.GetResponseAsync(Prompt(), cost);
        Assert.Equal("a-fast", third.GetRouteInfo()!.Model);
    }

    [Fact]
    public async Task RouterChatClient_ContextTooLong_SkipsRoutesWithNoLargerWindow()
    {
        await using var h = Create(o =>
        {
            o.FallbackChain.Add(BetaFast.Key);  // 32k: smaller than a-smart's 200k, skipped
            o.FallbackChain.Add(BetaBig.Key);   // 1M: tried
        });
        h.Fake(AlphaSmart).EnqueueFailure(LlmErrorKind.ContextTooLong);
        h.Fake(BetaBig).EnqueueResponse("big enough");

        var response = await h.Client.GetResponseAsync(Prompt(), Direct(AlphaSmart));

        Assert.Equal("big enough", response.Text);
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_InvalidRequest_FailsAtOnceWithoutFailover()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.InvalidRequest);

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast)));

        Assert.Equal(LlmErrorKind.InvalidRequest, ex.Kind);
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
        Assert.Equal(1, h.Fake(AlphaFast).CallCount);
    }

    [Fact]
    public async Task RouterChatClient_AllRoutesFail_ThrowsAllRoutesFailedWithEveryAttempt()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueFailure(LlmErrorKind.Authentication);
        h.Fake(BetaFast).EnqueueFailure(LlmErrorKind.QuotaExhausted);

        var ex = await Assert.ThrowsAsync<AllRoutesFailedException>(() => h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast)));

        Assert.Equal(LlmErrorKind.QuotaExhausted, ex.Kind);
        Assert.Equal([LlmErrorKind.Authentication, LlmErrorKind.QuotaExhausted], ex.Attempts.Select(a => a.Error!.Value));
        Assert.Equal(["alpha", "beta"], ex.Attempts.Select(a => a.Provider));
        Assert.Contains("alpha/a-fast", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouterChatClient_Cancellation_PropagatesWithoutRetryOrFailover()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueDelay(TimeSpan.FromSeconds(10)).EnqueueResponse("late");
        using var cts = new CancellationTokenSource();

        var call = h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast), cts.Token);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(1, h.Fake(AlphaFast).CallCount);
        Assert.Equal(0, h.Fake(BetaFast).CallCount);
        var usage = await h.Usage.GetSummaryAsync();
        Assert.Equal(1, usage.Requests);
        Assert.Equal(1, usage.Failed);
    }

    [Fact]
    public async Task RouterChatClient_AttemptTimeout_FailsAttemptAsTimeoutAndRetries()
    {
        await using var h = Create(o => o.AttemptTimeout = TimeSpan.FromSeconds(5));
        var fake = h.Fake(AlphaFast);
        fake.EnqueueDelay(TimeSpan.FromSeconds(60)).EnqueueResponse("too late").EnqueueResponse("in time");

        var response = await h.RunAsync(h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast)));

        Assert.Equal("in time", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal(LlmErrorKind.Timeout, info.Attempts[0].Error);
        // The clock moves on in 100 ms steps while the timeout propagates, so allow a step or two.
        Assert.InRange(info.Attempts[0].Duration, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.5));
    }

    [Fact]
    public async Task RouterChatClient_RepeatedFailures_CoolRouteDownUntilCooldownEnds()
    {
        await using var h = Create(o =>
        {
            o.Retry.MaxRetries = 0;
            o.Cooldown.FailureThreshold = 2;
            o.Cooldown.Duration = TimeSpan.FromSeconds(30);
            o.FallbackChain.Add(BetaFast.Key);
        });
        var cost = new ChatOptions().WithRouting(new RoutingHints { Strategy = "cost" });
        h.Fake(AlphaFast).AlwaysFail(LlmErrorKind.Unavailable);

        await h.Client.GetResponseAsync(Prompt(), cost);
        await h.Client.GetResponseAsync(Prompt(), cost);
        Assert.Equal(2, h.Fake(AlphaFast).CallCount);

        var skipped = await h.Client.GetResponseAsync(Prompt(), cost);
        Assert.Equal(2, h.Fake(AlphaFast).CallCount);
        Assert.Equal("b-fast", skipped.GetRouteInfo()!.Model);

        h.Time.Advance(TimeSpan.FromSeconds(31));
        h.Fake(AlphaFast).Reset();
        var back = await h.Client.GetResponseAsync(Prompt(), cost);
        Assert.Equal("a-fast", back.GetRouteInfo()!.Model);
    }

    [Fact]
    public async Task RouterChatClient_CallerOptionsAndMessages_AreNotMutated()
    {
        await using var h = Create();
        var messages = Prompt("keep me");
        var options = new ChatOptions { ModelId = AlphaFast.Key, Temperature = 0.3f }.WithRouting(new RoutingHints { Tenant = "t1" });

        await h.Client.GetResponseAsync(messages, options);

        Assert.Equal(AlphaFast.Key, options.ModelId);
        Assert.Single(messages);
        Assert.Equal("keep me", messages[0].Text);
        Assert.NotNull(options.GetRoutingHints().Tenant);
        var sent = h.Fake(AlphaFast).Requests.Single().Options!;
        Assert.Equal("a-fast", sent.ModelId);
        Assert.Equal(0.3f, sent.Temperature);
        Assert.False(sent.AdditionalProperties?.ContainsKey(RoutingHintsExtensions.PropertyKey) ?? false);
    }

    [Fact]
    public async Task RouterChatClient_FallbackChain_DropsDuplicates()
    {
        await using var h = Create(o =>
        {
            o.FallbackChain.Add(BetaFast.Key);
            o.FallbackChain.Add("b-fast");
            o.FallbackChain.Add(AlphaFast.Key);
        });

        var plan = await h.Router.PlanAsync(Prompt(), Direct(AlphaFast));

        Assert.Equal([AlphaFast.Key, BetaFast.Key], plan.Models.Select(m => m.Key));
        Assert.Equal("direct", plan.Strategy);
    }

    [Fact]
    public async Task RouterChatClient_ProviderThrowsPlainException_IsClassifiedAndFailedOver()
    {
        await using var h = Create(o => o.FallbackChain.Add(BetaFast.Key));
        h.Fake(AlphaFast).EnqueueException(new HttpRequestException("denied", null, System.Net.HttpStatusCode.Unauthorized));

        var response = await h.Client.GetResponseAsync(Prompt(), Direct(AlphaFast));

        var attempt = response.GetRouteInfo()!.Attempts[0];
        Assert.Equal(LlmErrorKind.Authentication, attempt.Error);
        Assert.Equal("beta", response.GetRouteInfo()!.Provider);
    }
}
