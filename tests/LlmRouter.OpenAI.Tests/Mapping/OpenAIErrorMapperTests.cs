using System.ClientModel;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.OpenAI.Tests.Mapping;

/// <summary>The mapper on its own: envelopes, statuses, Retry-After forms, transport failures and redaction.</summary>
public class OpenAIErrorMapperTests
{
    private const string Secret = "sk-proj-secret0123456789ABCD";
    private static readonly Func<string, string?> NoHeaders = _ => null;
    private readonly OpenAIErrorMapper _mapper = new("openai", Secret);

    [Theory]
    [InlineData(401, """{"error":{"message":"bad key","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""", LlmErrorKind.Authentication)]
    [InlineData(403, """{"error":{"message":"region not supported","type":"invalid_request_error","code":"unsupported_country_region_territory"}}""", LlmErrorKind.Authentication)]
    [InlineData(404, """{"error":{"message":"The model `x` does not exist","type":"invalid_request_error","code":"model_not_found"}}""", LlmErrorKind.ModelNotFound)]
    [InlineData(400, """{"error":{"message":"The model `x` does not exist","type":"invalid_request_error","code":"model_not_found"}}""", LlmErrorKind.ModelNotFound)]
    [InlineData(400, """{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}""", LlmErrorKind.ContextTooLong)]
    [InlineData(400, """{"error":{"message":"Please reduce the length of the messages: prompt is too long","type":"invalid_request_error","code":null}}""", LlmErrorKind.ContextTooLong)]
    [InlineData(413, """{"error":{"message":"Request too large","type":"invalid_request_error"}}""", LlmErrorKind.ContextTooLong)]
    [InlineData(429, """{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}""", LlmErrorKind.QuotaExhausted)]
    [InlineData(429, """{"error":{"message":"Spend cap reached","code":"quota_exceeded"}}""", LlmErrorKind.QuotaExhausted)]
    [InlineData(402, """{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}""", LlmErrorKind.QuotaExhausted)]
    [InlineData(429, """{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}""", LlmErrorKind.RateLimited)]
    [InlineData(400, """{"error":{"message":"filtered","type":null,"param":"prompt","code":"content_filter","status":400}}""", LlmErrorKind.ContentFiltered)]
    [InlineData(400, """{"error":{"message":"blocked","code":"invalid_prompt","innererror":{"code":"ResponsibleAIPolicyViolation"}}}""", LlmErrorKind.ContentFiltered)]
    [InlineData(400, """{"error":{"message":"Your request was rejected as a result of our safety system.","type":"invalid_request_error","code":"content_policy_violation"}}""", LlmErrorKind.ContentFiltered)]
    [InlineData(400, """{"error":{"message":"'messages' must contain the word 'json'","type":"invalid_request_error","param":"messages","code":null}}""", LlmErrorKind.InvalidRequest)]
    [InlineData(422, """{"detail":"Extra inputs are not permitted"}""", LlmErrorKind.InvalidRequest)]
    [InlineData(500, """{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}""", LlmErrorKind.Unavailable)]
    [InlineData(503, """{"error":{"message":"The engine is currently overloaded","type":"server_error"}}""", LlmErrorKind.Unavailable)]
    [InlineData(504, "", LlmErrorKind.Timeout)]
    [InlineData(401, """{"error":"Unauthorized"}""", LlmErrorKind.Authentication)]
    public void FromResponse_ClassifiesEnvelopeThenStatus(int status, string body, LlmErrorKind kind)
    {
        var ex = _mapper.FromResponse(status, body, NoHeaders, "gpt-4o-mini", null);

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("openai", ex.Provider);
        Assert.Equal("gpt-4o-mini", ex.Model);
        Assert.StartsWith($"openai/gpt-4o-mini answered HTTP {status}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromResponse_PutsTheHostsMessageAndCodeInTheMessage()
    {
        var ex = _mapper.FromResponse(404, """{"error":{"message":"The model `gpt-nonexistent` does not exist or you do not have access to it.","type":"invalid_request_error","param":null,"code":"model_not_found"}}""", NoHeaders, "gpt-nonexistent", null);

        Assert.Equal("openai/gpt-nonexistent answered HTTP 404 (model_not_found): The model `gpt-nonexistent` does not exist or you do not have access to it.", ex.Message);
    }

    [Theory]
    [InlineData("retry-after-ms", "250", 250)]
    [InlineData("retry-after", "7", 7000)]
    [InlineData("retry-after", "0.5", 500)]
    public void ParseRetryAfter_ReadsHeaders(string header, string value, int expectedMs)
    {
        var wait = _mapper.ParseRetryAfter(name => string.Equals(name, header, StringComparison.OrdinalIgnoreCase) ? value : null, null);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), wait);
    }

