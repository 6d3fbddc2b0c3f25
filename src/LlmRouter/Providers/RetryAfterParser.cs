using System.Globalization;
using System.Net.Http.Headers;

namespace LlmRouter;

/// <summary>Reads how long a provider asks callers to wait: <c>retry-after-ms</c>, <c>retry-after</c> (whole or fractional seconds, or an HTTP date).</summary>
public static class RetryAfterParser
{
    /// <summary>Reads the wait from response headers.</summary>
    /// <param name="headers">The response headers.</param>
    /// <param name="timeProvider">The clock, for HTTP-date values; <see langword="null"/> for the system clock.</param>
    /// <returns>The wait, or <see langword="null"/> when the headers do not say.</returns>
    public static TimeSpan? Parse(HttpResponseHeaders? headers, TimeProvider? timeProvider = null) =>
        headers is null
            ? null
            : Parse(name => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, timeProvider);

    /// <summary>Reads the wait from headers given by a lookup, for clients whose header type is not <see cref="HttpResponseHeaders"/> (SDK pipelines).</summary>
    /// <param name="header">Returns a header's first value by name, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock, for HTTP-date values; <see langword="null"/> for the system clock.</param>
    /// <returns>The wait, or <see langword="null"/> when the headers do not say.</returns>
    public static TimeSpan? Parse(Func<string, string?> header, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        if (ParseMilliseconds(header("retry-after-ms")) is { } fromMs)
        {
            return fromMs;
        }

        var value = header("retry-after");
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (ParseSeconds(value) is { } seconds)
        {
            return seconds;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - (timeProvider ?? TimeProvider.System).GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
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
