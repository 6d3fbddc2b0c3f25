using System.Text.Json;
using Anthropic.Exceptions;
using Microsoft.Extensions.AI;

namespace LlmRouter.Anthropic;

/// <summary>
/// Maps what the Anthropic SDK (and Anthropic.Bedrock on top of it) produces to LlmRouter's contract: SDK exceptions to
/// <see cref="LlmException"/> with the right <see cref="LlmErrorKind"/>, and the SDK adapter's <see cref="UsageDetails"/> to
/// the router's usage convention.
/// </summary>
internal static class AnthropicSdkMapper
{
    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key for tokens written to the prompt cache.</summary>
    public const string CacheCreationInputTokensKey = "cache_creation_input_tokens";

    /// <summary>The key the SDK's adapter (13.x) uses for cache writes; renamed to <see cref="CacheCreationInputTokensKey"/>.</summary>
    internal const string SdkCacheCreationKey = "CacheCreationInputTokens";

    private const int MaxQuotedBodyLength = 300;

    /// <summary>Decides whether an exception from the SDK is passed through unchanged rather than mapped.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for <see cref="LlmException"/> and for caller errors (<see cref="NotSupportedException"/>, <see cref="ArgumentException"/>).</returns>
    public static bool PassesThrough(Exception exception) =>
        exception is LlmException or NotSupportedException or ArgumentException;

