using System.Net;
using System.Text.Json;
using Anthropic.Exceptions;

namespace LlmRouter.Anthropic.Tests.Mapping;

public class AnthropicSdkMapperTests
{
    [Theory]
    [InlineData("overloaded_error", 529, "Overloaded", LlmErrorKind.Unavailable)]
    [InlineData("api_error", 500, "Internal server error", LlmErrorKind.Unavailable)]
    [InlineData("rate_limit_error", 429, "Rate limited", LlmErrorKind.RateLimited)]
    [InlineData("billing_error", 400, "Billing problem", LlmErrorKind.QuotaExhausted)]
    [InlineData("invalid_request_error", 400, "Your credit balance is too low to access the Anthropic API.", LlmErrorKind.QuotaExhausted)]
    [InlineData("authentication_error", 401, "invalid x-api-key", LlmErrorKind.Authentication)]
    [InlineData("permission_error", 403, "not allowed", LlmErrorKind.Authentication)]
    [InlineData("not_found_error", 404, "model: x", LlmErrorKind.ModelNotFound)]
    [InlineData("invalid_request_error", 400, "messages: at least one message is required", LlmErrorKind.InvalidRequest)]
    [InlineData("invalid_request_error", 400, "prompt is too long: 215000 tokens > 200000 maximum", LlmErrorKind.ContextTooLong)]
    [InlineData("request_too_large", 413, "Request too large", LlmErrorKind.ContextTooLong)]
    [InlineData("timeout_error", 504, "Request timed out", LlmErrorKind.Timeout)]
    [InlineData("overloaded_error", null, "Overloaded", LlmErrorKind.Unavailable)]
    [InlineData(null, 503, "<html>", LlmErrorKind.Unavailable)]
    [InlineData(null, 529, null, LlmErrorKind.Unavailable)]
    [InlineData(null, 418, null, LlmErrorKind.InvalidRequest)]
    [InlineData("something_new", 500, null, LlmErrorKind.Unavailable)]
    [InlineData("something_new", null, null, LlmErrorKind.Unknown)]
    [InlineData("ThrottlingException", 429, "Too many requests, please wait before trying again.", LlmErrorKind.RateLimited)]
    [InlineData("ServiceQuotaExceededException", 400, "quota", LlmErrorKind.QuotaExhausted)]
    [InlineData("AccessDeniedException", 403, "You don't have access to the model with the specified model ID.", LlmErrorKind.Authentication)]
    [InlineData("UnrecognizedClientException", 403, "The security token included in the request is invalid.", LlmErrorKind.Authentication)]
    [InlineData("ExpiredTokenException", 403, "The security token included in the request is expired", LlmErrorKind.Authentication)]
    [InlineData("ResourceNotFoundException", 404, "Could not resolve the foundation model", LlmErrorKind.ModelNotFound)]
    [InlineData("ValidationException", 400, "The provided model identifier is invalid.", LlmErrorKind.ModelNotFound)]
    [InlineData("ValidationException", 400, "Input is too long for requested model.", LlmErrorKind.ContextTooLong)]
    [InlineData("ValidationException", 400, "messages: field required", LlmErrorKind.InvalidRequest)]
    [InlineData("ModelTimeoutException", 408, "timed out", LlmErrorKind.Timeout)]
    [InlineData("ServiceUnavailableException", 503, "unavailable", LlmErrorKind.Unavailable)]
    [InlineData("ModelNotReadyException", 429, "not ready", LlmErrorKind.Unavailable)]
    [InlineData("ModelErrorException", 424, "model error", LlmErrorKind.Unavailable)]
    public void KindFor_ClassifiesAnthropicAndAwsErrors(string? type, int? status, string? message, LlmErrorKind expected) =>
        Assert.Equal(expected, AnthropicSdkMapper.KindFor(type, status, message));

    [Theory]
    [InlineData("""{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}""", "overloaded_error", "Overloaded")]
    [InlineData("""{"message":"Too many requests, please wait before trying again."}""", null, "Too many requests, please wait before trying again.")]
    [InlineData("""{"Message":"User is not authorized"}""", null, "User is not authorized")]
    [InlineData("""{"__type":"com.amazon.coral.validate#ValidationException","message":"bad"}""", "ValidationException", "bad")]
    [InlineData("<html>oops</html>", null, null)]
    [InlineData("[1,2]", null, null)]
    [InlineData("", null, null)]
    [InlineData(null, null, null)]
    public void ReadErrorBody_ReadsBothEnvelopes(string? body, string? type, string? message)
    {
        var (t, m) = AnthropicSdkMapper.ReadErrorBody(body);

        Assert.Equal(type, t);
        Assert.Equal(message, m);
    }

    [Fact]
    public void ToLlmException_ApiException_CarriesStatusRetryAfterAndProviderMessage()
    {
        var body = """{"type":"error","error":{"type":"rate_limit_error","message":"Rate limited"}}""";
        var api = AnthropicExceptionFactory.CreateApiException(HttpStatusCode.TooManyRequests, body);
        var capture = new ResponseCapture { RetryAfter = TimeSpan.FromSeconds(3) };

        var ex = AnthropicSdkMapper.ToLlmException(api, "anthropic", "claude-haiku-4-5", capture);

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.Equal("anthropic", ex.Provider);
        Assert.Equal("claude-haiku-4-5", ex.Model);
        Assert.Equal("anthropic/claude-haiku-4-5 answered HTTP 429 rate_limit_error: Rate limited", ex.Message);
        Assert.Same(api, ex.InnerException);
    }