    [Fact]
    public void ParseRetryAfter_ReadsAnHttpDate_AgainstTheClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 12, 0, 0, TimeSpan.Zero));
        var mapper = new OpenAIErrorMapper("openai", null, time);

        var wait = mapper.ParseRetryAfter(name => name == "retry-after" ? "Wed, 01 Jul 2026 12:00:30 GMT" : null, null);

        Assert.Equal(TimeSpan.FromSeconds(30), wait);
    }

    [Theory]
    [InlineData("Rate limit reached for gpt-4o-mini. Please try again in 1.5s. Visit https://platform.openai.com", 1500)]
    [InlineData("Rate limit reached. Please try again in 20ms.", 20)]
    public void ParseRetryAfter_FallsBackToTheMessage(string message, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), _mapper.ParseRetryAfter(NoHeaders, message));
    }

    [Fact]
    public void ParseRetryAfter_NothingSaid_IsNull()
    {
        Assert.Null(_mapper.ParseRetryAfter(NoHeaders, "You exceeded your current quota"));
    }

    [Theory]
    [InlineData("""{"error":{"message":"m","type":"t","param":"p","code":"c"}}""", "m", "t", "c", "p")]
    [InlineData("""{"error":{"message":"m","type":"t","code":400}}""", "m", "t", "400", null)]
    [InlineData("""{"error":"plain text"}""", "plain text", null, null, null)]
    [InlineData("""{"detail":"Not Found"}""", "Not Found", null, null, null)]
    [InlineData("""[{"error":{"message":"wrapped","code":"c"}}]""", "wrapped", null, "c", null)]
    public void ParseError_ReadsTheEnvelopesHostsSend(string body, string? message, string? type, string? code, string? param)
    {
        var error = OpenAIErrorMapper.ParseError(body);

        Assert.NotNull(error);
        Assert.Equal(message, error.Message);
        Assert.Equal(type, error.Type);
        Assert.Equal(code, error.Code);
        Assert.Equal(param, error.Param);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html>oops</html>")]
    [InlineData("{\"error\":")]
    [InlineData("42")]
    public void ParseError_NotAnEnvelope_IsNull(string body)
    {
        Assert.Null(OpenAIErrorMapper.ParseError(body));
    }

    [Fact]
    public void Map_TransportFailure_IsUnavailable()
    {
        var ex = _mapper.Map(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"), "gpt-4o-mini");

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Contains("Connection refused", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_ClientResultExceptionWithoutResponse_IsUnavailable()
    {
        var ex = _mapper.Map(new ClientResultException("transport failed", null, new IOException("reset")), "gpt-4o-mini");

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
    }

    [Fact]
    public void Map_DroppedConnection_IsUnavailable()
    {
        Assert.Equal(LlmErrorKind.Unavailable, _mapper.Map(new IOException("The response ended prematurely."), "m").Kind);
    }

    [Fact]
    public void Map_TimeoutOrUnrequestedCancellation_IsTimeout()
    {
        Assert.Equal(LlmErrorKind.Timeout, _mapper.Map(new TaskCanceledException("timed out", new TimeoutException()), "m").Kind);
        Assert.Equal(LlmErrorKind.Timeout, _mapper.Map(new TimeoutException(), "m").Kind);
    }

    [Fact]
    public void Map_ParseErrors_AreMalformedResponses()
    {
        Assert.Equal(LlmErrorKind.Unknown, _mapper.Map(new JsonException("'<' is an invalid start of a value."), "m").Kind);
        Assert.Contains("malformed", _mapper.Map(new JsonException("bad"), "m").Message, StringComparison.Ordinal);
        Assert.Contains("malformed", _mapper.Map(new NullReferenceException(), "m").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsCallerError_ArgumentAndNotSupported_PropagateButOutOfRangeIsTheHosts()
    {
        Assert.True(OpenAIErrorMapper.IsCallerError(new ArgumentNullException("messages")));
        Assert.True(OpenAIErrorMapper.IsCallerError(new NotSupportedException("audio")));
        Assert.False(OpenAIErrorMapper.IsCallerError(new ArgumentOutOfRangeException("index")));
        Assert.False(OpenAIErrorMapper.IsCallerError(new JsonException()));
        Assert.Contains("malformed", _mapper.Map(new ArgumentOutOfRangeException("index"), "m").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_LlmException_PassesThrough()
    {
        var original = new LlmException(LlmErrorKind.RateLimited, "x");

        Assert.Same(original, _mapper.Map(original, "m"));
    }

    [Fact]
    public void Map_KeyInAnyMessage_IsRedacted_AndAnInnerExceptionQuotingItIsDropped()
    {
        var ex = _mapper.Map(new HttpRequestException($"failed with {Secret}"), "m");

        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
        Assert.Contains("sk-…ABCD", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void FromStreamError_OrdinaryChunk_IsNull_ErrorChunkIsClassified()
    {
        Assert.Null(_mapper.FromStreamError("""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}]}""", "m"));

        var first = _mapper.FromStreamError("""{"error":{"message":"maximum context length is 8192 tokens","type":"invalid_request_error","code":"context_length_exceeded"}}""", "m");
        var later = _mapper.FromStreamError("""{"error":{"message":"overloaded","type":"server_error"}}""", "m");

        Assert.Equal(LlmErrorKind.ContextTooLong, first!.Kind);
        Assert.Equal(LlmErrorKind.Unavailable, later!.Kind); // after the first update the chat client makes it StreamInterrupted (OpenAIChatErrorTests)
    }

    [Fact]
    public void StreamEnded_IsUnavailable_TheChatClientMakesItStreamInterruptedOnceStarted()
    {
        var unavailable = _mapper.StreamEnded("m", "reset", null);

        Assert.Equal(LlmErrorKind.Unavailable, unavailable.Kind);
        Assert.Null(unavailable.PartialText);
    }
}
