using System.Net;
using System.Text.Json;

namespace LlmRouter;

/// <summary>Turns any exception a provider's client throws into an <see cref="LlmException"/>, for providers that do not map their own.</summary>
internal static class LlmExceptionClassifier
{
    public static LlmException Classify(Exception exception, string provider, string model)
    {
        switch (exception)
        {
            case LlmException llm:
                return llm;
            case HttpRequestException http when http.StatusCode is { } status:
                return new LlmException(FromStatus((int)status), $"{provider}/{model} answered HTTP {(int)status}: {http.Message}", http)
                {
                    Provider = provider,
                    Model = model,
                    StatusCode = (int)status,
                };
            case HttpRequestException http:
                return new LlmException(LlmErrorKind.Unavailable, $"{provider}/{model} could not be reached: {http.Message}", http) { Provider = provider, Model = model };
            case TimeoutException or OperationCanceledException:
                return new LlmException(LlmErrorKind.Timeout, $"{provider}/{model} timed out.", exception) { Provider = provider, Model = model };
            case JsonException or InvalidDataException or FormatException:
                return new LlmException(LlmErrorKind.Unknown, $"{provider}/{model} sent a malformed response: {exception.Message}", exception) { Provider = provider, Model = model };
            default:
                return new LlmException(LlmErrorKind.Unknown, $"{provider}/{model} failed: {exception.GetType().Name}: {exception.Message}", exception) { Provider = provider, Model = model };
        }
    }

    public static LlmErrorKind FromStatus(int status) => status switch
    {
        (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => LlmErrorKind.Authentication,
        (int)HttpStatusCode.NotFound => LlmErrorKind.ModelNotFound,
        (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.GatewayTimeout => LlmErrorKind.Timeout,
        (int)HttpStatusCode.RequestEntityTooLarge => LlmErrorKind.ContextTooLong,
        (int)HttpStatusCode.TooManyRequests => LlmErrorKind.RateLimited,
        (int)HttpStatusCode.PaymentRequired => LlmErrorKind.QuotaExhausted,
        >= 400 and < 500 => LlmErrorKind.InvalidRequest,
        >= 500 => LlmErrorKind.Unavailable,
        _ => LlmErrorKind.Unknown,
    };
}