    /// <summary>Maps any exception the SDK raised for a call into an <see cref="LlmException"/>.</summary>
    /// <param name="exception">What the SDK threw. Caller cancellation must be filtered out before calling this.</param>
    /// <param name="provider">The provider's name (<c>anthropic</c>, <c>bedrock</c>).</param>
    /// <param name="model">The model id of the call.</param>
    /// <param name="capture">What the handler saw of the failed response, if anything.</param>
    /// <returns>The error to throw. Secrets are removed by the caller (<see cref="LlmProviderChatClient"/>, <see cref="ProviderSettings.WithoutSecrets"/>)
    /// with <see cref="RawErrorText"/>.</returns>
    public static LlmException ToLlmException(Exception exception, string provider, string? model, ResponseCapture? capture)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return Map(exception, provider, model, capture);
    }

    /// <summary>Reads the raw error body an SDK exception carries beyond its message, so that a secret echoed there is found.</summary>
    /// <param name="exception">An exception of the chain.</param>
    /// <returns>The body, or <see langword="null"/>.</returns>
    public static string? RawErrorText(Exception exception) => exception switch
    {
        AnthropicApiException api => api.ResponseBody,
        AnthropicSseException sse when sse.Body.ValueKind != JsonValueKind.Undefined => sse.Body.GetRawText(),
        _ => null,
    };

    private static LlmException Map(Exception exception, string provider, string? model, ResponseCapture? capture)
    {
        var route = model is null ? provider : $"{provider}/{model}";
        switch (exception)
        {
            case LlmException llm:
                return llm;

            case AnthropicApiException api:
            {
                var status = (int)api.StatusCode;
                var (type, message) = ReadErrorBody(api.ResponseBody);
                type ??= capture?.AwsErrorType;
                message ??= api.ApiMessage ?? Quote(api.ResponseBody);
                var kind = KindFor(type, status, message);
                var text = $"{route} answered HTTP {status}{(type is null ? string.Empty : $" {type}")}: {message ?? "(no error message)"}";
                return new LlmException(kind, text, exception)
                {
                    Provider = provider,
                    Model = model,
                    StatusCode = status,
                    RetryAfter = capture?.RetryAfter,
                };
            }

            case AnthropicSseException sse:
            {
                var (type, message) = ReadErrorBody(sse.Body.ValueKind == JsonValueKind.Undefined ? null : sse.Body.GetRawText());
                message ??= sse.ApiMessage;
                var kind = KindFor(type, null, message);
                return new LlmException(kind == LlmErrorKind.Unknown ? LlmErrorKind.Unavailable : kind,
                    $"{route} reported an error in the middle of the stream{(type is null ? string.Empty : $": {type}")}: {message ?? "(no error message)"}", exception)
                {
                    Provider = provider,
                    Model = model,
                };
            }

            case AnthropicIOException or HttpRequestException or IOException:
                return new LlmException(LlmErrorKind.Unavailable,
                    $"{route} could not be reached or the connection broke off ({Describe(exception)}).", exception)
                {
                    Provider = provider,
                    Model = model,
                };

            case TimeoutException:
            case OperationCanceledException:
                return new LlmException(LlmErrorKind.Timeout, $"{route} did not answer within the network timeout.", exception)
                {
                    Provider = provider,
                    Model = model,
                };

            case AnthropicInvalidDataException or JsonException or InvalidDataException or FormatException or InvalidCastException or KeyNotFoundException or NullReferenceException:
                return new LlmException(LlmErrorKind.Unknown, $"{route} sent a malformed response: {exception.Message}", exception)
                {
                    Provider = provider,
                    Model = model,
                };

            default:
                return new LlmException(LlmErrorKind.Unknown, $"{route} failed: {exception.GetType().Name}: {exception.Message}", exception)
                {
                    Provider = provider,
                    Model = model,
                };
        }
    }

    /// <summary>Classifies an Anthropic (<c>error.type</c>) or AWS (<c>x-amzn-ErrorType</c>) error.</summary>
    /// <param name="errorType">The error type, if known.</param>
    /// <param name="statusCode">The HTTP status, if any (none for errors inside a stream).</param>
    /// <param name="message">The provider's error message.</param>
    /// <returns>The kind.</returns>
    public static LlmErrorKind KindFor(string? errorType, int? statusCode, string? message)
    {
        if (LlmErrorClassification.IsContextTooLong(message) ||
            (message?.Contains("input is too long", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return LlmErrorKind.ContextTooLong;
        }

        if (message?.Contains("credit balance", StringComparison.OrdinalIgnoreCase) ?? false)
        {
            return LlmErrorKind.QuotaExhausted;
        }

        switch (errorType?.Trim().ToUpperInvariant())
        {
            case "OVERLOADED_ERROR" or "API_ERROR":
                return LlmErrorKind.Unavailable;
            case "RATE_LIMIT_ERROR":
                return LlmErrorKind.RateLimited;
            case "BILLING_ERROR":
                return LlmErrorKind.QuotaExhausted;
            case "AUTHENTICATION_ERROR" or "PERMISSION_ERROR":
                return LlmErrorKind.Authentication;
            case "NOT_FOUND_ERROR":
                return LlmErrorKind.ModelNotFound;
            case "REQUEST_TOO_LARGE":
                return LlmErrorKind.ContextTooLong;
            case "TIMEOUT_ERROR":
                return LlmErrorKind.Timeout;
            case "INVALID_REQUEST_ERROR":
                return LlmErrorKind.InvalidRequest;

            // Amazon Bedrock (x-amzn-ErrorType).
            case "THROTTLINGEXCEPTION":
                return LlmErrorKind.RateLimited;
            case "SERVICEQUOTAEXCEEDEDEXCEPTION":
                return LlmErrorKind.QuotaExhausted;
            case "ACCESSDENIEDEXCEPTION" or "UNRECOGNIZEDCLIENTEXCEPTION" or "EXPIREDTOKENEXCEPTION" or "INVALIDSIGNATUREEXCEPTION"
                or "INCOMPLETESIGNATUREEXCEPTION" or "MISSINGAUTHENTICATIONTOKENEXCEPTION":
                return LlmErrorKind.Authentication;
            case "RESOURCENOTFOUNDEXCEPTION":
                return LlmErrorKind.ModelNotFound;
            case "VALIDATIONEXCEPTION":
                return message?.Contains("model identifier is invalid", StringComparison.OrdinalIgnoreCase) ?? false
                    ? LlmErrorKind.ModelNotFound
                    : LlmErrorKind.InvalidRequest;
            case "MODELTIMEOUTEXCEPTION":
                return LlmErrorKind.Timeout;
            case "SERVICEUNAVAILABLEEXCEPTION" or "INTERNALSERVEREXCEPTION" or "MODELNOTREADYEXCEPTION" or "MODELERROREXCEPTION"
                or "MODELSTREAMERROREXCEPTION":
                return LlmErrorKind.Unavailable;
        }

        return statusCode is { } status ? LlmErrorClassification.FromStatusCode(status) : LlmErrorKind.Unknown;
    }

    /// <summary>Reads an error body: Anthropic's <c>{"type":"error","error":{"type","message"}}</c> or AWS's <c>{"message"}</c>.</summary>
    /// <param name="body">The body, possibly empty or not JSON.</param>
    /// <returns>The error type and message found, each <see langword="null"/> when absent.</returns>
    public static (string? Type, string? Message) ReadErrorBody(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                return (GetString(error, "type"), GetString(error, "message"));
            }

            return (GetString(root, "__type") is { } awsType ? AfterHash(awsType) : null, GetString(root, "message") ?? GetString(root, "Message"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Brings the SDK adapter's usage to the router's convention (DESIGN §6). The adapter (13.x) already counts cache reads
    /// and writes into <see cref="UsageDetails.InputTokenCount"/> and fills <see cref="UsageDetails.CachedInputTokenCount"/>
    /// (cache reads) and <see cref="UsageDetails.ReasoningTokenCount"/> (<c>output_tokens_details.thinking_tokens</c>); what is
    /// left is the name of the cache-write count (<see cref="CacheCreationInputTokensKey"/>) and a missing total.
    /// </summary>
    /// <param name="usage">The adapter's usage.</param>
    /// <returns>A normalised copy.</returns>
    public static UsageDetails NormalizeUsage(UsageDetails usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var result = new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            CachedInputTokenCount = usage.CachedInputTokenCount,
            ReasoningTokenCount = usage.ReasoningTokenCount,
            TotalTokenCount = usage.TotalTokenCount ??
                (usage.InputTokenCount is null && usage.OutputTokenCount is null ? null : (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0)),
        };

        if (usage.AdditionalCounts is { Count: > 0 } counts)
        {
            var additional = new AdditionalPropertiesDictionary<long>();
            foreach (var (key, value) in counts)
            {
                var name = string.Equals(key, SdkCacheCreationKey, StringComparison.Ordinal) ? CacheCreationInputTokensKey : key;
                additional[name] = additional.TryGetValue(name, out var existing) ? Math.Max(existing, value) : value;
            }

            result.AdditionalCounts = additional;
        }

        return result;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string AfterHash(string awsType)
    {
        var hash = awsType.LastIndexOf('#');
        return hash >= 0 ? awsType[(hash + 1)..] : awsType;
    }

    private static string? Quote(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        var trimmed = body.Trim();
        return trimmed.Length <= MaxQuotedBodyLength ? trimmed : string.Concat(trimmed.AsSpan(0, MaxQuotedBodyLength), "…");
    }

    private static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return ReferenceEquals(innermost, exception)
            ? $"{exception.GetType().Name}: {exception.Message}"
            : $"{exception.GetType().Name}: {exception.Message} ← {innermost.GetType().Name}: {innermost.Message}";
    }
}
