using System.Net.Http.Headers;
using System.Text.Json;
using LlmRouter.Gemini.Wire;

namespace LlmRouter.Gemini.Mapping;

/// <summary>Turns Gemini's error envelopes, blocked prompts, malformed bodies and transport failures into <see cref="LlmException"/>s.</summary>
/// <remarks>
/// Gemini answers errors as <c>{"error":{"code","message","status","details":[…]}}</c> (a google.rpc.Status). The HTTP status gives the
/// first guess; the <c>status</c> name, <c>ErrorInfo.reason</c>, <c>QuotaFailure</c> and the message refine it. An invalid API key comes back
/// as <c>400 INVALID_ARGUMENT</c> with reason <c>API_KEY_INVALID</c>, not as 401.
/// </remarks>
internal static partial class GeminiMapper
{
    private const string RetryInfoType = "type.googleapis.com/google.rpc.RetryInfo";
    private const string QuotaFailureType = "type.googleapis.com/google.rpc.QuotaFailure";
    private const string ErrorInfoType = "type.googleapis.com/google.rpc.ErrorInfo";
    private const int MaxQuotedBodyLength = 500;

    /// <summary>Maps an HTTP error answer.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The response body (may be empty, not JSON, or an error envelope).</param>
    /// <param name="headers">The response headers, for <c>retry-after</c>.</param>
    /// <param name="model">The model id the call was for.</param>
    /// <param name="timeProvider">The clock, for HTTP-date <c>retry-after</c> values.</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException FromHttpError(int statusCode, string? body, HttpResponseHeaders? headers, string? model, TimeProvider? timeProvider = null)
    {
        var error = TryParseError(body);
        var kind = Classify(statusCode, error);
        var retryAfter = RetryDelay(error) ?? RetryAfterParser.Parse(headers, timeProvider);
        var status = error?.Status is { Length: > 0 } s ? $" {s}" : string.Empty;
        var text = error?.Message is { Length: > 0 } m ? m : Quote(body);
        return new LlmException(kind, $"Gemini{ForModel(model)} answered HTTP {statusCode}{status}: {text}")
        {
            Provider = GeminiProvider.ProviderName,
            Model = model,
            StatusCode = statusCode,
            RetryAfter = retryAfter,
        };
    }

    /// <summary>Maps an error reported inside a 200 stream (<c>data: {"error":{…}}</c>).</summary>
    /// <param name="error">The error.</param>
    /// <param name="model">The model id.</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException FromInBandError(GeminiError error, string? model)
    {
        var code = error.Code ?? StatusFromName(error.Status) ?? 500;
        var kind = Classify(code, error);
        return new LlmException(kind, $"Gemini{ForModel(model)} reported an error in its stream: {error.Status} {error.Message}".TrimEnd())
        {
            Provider = GeminiProvider.ProviderName,
            Model = model,
            StatusCode = code,
            RetryAfter = RetryDelay(error),
        };
    }

    /// <summary>Maps a blocked prompt (<c>promptFeedback.blockReason</c> with no candidates) or a candidate stopped by a filter before it produced anything.</summary>
    /// <param name="reason">The block or finish reason (<c>SAFETY</c>, <c>PROHIBITED_CONTENT</c>, …).</param>
    /// <param name="detail">Gemini's explanation, if any.</param>
    /// <param name="model">The model id.</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException ContentFiltered(string reason, string? detail, string? model) =>
        Create(LlmErrorKind.ContentFiltered, $"Gemini{ForModel(model)} blocked the request ({reason}){(string.IsNullOrWhiteSpace(detail) ? "." : $": {detail}")}", model, null);

    /// <summary>Maps a body that is not the JSON Gemini documents.</summary>
    /// <param name="what">What was being read.</param>
    /// <param name="model">The model id.</param>
    /// <param name="inner">The parse failure, if any.</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException Malformed(string what, string? model, Exception? inner = null) =>
        Create(LlmErrorKind.Unknown, $"Gemini{ForModel(model)} sent a malformed {what}{(inner is null ? "." : $": {inner.Message}")}", model, inner);

    /// <summary>Maps a connection that failed or was cut.</summary>
    /// <param name="what">What was going on (<c>sending the request</c>, <c>reading the stream</c>).</param>
    /// <param name="model">The model id.</param>
    /// <param name="inner">The transport failure.</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException Transport(string what, string? model, Exception inner) =>
        Create(LlmErrorKind.Unavailable, $"Gemini{ForModel(model)} connection failed while {what}: {inner.Message}", model, inner);

    /// <summary>Maps the provider's own network timeout (<see cref="LlmProviderOptions.NetworkTimeout"/>).</summary>
    /// <param name="timeout">The timeout.</param>
    /// <param name="model">The model id.</param>
    /// <param name="inner">The cancellation.</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException Timeout(TimeSpan? timeout, string? model, Exception inner) =>
        Create(LlmErrorKind.Timeout, $"Gemini{ForModel(model)} did not answer within {(timeout is { } t ? t.ToString() : "the network timeout")}.", model, inner);

    /// <summary>Maps any other failure (what neither the HTTP layer nor the wire mapping recognised).</summary>
    /// <param name="what">What was going on (<c>calling the API</c>, <c>reading the stream</c>).</param>
    /// <param name="model">The model id.</param>
    /// <param name="inner">The failure.</param>
    /// <returns>The exception to throw.</returns>
    public static LlmException Failed(string what, string? model, Exception inner) =>
        Create(LlmErrorKind.Unknown, $"Gemini{ForModel(model)} failed while {what}: {inner.GetType().Name}: {inner.Message}", model, inner);

