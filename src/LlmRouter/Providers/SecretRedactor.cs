namespace LlmRouter;

/// <summary>
/// Keeps a provider's secrets (API keys, AWS secret keys and tokens) out of errors: a gateway or proxy may echo them in an error body,
/// which would otherwise reach exception messages, logs and route attempts. Used by <see cref="LlmProviderChatClient"/> and
/// <see cref="ProviderSettings.WithoutSecrets"/>; the secrets are read when an error is redacted, so a set that grows later counts.
/// </summary>
internal static class SecretRedactor
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
}
