using System.Globalization;
using System.Net.Http.Headers;

namespace LlmRouter;

/// <summary>Reads how long a provider asks callers to wait: <c>retry-after-ms</c>, <c>retry-after</c> (seconds or an HTTP date).</summary>
public static class RetryAfterParser
{
    /// <summary>Reads the wait from response headers.</summary>
    /// <param name="headers">The response headers.</param>
    /// <param name="timeProvider">The clock, for HTTP-date values; <see langword="null"/> for the system clock.</param>
    /// <returns>The wait, or <see langword="null"/> when the headers do not say.</returns>
    public static TimeSpan? Parse(HttpResponseHeaders? headers, TimeProvider? timeProvider = null)
    {
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValues("retry-after-ms", out var ms) && ParseMilliseconds(ms.FirstOrDefault()) is { } fromMs)
        {
            return fromMs;
        }

        if (headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                var wait = date - (timeProvider ?? TimeProvider.System).GetUtcNow();
                return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
            }
        }

        return null;
    }

    /// <summary>Reads a <c>retry-after</c> value given as text: whole or fractional seconds.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The wait, or <see langword="null"/>.</returns>
    public static TimeSpan? ParseSeconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>Reads a <c>retry-after-ms</c> value.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The wait, or <see langword="null"/>.</returns>
    public static TimeSpan? ParseMilliseconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && ms < TimeSpan.MaxValue.TotalMilliseconds
            ? TimeSpan.FromMilliseconds(ms)
            : null;

    /// <summary>Reads a protobuf duration such as Gemini's <c>RetryInfo.retryDelay</c> (<c>"13s"</c>, <c>"0.5s"</c>).</summary>
    /// <param name="value">The duration text.</param>
    /// <returns>The wait, or <see langword="null"/>.</returns>
    public static TimeSpan? ParseDuration(string? value) =>
        value is { Length: > 1 } && value.EndsWith('s') ? ParseSeconds(value[..^1]) : null;
}