    [Fact]
    public void ToLlmException_AwsErrorTypeFromTheHeader_Classifies()
    {
        var api = AnthropicExceptionFactory.CreateApiException(HttpStatusCode.BadRequest, """{"message":"Input is too long for requested model."}""");

        var ex = AnthropicSdkMapper.ToLlmException(api, "bedrock", "anthropic.claude-sonnet-4-6", new ResponseCapture { AwsErrorType = "ValidationException" });

        Assert.Equal(LlmErrorKind.ContextTooLong, ex.Kind);
        Assert.Contains("ValidationException", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Input is too long", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToLlmException_LongNonJsonBody_IsQuotedShort()
    {
        var api = AnthropicExceptionFactory.CreateApiException(HttpStatusCode.BadGateway, new string('x', 5000));

        var ex = AnthropicSdkMapper.ToLlmException(api, "anthropic", "m", null);

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.True(ex.Message.Length < 400, ex.Message);
    }

    public static TheoryData<Exception, LlmErrorKind> OtherExceptions() => new()
    {
        { new AnthropicIOException("I/O", new HttpRequestException("connection refused")), LlmErrorKind.Unavailable },
        { new HttpRequestException("connection refused"), LlmErrorKind.Unavailable },
        { new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely."), LlmErrorKind.Unavailable },
        { new TaskCanceledException("timeout", new TimeoutException()), LlmErrorKind.Timeout },
        { new TimeoutException(), LlmErrorKind.Timeout },
        { new AnthropicInvalidDataException("'content' cannot be absent", null!), LlmErrorKind.Unknown },
        { new JsonException("bad json"), LlmErrorKind.Unknown },
        { new NullReferenceException(), LlmErrorKind.Unknown },
        { new InvalidOperationException("odd"), LlmErrorKind.Unknown },
    };

    [Theory]
    [MemberData(nameof(OtherExceptions))]
    public void ToLlmException_TransportAndParsingFailures_AreClassified(Exception exception, LlmErrorKind kind)
    {
        var ex = AnthropicSdkMapper.ToLlmException(exception, "anthropic", "claude-haiku-4-5", null);

        Assert.Equal(kind, ex.Kind);
        Assert.Equal("anthropic", ex.Provider);
        Assert.Same(exception, ex.InnerException);
    }

    [Fact]
    public void ToLlmException_LlmException_IsReturnedAsIs()
    {
        var original = new LlmException(LlmErrorKind.Authentication, "x");

        Assert.Same(original, AnthropicSdkMapper.ToLlmException(original, "anthropic", "m", null));
    }

    [Theory]
    [InlineData(typeof(NotSupportedException), true)]
    [InlineData(typeof(ArgumentException), true)]
    [InlineData(typeof(ArgumentNullException), true)]
    [InlineData(typeof(InvalidOperationException), false)]
    [InlineData(typeof(JsonException), false)]
    public void PassesThrough_OnlyCallerErrors(Type type, bool expected) =>
        Assert.Equal(expected, AnthropicSdkMapper.PassesThrough((Exception)Activator.CreateInstance(type)!));

    [Fact]
    public void NormalizeUsage_RenamesTheCacheWriteCount_AndKeepsTheRest()
    {
        var sdk = new UsageDetails
        {
            InputTokenCount = 160,
            OutputTokenCount = 20,
            CachedInputTokenCount = 100,
            ReasoningTokenCount = 7,
            AdditionalCounts = new() { [AnthropicSdkMapper.SdkCacheCreationKey] = 50, ["other"] = 1 },
        };

        var usage = AnthropicSdkMapper.NormalizeUsage(sdk);

        Assert.Equal(160, usage.InputTokenCount);
        Assert.Equal(20, usage.OutputTokenCount);
        Assert.Equal(180, usage.TotalTokenCount);
        Assert.Equal(100, usage.CachedInputTokenCount);
        Assert.Equal(7, usage.ReasoningTokenCount);
        Assert.Equal(50, usage.AdditionalCounts![AnthropicSdkMapper.CacheCreationInputTokensKey]);
        Assert.Equal(1, usage.AdditionalCounts["other"]);
        Assert.False(usage.AdditionalCounts.ContainsKey(AnthropicSdkMapper.SdkCacheCreationKey));
        Assert.Equal(50, sdk.AdditionalCounts[AnthropicSdkMapper.SdkCacheCreationKey]); // the input is not changed
    }

    [Fact]
    public void NormalizeUsage_KeepsAnExplicitTotal_AndLeavesEmptyUsageEmpty()
    {
        Assert.Equal(99, AnthropicSdkMapper.NormalizeUsage(new UsageDetails { InputTokenCount = 1, OutputTokenCount = 2, TotalTokenCount = 99 }).TotalTokenCount);
        var empty = AnthropicSdkMapper.NormalizeUsage(new UsageDetails());
        Assert.Null(empty.TotalTokenCount);
        Assert.Null(empty.AdditionalCounts);
    }

    [Fact]
    public void NormalizeUsage_PricesCacheReadsOnce()
    {
        var pricing = ModelCatalog.Default.Resolve("anthropic/claude-haiku-4-5").Pricing;
        var usage = AnthropicSdkMapper.NormalizeUsage(new UsageDetails { InputTokenCount = 160, OutputTokenCount = 20, CachedInputTokenCount = 100 });

        // 60 uncached input at $1/M, 100 cache reads at $0.10/M, 20 output at $5/M.
        Assert.Equal(0.00017m, pricing.CalculateCost(usage));
    }
}
