using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmRouter.OpenAI;

/// <summary>
/// Maps what the OpenAI SDK and the transport throw (<see cref="ClientResultException"/> with the host's error envelope, dropped
/// connections, timeouts, unreadable bodies) to <see cref="LlmException"/>, the same way for every OpenAI-compatible host.
/// </summary>
/// <remarks>Messages carry the host's own error text with the configured key redacted. Caller cancellation is never mapped: callers rethrow it first.</remarks>
internal sealed partial class OpenAIErrorMapper
{
    private static readonly string[] QuotaCodes = ["insufficient_quota", "quota_exceeded", "billing_hard_limit_reached", "billing_not_active", "insufficient_balance", "insufficient_credits"];
    private static readonly string[] ContentFilterCodes = ["content_filter", "content_policy_violation", "responsibleaipolicyviolation", "moderation_blocked"];
    private static readonly string[] AuthenticationCodes = ["invalid_api_key", "invalid_authentication", "unauthorized", "authentication_error", "permission_denied", "revoked_api_key"];

    private readonly string? _secret;
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="OpenAIErrorMapper"/> class.</summary>
    /// <param name="providerName">The provider's name, put on every exception.</param>
    /// <param name="secret">The configured key, redacted from every message.</param>
    /// <param name="timeProvider">The clock, for <c>retry-after</c> given as an HTTP date.</param>
    public OpenAIErrorMapper(string providerName, string? secret, TimeProvider? timeProvider = null)
    {
        ProviderName = providerName;
        _secret = string.IsNullOrEmpty(secret) ? null : secret;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the provider's name.</summary>
    public string ProviderName { get; }

    /// <summary>Maps any exception of a call to an <see cref="LlmException"/>. Call it only when the caller's token is not cancelled.</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="model">The model id.</param>
    /// <returns>The exception to throw.</returns>
    public LlmException Map(Exception exception, string model)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case LlmException llm:
                return llm;
            case ClientResultException result when result.Status > 0:
                var response = result.GetRawResponse();
                return FromResponse(result.Status, ReadBody(response), name => ReadHeader(response, name), model, result);
            case ClientResultException result:
                return Transport(model, result.InnerException ?? result);
            case HttpRequestException http when http.StatusCode is { } status:
                return FromResponse((int)status, body: null, _ => null, model, http);
            case HttpRequestException or IOException:
                return Transport(model, exception);
            case OperationCanceledException or TimeoutException:
                return Create(LlmErrorKind.Timeout, $"{Route(model)} did not answer within the network timeout.", model, exception);
            case JsonException or FormatException or InvalidDataException or InvalidOperationException or ArgumentOutOfRangeException or KeyNotFoundException or NullReferenceException or IndexOutOfRangeException:
                return Malformed(model, exception.Message, exception);
            default:
                return Create(LlmErrorKind.Unknown, $"{Route(model)} failed: {exception.GetType().Name}: {exception.Message}", model, exception);
        }
    }

    /// <summary>
    /// Tells the caller's own mistakes (a null argument, content the API cannot take) from the host's failures: those propagate unchanged
    /// (<see cref="ArgumentException"/>, <see cref="NotSupportedException"/>), everything else is mapped.
    /// </summary>
    /// <param name="exception">What was thrown.</param>
    /// <returns><see langword="true"/> when it should propagate unchanged.</returns>
    public static bool IsCallerError(Exception exception) =>
        exception is NotSupportedException || (exception is ArgumentException && exception is not ArgumentOutOfRangeException);

    /// <summary>Classifies an HTTP error answer from its status, headers and error envelope.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The response body, if read.</param>
    /// <param name="header">Reads a response header by name.</param>
    /// <param name="model">The model id.</param>
    /// <param name="inner">The exception that carried the answer.</param>
    /// <returns>The exception to throw.</returns>
    public LlmException FromResponse(int status, string? body, Func<string, string?> header, string model, Exception? inner)
    {
        ArgumentNullException.ThrowIfNull(header);
        var error = ParseError(body);
        var kind = Classify(status, error);
        var retryAfter = ParseRetryAfter(header, error?.Message);
        var label = error?.Code ?? error?.Type;
        var detail = error?.Message ?? (string.IsNullOrWhiteSpace(body) ? ReasonPhrase(status) : $"unreadable error body: {Shorten(body)}");
        var message = $"{Route(model)} answered HTTP {status}{(label is null ? string.Empty : $" ({label})")}: {detail}";
        return Create(kind, message, model, inner, status, retryAfter);
    }

    /// <summary>The kind of an HTTP error, from its envelope first (quota, context window, content filter, unknown model), then its status.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="error">The parsed envelope, if any.</param>
    /// <returns>The kind.</returns>
    public static LlmErrorKind Classify(int status, OpenAIError? error)
    {
        if (error is not null)
        {
            if (Matches(QuotaCodes, error.Code, error.Type) ||
                Contains(error.Message, "exceeded your current quota") || Contains(error.Message, "insufficient balance"))
            {
                return LlmErrorKind.QuotaExhausted;
            }

            if (status is not 401 and not 403 and not 429 and < 500 &&
                (LlmErrorClassification.IsContextTooLong(error.Code) || LlmErrorClassification.IsContextTooLong(error.Message)))
            {
                return LlmErrorKind.ContextTooLong;
            }

            if (Matches(ContentFilterCodes, error.Code, error.Type, error.InnerCode) || Contains(error.Message, "content management policy"))
            {
                return LlmErrorKind.ContentFiltered;
            }

            if (Matches(["model_not_found"], error.Code, error.Type))
            {
                return LlmErrorKind.ModelNotFound;
            }

            if (Matches(AuthenticationCodes, error.Code, error.Type))
            {
                return LlmErrorKind.Authentication;
            }

            if (Matches(["rate_limit_exceeded", "rate_limit_error", "too_many_requests"], error.Code, error.Type))
            {
                return LlmErrorKind.RateLimited;
            }
        }

        return LlmErrorClassification.FromStatusCode(status);
    }

    /// <summary>Reads an error envelope: OpenAI's <c>{"error":{…}}</c>, a bare <c>{"error":"text"}</c>, or <c>{"message"|"detail":…}</c> as some compatible hosts send.</summary>
    /// <param name="body">The response body.</param>
    /// <returns>The error, or <see langword="null"/> when the body is not JSON or has no message.</returns>
    public static OpenAIError? ParseError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0]; // Some gateways wrap the envelope in an array.
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return new OpenAIError(error.GetString(), null, null, null);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    string? inner = null;
                    if (error.TryGetProperty("innererror", out var innerError) && innerError.ValueKind == JsonValueKind.Object)
                    {
                        inner = Text(innerError, "code");
                    }

                    return new OpenAIError(Text(error, "message"), Text(error, "type"), Text(error, "code"), Text(error, "param"), inner);
                }
            }

            var message = Text(root, "message") ?? Text(root, "detail");
            return message is null ? null : new OpenAIError(message, Text(root, "type"), Text(root, "code"), Text(root, "param"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Reads how long the host asks to wait: <c>retry-after-ms</c>, <c>retry-after</c> (seconds or HTTP date), else "try again in 1.5s" in the message.</summary>
    /// <param name="header">Reads a response header by name.</param>
    /// <param name="message">The host's error message.</param>
    /// <returns>The wait, or <see langword="null"/>.</returns>
    public TimeSpan? ParseRetryAfter(Func<string, string?> header, string? message)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (RetryAfterParser.ParseMilliseconds(header("retry-after-ms")) is { } ms)
        {
            return ms;
        }

        var retryAfter = header("retry-after");
        if (RetryAfterParser.ParseSeconds(retryAfter) is { } seconds)
        {
            return seconds;
        }

        if (retryAfter is not null && DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - _timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        if (message is not null && TryAgainIn().Match(message) is { Success: true } match &&
            double.TryParse(match.Groups["value"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return match.Groups["unit"].ValueSpan.Equals("ms", StringComparison.OrdinalIgnoreCase) ? TimeSpan.FromMilliseconds(value) : TimeSpan.FromSeconds(value);
        }

        return null;
    }

    /// <summary>
    /// Reads an error event inside a stream (<c>data: {"error":{…}}</c>, which OpenAI and compatible hosts send when they fail mid-answer
    /// and the SDK surfaces as an empty chunk) and classifies it like an HTTP error body.
    /// </summary>
    /// <param name="chunkJson">The chunk's JSON.</param>
    /// <param name="model">The model id.</param>
    /// <returns>The exception to throw, or <see langword="null"/> when the chunk carries no error. Once the stream has started,
    /// <see cref="LlmProviderChatClient"/> turns it into <see cref="LlmErrorKind.StreamInterrupted"/>.</returns>
    public LlmException? FromStreamError(string chunkJson, string model)
    {
        if (!chunkJson.Contains("\"error\"", StringComparison.Ordinal) || ParseError(chunkJson) is not { } error || error.Message is null && error.Code is null)
        {
            return null;
        }

        var kind = Classify(0, error);
        if (kind == LlmErrorKind.Unknown)
        {
            kind = Contains(error.Type, "invalid_request") ? LlmErrorKind.InvalidRequest : LlmErrorKind.Unavailable;
        }

        var label = error.Code ?? error.Type;
        return Create(kind, $"{Route(model)} sent an error in the stream{(label is null ? string.Empty : $" ({label})")}: {error.Message}", model, null);
    }

    /// <summary>The exception for an answer the content filter stopped (finish reason <c>content_filter</c>).</summary>
    /// <param name="model">The model id.</param>
    /// <param name="partialText">What had been produced before the filter stopped the answer.</param>
    /// <returns>The exception to throw.</returns>
    public LlmException ContentFiltered(string model, string? partialText = null)
    {
        var e = Create(LlmErrorKind.ContentFiltered, $"{Route(model)} stopped the answer: its content filter flagged the prompt or the completion (finish reason content_filter).", model, null);
        return partialText is { Length: > 0 } ? WithPartialText(e, partialText) : e;
    }

    /// <summary>The exception for a response that could not be read.</summary>
    /// <param name="model">The model id.</param>
    /// <param name="what">What was wrong.</param>
    /// <param name="inner">The parse error, if any.</param>
    /// <returns>The exception to throw.</returns>
    public LlmException Malformed(string model, string what, Exception? inner) =>
        Create(LlmErrorKind.Unknown, $"{Route(model)} sent a malformed response: {what}", model, inner);

    /// <summary>The exception for a stream that stopped before its end (no finish reason): <see cref="LlmErrorKind.Unavailable"/>, which
    /// <see cref="LlmProviderChatClient"/> turns into <see cref="LlmErrorKind.StreamInterrupted"/> once the stream has started.</summary>
    /// <param name="model">The model id.</param>
    /// <param name="cause">What ended it.</param>
    /// <param name="inner">The transport error, if any.</param>
    /// <returns>The exception to throw.</returns>
    public LlmException StreamEnded(string model, string cause, Exception? inner) =>
        Create(LlmErrorKind.Unavailable, $"{Route(model)} stream ended before it finished: {cause}", model, inner);

    private LlmException Transport(string model, Exception exception)
    {
        var cause = exception is HttpRequestException { HttpRequestError: var error } && error != HttpRequestError.Unknown ? $"{error}: {exception.Message}" : exception.Message;
        return Create(LlmErrorKind.Unavailable, $"{Route(model)} could not be reached or dropped the connection: {cause}", model, exception);
    }

    private LlmException Create(LlmErrorKind kind, string message, string model, Exception? inner, int? status = null, TimeSpan? retryAfter = null) =>
        // The message and the inner exception may quote the body, which a gateway may have made echo the key.
        ProviderSettings.WithoutSecrets(
            new LlmException(kind, message, inner)
            {
                Provider = ProviderName,
                Model = model,
                StatusCode = status,
                RetryAfter = retryAfter,
            },
            [_secret]);

    private static LlmException WithPartialText(LlmException e, string? partialText) =>
        new(e.Kind, e.Message, e.InnerException)
        {
            Provider = e.Provider,
            Model = e.Model,
            StatusCode = e.StatusCode,
            RetryAfter = e.RetryAfter,
            PartialText = partialText,
        };

    private string Route(string model) => $"{ProviderName}/{model}";

    private static string? ReadBody(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        try
        {
            return response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return null; // A streamed body that was not buffered.
        }
    }

    private static string? ReadHeader(PipelineResponse? response, string name) =>
        response is not null && response.Headers.TryGetValue(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    private static bool Matches(string[] known, params string?[] values)
    {
        foreach (var value in values)
        {
            if (value is not null && known.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains(string? text, string part) => text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase);

    private static string Shorten(string text) => text.Length <= 200 ? text.Trim() : string.Concat(text.AsSpan(0, 200).Trim(), "…");

    private static string ReasonPhrase(int status) =>
        Enum.IsDefined(typeof(HttpStatusCode), status) ? $"{(HttpStatusCode)status} (no error body)" : "no error body";

    [GeneratedRegex(@"try again in (?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|s)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TryAgainIn();
}
