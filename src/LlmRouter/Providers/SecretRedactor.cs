using System.Text.RegularExpressions;

namespace LlmRouter;

/// <summary>
/// Keeps secrets (API keys, AWS secret keys and tokens) out of errors: a gateway or proxy may echo them in an error body,
/// which would otherwise reach exception messages, logs and route attempts. Two nets: a provider's own secrets, read when an
/// error is redacted so a set that grows later counts (<see cref="LlmProviderChatClient"/>, <see cref="ProviderSettings.WithoutSecrets"/>);
/// and, for text from anywhere (custom providers included), strings shaped like well-known API keys (<see cref="MaskKeys(string)"/>),
/// masked in every message the router writes.
/// </summary>
internal static partial class SecretRedactor
{
    /// <summary>The shortest value treated as a secret: shorter ones are no real key and would mask ordinary words.</summary>
    public const int MinimumLength = 8;

    /// <summary>Replaces every occurrence of a secret in a text by its masked form (<see cref="ProviderSettings.Mask"/>).</summary>
    /// <param name="text">The text.</param>
    /// <param name="secrets">The secrets; <see langword="null"/>, blank and short ones (under <see cref="MinimumLength"/> characters) are ignored.</param>
    /// <returns>The text without secrets.</returns>
    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        // Longest first, so that a secret containing another is replaced whole.
        foreach (var secret in Usable(secrets).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, ProviderSettings.Mask(secret), StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Tells whether a text contains a secret.</summary>
    /// <param name="text">The text.</param>
    /// <param name="secrets">The secrets.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public static bool Reveals(string? text, IEnumerable<string?> secrets) =>
        !string.IsNullOrEmpty(text) && Usable(secrets).Any(s => text.Contains(s, StringComparison.Ordinal));

    /// <summary>
    /// Removes secrets from an error: the message is redacted, and the inner exception is dropped when any exception in its chain
    /// reveals one (in its text or in the raw body <paramref name="rawText"/> finds on it).
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <param name="secrets">The secrets.</param>
    /// <param name="rawText">Reads what an exception carries beyond its text (an SDK's response body), or <see langword="null"/>.</param>
    /// <returns>The same error when it reveals nothing, else a copy without the secrets.</returns>
    public static LlmException Redact(LlmException exception, IEnumerable<string?> secrets, Func<Exception, string?>? rawText = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(secrets);
        var list = Usable(secrets).ToArray();
        if (list.Length == 0)
        {
            return exception;
        }

        var inner = exception.InnerException;
        var innerReveals = inner is not null && RevealsInChain(inner, list, rawText);
        if (!innerReveals && !Reveals(exception.Message, list))
        {
            return exception;
        }

        return new LlmException(exception.Kind, Redact(exception.Message, list), innerReveals ? null : inner)
        {
            Provider = exception.Provider,
            Model = exception.Model,
            StatusCode = exception.StatusCode,
            RetryAfter = exception.RetryAfter,
            PartialText = exception.PartialText,
        };
    }

    private static bool RevealsInChain(Exception exception, string[] secrets, Func<Exception, string?>? rawText)
    {
        if (rawText is not null)
        {
            for (var e = exception; e is not null; e = e.InnerException)
            {
                if (Reveals(rawText(e), secrets))
                {
                    return true;
                }
            }
        }

        return Reveals(exception.ToString(), secrets);
    }

    private static IEnumerable<string> Usable(IEnumerable<string?> secrets) =>
        secrets.Where(s => !string.IsNullOrWhiteSpace(s) && s.Length >= MinimumLength).Select(s => s!).Distinct(StringComparer.Ordinal);

    /// <summary>
    /// Masks strings shaped like well-known API keys: OpenAI's <c>sk-…</c> (<c>sk-proj-…</c>), Anthropic's <c>sk-ant-…</c>, Google's
    /// <c>AIza…</c>, Groq's <c>gsk_…</c>, xAI's <c>xai-…</c> and <c>Bearer …</c> tokens; each keeps its prefix and last four characters
    /// (<c>sk-proj-…abcd</c>), as <see cref="ProviderSettings.Mask"/> shows keys.
    /// </summary>
    /// <param name="text">Any text: an error message, a provider's health detail.</param>
    /// <returns>The same instance, without allocating, when nothing is shaped like a key; otherwise a masked copy.</returns>
    /// <remarks>A safety net, not a guarantee: a key of an unknown shape is not recognised. <c>sk-</c> keys and bearer tokens must
    /// contain a digit and be long enough, so ordinary words (<c>sk-learn</c>, <c>Bearer authentication</c>) are left alone.</remarks>
    public static string MaskKeys(string text)
    {
        if (string.IsNullOrEmpty(text) || !KeyShape().IsMatch(text.AsSpan()))
        {
            return text;
        }

        return KeyShape().Replace(text, static m => MaskMatch(m));
    }

    /// <summary>Tells whether a text holds a string shaped like a well-known API key; never allocates.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when <see cref="MaskKeys(string)"/> would change it.</returns>
    public static bool HasKeyShape(string? text) => !string.IsNullOrEmpty(text) && KeyShape().IsMatch(text.AsSpan());

    /// <summary>
    /// Masks key-shaped strings in an error the router is about to pass on (<see cref="MaskKeys(string)"/>): its message is masked, and
    /// its inner exception dropped when any exception of the chain holds one in its message.
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <returns>The same error when nothing in its chain is shaped like a key (the common case, no allocation), else a copy.</returns>
    public static LlmException MaskKeys(LlmException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var innerReveals = ChainHasKeyShape(exception.InnerException);
        if (!innerReveals && !HasKeyShape(exception.Message))
        {
            return exception;
        }

        return new LlmException(exception.Kind, MaskKeys(exception.Message), innerReveals ? null : exception.InnerException)
        {
            Provider = exception.Provider,
            Model = exception.Model,
            StatusCode = exception.StatusCode,
            RetryAfter = exception.RetryAfter,
            PartialText = exception.PartialText,
        };
    }

    /// <summary>Gets an exception fit for a log: the same one when nothing in its chain is shaped like a key, else one that says what it was, masked, without the chain.</summary>
    /// <param name="exception">The exception to log.</param>
    /// <returns>The exception to log.</returns>
    public static Exception ForLog(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return ChainHasKeyShape(exception)
            ? new InvalidOperationException(MaskKeys($"{exception.GetType().FullName}: {exception.Message}"))
            : exception;
    }

    /// <summary>Tells whether an exception, or any exception it wraps, holds a key-shaped string in its message; never allocates.</summary>
    /// <param name="exception">The exception, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when one does.</returns>
    public static bool ChainHasKeyShape(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (HasKeyShape(e.Message))
            {
                return true;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (ChainHasKeyShape(inner))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static string MaskMatch(Match match)
    {
        var key = match.Groups["key"].Value;
        var prefix = match.Groups["prefix"].Value;
        var tail = key.Length > 8 ? key[^4..] : string.Empty;
        return string.Concat(match.Groups["bearer"].Value, prefix, "…", tail);
    }

    // Keys stand alone (not inside a longer word); sk- keys and bearer tokens need a digit, so prose is left alone.
    [GeneratedRegex(
        """
        (?<![A-Za-z0-9_\-])(?:
          (?<prefix>sk-(?:ant-(?:api\d\d-)?|proj-|svcacct-|admin-)?)(?<key>(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{20,})
        | (?<prefix>AIza)(?<key>[0-9A-Za-z_\-]{35})
        | (?<prefix>gsk_)(?<key>[A-Za-z0-9]{20,})
        | (?<prefix>xai-)(?<key>[A-Za-z0-9]{20,})
        | (?<bearer>(?i:bearer)\s+)(?<key>(?=[A-Za-z0-9\-._~+/]*[0-9])[A-Za-z0-9\-._~+/]{12,}=*)
        )
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex KeyShape();
}
