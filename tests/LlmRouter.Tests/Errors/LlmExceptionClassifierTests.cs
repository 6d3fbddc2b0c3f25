using System.Net;
using System.Text.Json;

namespace LlmRouter.Tests.Errors;

public class LlmExceptionClassifierTests
{
    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, LlmErrorKind.Authentication)]
    [InlineData(HttpStatusCode.Forbidden, LlmErrorKind.Authentication)]
    [InlineData(HttpStatusCode.NotFound, LlmErrorKind.ModelNotFound)]
    [InlineData(HttpStatusCode.TooManyRequests, LlmErrorKind.RateLimited)]
    [InlineData(HttpStatusCode.BadRequest, LlmErrorKind.InvalidRequest)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, LlmErrorKind.ContextTooLong)]
    [InlineData(HttpStatusCode.InternalServerError, LlmErrorKind.Unavailable)]
    [InlineData((HttpStatusCode)529, LlmErrorKind.Unavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout, LlmErrorKind.Timeout)]
    public void LlmExceptionClassifier_HttpStatus_MapsToKind(HttpStatusCode status, LlmErrorKind expected)
    {
        var error = LlmExceptionClassifier.Classify(new HttpRequestException("boom", null, status), "p", "m");

        Assert.Equal(expected, error.Kind);
        Assert.Equal((int)status, error.StatusCode);
        Assert.Equal("p", error.Provider);
        Assert.Equal("m", error.Model);
    }

    [Fact]
    public void LlmExceptionClassifier_ConnectionFailure_IsUnavailable()
    {
        Assert.Equal(LlmErrorKind.Unavailable, LlmExceptionClassifier.Classify(new HttpRequestException("refused"), "p", "m").Kind);
    }

    [Fact]
    public void LlmExceptionClassifier_MalformedBody_IsAnLlmExceptionNotAJsonException()
    {
        var error = LlmExceptionClassifier.Classify(new JsonException("unexpected end"), "p", "m");

        Assert.Equal(LlmErrorKind.Unknown, error.Kind);
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
        Assert.IsType<JsonException>(error.InnerException);
    }

    [Fact]
    public void LlmExceptionClassifier_LlmException_IsKept()
    {
        var original = new LlmException(LlmErrorKind.QuotaExhausted, "out of credit") { Provider = "p" };

        Assert.Same(original, LlmExceptionClassifier.Classify(original, "p", "m"));
    }

    [Fact]
    public void LlmException_IsTransient_OnlyForRateLimitUnavailableAndTimeout()
    {
        var transient = Enum.GetValues<LlmErrorKind>().Where(k => new LlmException(k, "x").IsTransient);

        Assert.Equal([LlmErrorKind.RateLimited, LlmErrorKind.Unavailable, LlmErrorKind.Timeout], transient);
    }

    [Fact]
    public void AllRoutesFailedException_CarriesLastErrorAndListsAttempts()
    {
        var last = new LlmException(LlmErrorKind.Unavailable, "down") { Provider = "b", Model = "m2", StatusCode = 503 };
        RouteAttempt[] attempts = [new("a", "m1", TimeSpan.FromMilliseconds(12), LlmErrorKind.Authentication, "bad key"), new("b", "m2", TimeSpan.FromMilliseconds(30), LlmErrorKind.Unavailable, "down")];

        var ex = new AllRoutesFailedException(attempts, last);

        Assert.Equal(LlmErrorKind.Unavailable, ex.Kind);
        Assert.Equal("b", ex.Provider);
        Assert.Equal(503, ex.StatusCode);
        Assert.Same(last, ex.InnerException);
        Assert.Contains("a/m1: Authentication", ex.Message, StringComparison.Ordinal);
        Assert.Contains("b/m2: Unavailable", ex.Message, StringComparison.Ordinal);
    }
}