    /// <summary>Decides the kind from the status and the envelope.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="error">The parsed envelope, if any.</param>
    /// <returns>The kind.</returns>
    internal static LlmErrorKind Classify(int statusCode, GeminiError? error)
    {
        var status = error?.Status;
        var message = error?.Message;
        if (HasReason(error, "API_KEY_INVALID") || HasReason(error, "API_KEY_SERVICE_BLOCKED") ||
            (message?.Contains("API key not valid", StringComparison.OrdinalIgnoreCase) ?? false) ||
            status is "UNAUTHENTICATED" or "PERMISSION_DENIED")
        {
            return LlmErrorKind.Authentication;
        }

        switch (statusCode)
        {
            case 400 when IsContextTooLong(message):
                return LlmErrorKind.ContextTooLong;
            case 400 when status is "FAILED_PRECONDITION":
                // "User location is not supported", "free tier is not available in your country": this account cannot use
                // Gemini from here, but another provider may serve the request.
                return LlmErrorKind.Authentication;
            case 400:
                return LlmErrorKind.InvalidRequest;
            case 401 or 403:
                return LlmErrorKind.Authentication;
            case 404:
                return LlmErrorKind.ModelNotFound;
            case 429:
                return IsLongTermQuota(error) ? LlmErrorKind.QuotaExhausted : LlmErrorKind.RateLimited;
            case 500 or 502 or 503 or 504:
                return LlmErrorKind.Unavailable;
        }

        var kind = LlmErrorClassification.FromStatusCode(statusCode);
        return kind is LlmErrorKind.InvalidRequest && IsContextTooLong(message) ? LlmErrorKind.ContextTooLong : kind;
    }

    /// <summary>Reads <c>RetryInfo.retryDelay</c> from the details.</summary>
    /// <param name="error">The envelope.</param>
    /// <returns>The delay, or <see langword="null"/>.</returns>
    internal static TimeSpan? RetryDelay(GeminiError? error)
    {
        foreach (var detail in error?.Details ?? [])
        {
            if (detail is not null && string.Equals(detail.Type, RetryInfoType, StringComparison.Ordinal) &&
                RetryAfterParser.ParseDuration(detail.RetryDelay) is { } delay)
            {
                return delay;
            }
        }

        return null;
    }

    /// <summary>Parses an error envelope, tolerating anything.</summary>
    /// <param name="body">The body.</param>
    /// <returns>The error, or <see langword="null"/> when the body is not an envelope.</returns>
    internal static GeminiError? TryParseError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            var trimmed = body.AsSpan().TrimStart();
            if (trimmed.StartsWith("data:", StringComparison.Ordinal))
            {
                // An error streamed as a single SSE event.
                body = trimmed[5..].ToString();
            }

            return JsonSerializer.Deserialize(body, GeminiJsonContext.Default.GeminiErrorResponse)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsContextTooLong(string? message) =>
        LlmErrorClassification.IsContextTooLong(message) ||
        (message is not null &&
         (message.Contains("input token count", StringComparison.OrdinalIgnoreCase) ||
          message.Contains("token limit", StringComparison.OrdinalIgnoreCase)));

    private static bool HasReason(GeminiError? error, string reason) =>
        error?.Details?.Any(d => d is not null && string.Equals(d.Type, ErrorInfoType, StringComparison.Ordinal) &&
                                 string.Equals(d.Reason, reason, StringComparison.Ordinal)) ?? false;

    /// <summary>A QuotaFailure naming a per-day (or longer) quota: waiting seconds will not help, so the route is abandoned rather than retried.</summary>
    private static bool IsLongTermQuota(GeminiError? error)
    {
        foreach (var detail in error?.Details ?? [])
        {
            if (detail is null || !string.Equals(detail.Type, QuotaFailureType, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var violation in detail.Violations ?? [])
            {
                var id = $"{violation?.QuotaId} {violation?.QuotaMetric}";
                if (id.Contains("PerDay", StringComparison.OrdinalIgnoreCase) || id.Contains("per_day", StringComparison.OrdinalIgnoreCase) ||
                    id.Contains("PerMonth", StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int? StatusFromName(string? status) => status switch
    {
        "INVALID_ARGUMENT" or "FAILED_PRECONDITION" or "OUT_OF_RANGE" => 400,
        "UNAUTHENTICATED" => 401,
        "PERMISSION_DENIED" => 403,
        "NOT_FOUND" => 404,
        "RESOURCE_EXHAUSTED" => 429,
        "INTERNAL" or "UNKNOWN" => 500,
        "UNAVAILABLE" => 503,
        "DEADLINE_EXCEEDED" => 504,
        _ => null,
    };

    private static LlmException Create(LlmErrorKind kind, string message, string? model, Exception? inner) =>
        new(kind, message, inner)
        {
            Provider = GeminiProvider.ProviderName,
            Model = model,
        };

    private static string ForModel(string? model) => string.IsNullOrEmpty(model) ? string.Empty : $"/{model}";

    private static string Quote(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return "(empty body)";
        }

        var text = body.Trim();
        return text.Length <= MaxQuotedBodyLength ? text : string.Concat(text.AsSpan(0, MaxQuotedBodyLength), "…");
    }
}
