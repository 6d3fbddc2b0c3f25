namespace LlmRouter.Anthropic;

/// <summary>
/// What <see cref="ResponseCaptureHandler"/> saw of a failed HTTP response that the Anthropic SDK's exceptions do not expose:
/// the Retry-After wait and AWS's <c>x-amzn-ErrorType</c>. One instance per call, made current with <see cref="Begin"/>.
/// </summary>
/// <remarks>
/// The instance flows to the handler through an <see cref="AsyncLocal{T}"/>; the handler writes into the same object, so the
/// caller can read it back after the SDK throws. Nothing here is shared between calls.
/// </remarks>
internal sealed class ResponseCapture
{
    private static readonly AsyncLocal<ResponseCapture?> s_current = new();

    /// <summary>Gets the capture of the call running in this async flow, if any.</summary>
    public static ResponseCapture? Current => s_current.Value;

    /// <summary>Gets or sets the HTTP status of the last failed response.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Gets or sets how long the provider asked callers to wait (<c>retry-after-ms</c>, <c>retry-after</c>).</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Gets or sets the AWS error type (<c>x-amzn-ErrorType</c>, without its <c>:namespace</c> suffix).</summary>
    public string? AwsErrorType { get; set; }

    /// <summary>Starts a capture for the current async flow.</summary>
    /// <returns>The capture the handler will fill in.</returns>
    public static ResponseCapture Begin()
    {
        var capture = new ResponseCapture();
        s_current.Value = capture;
        return capture;
    }
}
