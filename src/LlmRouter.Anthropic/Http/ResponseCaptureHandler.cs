namespace LlmRouter.Anthropic;

/// <summary>
/// Sits in the Anthropic SDK's handler chain and records, for failed responses, the headers the SDK's exceptions drop
/// (Retry-After, <c>x-amzn-ErrorType</c>) into the current <see cref="ResponseCapture"/>. Responses pass through untouched.
/// </summary>
internal sealed class ResponseCaptureHandler : DelegatingHandler
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="ResponseCaptureHandler"/> class.</summary>
    /// <param name="timeProvider">The clock for Retry-After values given as an HTTP date.</param>
    public ResponseCaptureHandler(TimeProvider timeProvider) => _timeProvider = timeProvider;

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode && ResponseCapture.Current is { } capture)
        {
            capture.StatusCode = (int)response.StatusCode;
            capture.RetryAfter = RetryAfterParser.Parse(response.Headers, _timeProvider) ?? FractionalRetryAfter(response);
            if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values) && values.FirstOrDefault() is { Length: > 0 } type)
            {
                var colon = type.IndexOf(':', StringComparison.Ordinal);
                capture.AwsErrorType = colon > 0 ? type[..colon] : type;
            }
        }

        return response;
    }

    // Anthropic documents retry-after as float seconds ("0.5"), which the typed RetryAfter header value does not parse.
    private static TimeSpan? FractionalRetryAfter(HttpResponseMessage response) =>
        response.Headers.TryGetValues("retry-after", out var values) ? RetryAfterParser.ParseSeconds(values.FirstOrDefault()) : null;
}
