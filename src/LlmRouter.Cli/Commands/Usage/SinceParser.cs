using System.Globalization;

namespace LlmRouter.Cli.Commands.Usage;

/// <summary>
/// Reads <c>usage --since</c>: a span back from now (<c>30m</c>, <c>24h</c>, <c>7d</c>, <c>2w</c>), <c>today</c> or <c>yesterday</c>
/// (UTC days, as budgets count them), a date (<c>2026-07-01</c>, from its UTC midnight) or a date and time (<c>2026-07-01T09:00</c>, UTC
/// unless it carries an offset).
/// </summary>
internal static class SinceParser
{
    /// <summary>Reads a <c>--since</c> value.</summary>
    /// <param name="text">The value.</param>
    /// <param name="now">The current time.</param>
    /// <param name="since">The start of the period.</param>
    /// <returns><see langword="true"/> when the value is understood.</returns>
    public static bool TryParse(string text, DateTimeOffset now, out DateTimeOffset since)
    {
        since = default;
        var value = text.Trim();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        if (value.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            since = today;
            return true;
        }

        if (value.Equals("yesterday", StringComparison.OrdinalIgnoreCase))
        {
            since = today.AddDays(-1);
            return true;
        }

        if (value.Length >= 2 && char.IsAsciiLetter(value[^1])
            && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            TimeSpan? span = char.ToLowerInvariant(value[^1]) switch
            {
                'm' => TimeSpan.FromMinutes(count),
                'h' => TimeSpan.FromHours(count),
                'd' => TimeSpan.FromDays(count),
                'w' => TimeSpan.FromDays(7 * count),
                _ => null,
            };
            if (span is { } s)
            {
                since = now - s;
                return true;
            }

            return false;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            since = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out since);
    }
}
