using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.Anthropic.Tests.TestSupport;

namespace LlmRouter.Anthropic.Tests.Chat;

// Errors before, during and instead of a response, mapped to LlmException.
public partial class AnthropicChatClientTests
{
    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task GetResponseAsync_ErrorEnvelope_BecomesLlmException(int status, string type, string message, LlmErrorKind kind)
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(status, Wire.ErrorBody(type, message));

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("anthropic", ex.Provider);
        Assert.Equal("claude-haiku-4-5", ex.Model);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AnthropicFixture.Key, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task GetStreamingResponseAsync_ErrorBeforeTheStream_BecomesLlmException(int status, string type, string message, LlmErrorKind kind)
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(status, Wire.ErrorBody(type, message));

        var ex = await Assert.ThrowsAsync<LlmException>(() => ToListAsync(fx.Client().GetStreamingResponseAsync("hi")));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_FixtureErrorBodies_MapToTheirKinds()
    {
        var expected = new Dictionary<string, LlmErrorKind>
        {
            ["Overloaded"] = LlmErrorKind.Unavailable,
            ["Rate limited"] = LlmErrorKind.RateLimited,
            ["Bad request"] = LlmErrorKind.InvalidRequest,
            ["prompt is too long"] = LlmErrorKind.ContextTooLong,
            ["invalid x-api-key"] = LlmErrorKind.Authentication,
            ["model: claude-nonexistent"] = LlmErrorKind.ModelNotFound,
        };
        await using var fx = new AnthropicFixture();
        foreach (var (text, kind) in expected)
        {
            var (status, body) = Wire.Error(text);
            fx.Server.Respond(status, body);
            var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));
            Assert.Equal(kind, ex.Kind);
            Assert.Equal(status, ex.StatusCode);
        }
    }

    [Theory]
    [InlineData("retry-after", "7", 7_000)]
    [InlineData("retry-after-ms", "6500", 6_500)]
    [InlineData("retry-after", "0.5", 500)]
    public async Task GetResponseAsync_RateLimit_CarriesRetryAfter(string header, string value, int expectedMs)
    {
        await using var fx = new AnthropicFixture();
        var (status, body) = Wire.Error("Rate limited");
        fx.Server.Respond(status, body, headers: new Dictionary<string, string> { [header] = value });

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RateLimitBeforeTheStream_CarriesRetryAfter()
    {
        await using var fx = new AnthropicFixture();
        var (status, body) = Wire.Error("Rate limited");
        fx.Server.Respond(status, body, headers: new Dictionary<string, string> { ["retry-after"] = "9" });

        var ex = await Assert.ThrowsAsync<LlmException>(() => ToListAsync(fx.Client().GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(9), ex.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_RetryAfterHttpDate_UsesTheInjectedClock()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
        await using var fx = new AnthropicFixture(timeProvider: time);
        var (status, body) = Wire.Error("Rate limited");
        fx.Server.Respond(status, body, headers: new Dictionary<string, string> { ["retry-after"] = "Sat, 28 Nov 2026 12:00:30 GMT" });

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(TimeSpan.FromSeconds(30), ex.RetryAfter);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MidStreamErrorEvent_BecomesLlmExceptionAfterTheFirstUpdates()
    {
        await using var fx = new AnthropicFixture();
        var midstream = Wire.AnthropicErrors["midstream_error_sse"]!.GetValue<string>();
        fx.Server.RespondStream([Wire.MessageStart, .. Wire.Sse("anthropic.messages.text.stream.realistic.sse").Skip(1).Take(4), midstream]);

        var received = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in fx.Client().GetStreamingResponseAsync("hi"))
            {
                received.Add(update);
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.Contains("overloaded_error", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Overloaded", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.StatusCode);
        Assert.Equal("anthropic", ex.Provider);
        Assert.Contains("Happy to expl", string.Concat(received.Select(u => u.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MidStreamRateLimitEvent_IsRateLimited()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.RespondStream([Wire.MessageStart, "event: error\ndata: " + Wire.ErrorBody("rate_limit_error", "Rate limited") + "\n\n"]);

        var ex = await Assert.ThrowsAsync<LlmException>(() => ToListAsync(fx.Client().GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.RateLimited, cause.Kind);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionCutMidStream_BecomesLlmException()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.RespondStream(Wire.Sse("anthropic.messages.text.stream.realistic.sse"), cutAfterChunks: 5);

        var received = 0;
        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in fx.Client().GetStreamingResponseAsync("hi"))
            {
                received++;
            }
        }).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.True(cause.IsTransient);
        Assert.True(received > 0);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_StreamEndingBeforeMessageStop_IsNotASilentSuccess()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.RespondStream(Wire.Sse("anthropic.messages.text.stream.realistic.sse").Take(6));

        var ex = await Assert.ThrowsAsync<LlmException>(() => ToListAsync(fx.Client().GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Contains("before the message finished", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[{\"type\":\"text\",\"te")]
    [InlineData("not json at all")]
    [InlineData("{\"id\":\"msg_1\"}")]
    [InlineData("")]
    public async Task GetResponseAsync_MalformedBody_IsAClearLlmException(string body)
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, body);

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
        Assert.Equal("anthropic", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_MalformedEvent_IsAClearLlmException()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.RespondStream([Wire.MessageStart, "event: content_block_start\ndata: {not json\n\n"]);

        var ex = await Assert.ThrowsAsync<LlmException>(() => ToListAsync(fx.Client().GetStreamingResponseAsync("hi")));

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unknown, cause.Kind);
    }

    [Fact]
    public async Task GetResponseAsync_NonJsonErrorBody_KeepsTheStatusKind()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(503, "<html><body>upstream down</body></html>", "text/html");

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Equal(503, ex.StatusCode);
        Assert.Contains("upstream down", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_Refusal_IsContentFiltered()
    {
        await using var fx = new AnthropicFixture();
        fx.Server.Respond(200, """{"id":"msg_r","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[{"type":"text","text":"I can't help with that."}],"stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":6}}""");

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("something harmful"));

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Equal("I can't help with that.", ex.PartialText);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_Refusal_IsContentFilteredAfterTheUsage()
    {
        await using var fx = new AnthropicFixture();
        var events = Wire.CachedStream().Select(e => e.Replace("\"stop_reason\":\"end_turn\"", "\"stop_reason\":\"refusal\"", StringComparison.Ordinal));
        fx.Server.RespondStream(events);

        var received = new List<ChatResponseUpdate>();
        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in fx.Client().GetStreamingResponseAsync("something harmful"))
            {
                received.Add(update);
            }
        });

        Assert.Equal(LlmErrorKind.ContentFiltered, ex.Kind);
        Assert.Contains(received.SelectMany(u => u.Contents), c => c is UsageContent);
    }
}
