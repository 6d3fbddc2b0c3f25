using LlmRouter.Gemini.Mapping;
using LlmRouter.Gemini.Tests.TestSupport;

namespace LlmRouter.Gemini.Tests.Mapping;

public sealed class GeminiMapperErrorTests
{
    [Fact]
    public void FromHttpError_RecordedModelNotFound_IsModelNotFound()
    {
        var ex = GeminiMapper.FromHttpError(404, WireFixtures.Body("gemini.error.404.model_not_found.json"), null, "wrong-model-name");

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.Equal("gemini", ex.Provider);
        Assert.Equal("wrong-model-name", ex.Model);
        Assert.Contains("NOT_FOUND", ex.Message, StringComparison.Ordinal);
        Assert.Contains("models/wrong-model-name is not found for API version v1beta", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHttpError_InvalidApiKey_IsAuthenticationDespiteStatus400()
    {
        var ex = GeminiMapper.FromHttpError(400, WireFixtures.ErrorBody(400), null, "gemini-2.5-flash");

        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Contains("API key not valid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHttpError_PerDayQuota_IsQuotaExhaustedWithRetryDelay()
    {
        var ex = GeminiMapper.FromHttpError(429, WireFixtures.ErrorBody(429), null, "gemini-2.5-flash");

        Assert.Equal(LlmErrorKind.QuotaExhausted, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(32), ex.RetryAfter);
        Assert.False(ex.IsTransient);
    }

    [Fact]
    public void FromHttpError_PerMinuteQuota_IsRateLimitedWithRetryInfoDelay()
    {
        var body = WireFixtures.ErrorBody(429).Replace("GenerateRequestsPerDayPerProjectPerModel-FreeTier", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier", StringComparison.Ordinal);

        var ex = GeminiMapper.FromHttpError(429, body, null, "gemini-2.5-flash");

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(32), ex.RetryAfter);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public void FromHttpError_429WithoutRetryInfo_ReadsRetryAfterHeader()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "7");

        var ex = GeminiMapper.FromHttpError(429, """{"error":{"code":429,"message":"Resource has been exhausted (e.g. check quota).","status":"RESOURCE_EXHAUSTED"}}""", response.Headers, "m");

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
    }

    [Theory]
    [InlineData(400, """{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}""", LlmErrorKind.ContextTooLong)]
    [InlineData(400, """{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"foo\"","status":"INVALID_ARGUMENT"}}""", LlmErrorKind.InvalidRequest)]
    [InlineData(400, """{"error":{"code":400,"message":"User location is not supported for the API use.","status":"FAILED_PRECONDITION"}}""", LlmErrorKind.Authentication)]
    [InlineData(401, """{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}""", LlmErrorKind.Authentication)]
    [InlineData(403, """{"error":{"code":403,"message":"Method doesn't allow unregistered callers.","status":"PERMISSION_DENIED"}}""", LlmErrorKind.Authentication)]
    [InlineData(500, """{"error":{"code":500,"message":"An internal error has occurred.","status":"INTERNAL"}}""", LlmErrorKind.Unavailable)]
    [InlineData(503, """{"error":{"code":503,"message":"The model is overloaded. Please try again later.","status":"UNAVAILABLE"}}""", LlmErrorKind.Unavailable)]
    [InlineData(504, """{"error":{"code":504,"message":"Deadline expired before operation could complete.","status":"DEADLINE_EXCEEDED"}}""", LlmErrorKind.Unavailable)]
    [InlineData(502, "<html><body>Bad Gateway</body></html>", LlmErrorKind.Unavailable)]
    [InlineData(429, "", LlmErrorKind.RateLimited)]
    public void FromHttpError_MapsStatusAndEnvelope(int status, string body, LlmErrorKind expected)
    {
        var ex = GeminiMapper.FromHttpError(status, body, null, "gemini-2.5-flash");

        Assert.Equal(expected, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.StartsWith($"Gemini/gemini-2.5-flash answered HTTP {status}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromHttpError_Recorded503Body_IsUnavailableWithItsMessage()
    {
        var ex = GeminiMapper.FromHttpError(503, WireFixtures.ErrorBody(503), null, "gemini-2.5-flash");

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Contains("The model is overloaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromInBandError_UsesCodeOrStatusName()
    {
        var ex = GeminiMapper.FromInBandError(new Wire.GeminiError { Status = "RESOURCE_EXHAUSTED", Message = "slow down" }, "m");

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(429, ex.StatusCode);
    }
}
