using System.Globalization;

namespace LlmRouter.Cli.Output;

/// <summary>How numbers, money, durations and texts are shown to people (invariant culture, so output is the same everywhere).</summary>
internal static class Format
{
    private static readonly ModelCapabilities[] Flags =
    [
        ModelCapabilities.Streaming, ModelCapabilities.Tools, ModelCapabilities.Vision,
        ModelCapabilities.StructuredOutput, ModelCapabilities.Reasoning, ModelCapabilities.Embeddings,
    ];

    /// <summary>Gets a model's capabilities as their names, in a fixed order (<c>Streaming</c>, <c>Tools</c>, …).</summary>
    /// <param name="capabilities">The flags.</param>
    /// <returns>The names of the flags set.</returns>
    public static IEnumerable<string> CapabilityNames(ModelCapabilities capabilities)
    {
        // A loop, not LINQ over the enum: LINQ's generic code for a value type is compiled at start-up (see TierOption).
        var names = new List<string>(Flags.Length);
        foreach (var flag in Flags)
        {
            if ((capabilities & flag) == flag)
            {
                names.Add(flag.ToString());
            }
        }

        return names;
    }

    /// <summary>Shows capabilities briefly for a table: <c>tools vision json reasoning</c>.</summary>
    /// <param name="capabilities">The flags.</param>
    /// <returns>The short names, or <c>-</c>.</returns>
    public static string ShortCapabilities(ModelCapabilities capabilities)
    {
        var names = new List<string>(Flags.Length);
        foreach (var flag in Flags)
        {
            if (flag != ModelCapabilities.Streaming && (capabilities & flag) == flag)
            {
                names.Add(flag == ModelCapabilities.StructuredOutput ? "json" : flag.ToString().ToLowerInvariant());
            }
        }

        var text = string.Join(' ', names);
        return text.Length == 0 ? "-" : text;
    }

    /// <summary>Shows a token count: <c>128,000</c>, or <c>-</c> when unknown (0).</summary>
    /// <param name="tokens">The count.</param>
    /// <returns>The text.</returns>
    public static string Tokens(long tokens) => tokens == 0 ? "-" : tokens.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Shows a count, zero included: <c>1,234</c>.</summary>
    /// <param name="count">The count.</param>
    /// <returns>The text.</returns>
    public static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>Shows a price per million tokens: <c>$0.15</c>, <c>$3</c>, <c>free</c>.</summary>
    /// <param name="perMillion">USD per 1M tokens.</param>
    /// <returns>The text.</returns>
    public static string PerMillion(decimal perMillion) =>
        perMillion == 0 ? "free" : "$" + perMillion.ToString("0.00##", CultureInfo.InvariantCulture);

    /// <summary>Shows a cost in USD with enough digits for a single request: <c>$0.000123</c>, <c>$1.25</c>.</summary>
    /// <param name="usd">The cost.</param>
    /// <returns>The text.</returns>
    public static string Money(decimal usd) => usd switch
    {
        0 => "$0",
        < 0.01m => "$" + usd.ToString("0.000000", CultureInfo.InvariantCulture),
        < 1m => "$" + usd.ToString("0.0000", CultureInfo.InvariantCulture),
        _ => "$" + usd.ToString("#,##0.00", CultureInfo.InvariantCulture),
    };

    /// <summary>Shows a duration: <c>850 ms</c>, <c>1.2 s</c>.</summary>
    /// <param name="duration">The duration, or <see langword="null"/>.</param>
    /// <returns>The text, or <c>-</c>.</returns>
    public static string Duration(TimeSpan? duration) => duration switch
    {
        null => "-",
        { TotalMilliseconds: < 1000 } d => d.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms",
        { } d => d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
    };

    /// <summary>Shortens a text to one line of at most <paramref name="max"/> characters, ending in <c>…</c> when cut.</summary>
    /// <param name="text">The text.</param>
    /// <param name="max">The most characters.</param>
    /// <returns>The excerpt.</returns>
    public static string Excerpt(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= max ? line : line[..(max - 1)].TrimEnd() + "…";
    }
}
