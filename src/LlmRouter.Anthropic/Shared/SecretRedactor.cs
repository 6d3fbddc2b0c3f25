namespace LlmRouter.Anthropic;

/// <summary>
/// The secrets a provider sends (API key; for Bedrock also the secret access key, session token or bearer token) and the means
/// to keep them out of error messages: a gateway reached through <see cref="LlmProviderOptions.Endpoint"/> may echo them.
/// </summary>
internal sealed class SecretRedactor
{
    private readonly Lock _gate = new();
    private string[] _secrets = [];

    /// <summary>Initializes a new instance of the <see cref="SecretRedactor"/> class.</summary>
    /// <param name="secrets">The secrets known now; <see langword="null"/> and blank ones are ignored.</param>
    public SecretRedactor(params IEnumerable<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            Add(secret);
        }
    }

    /// <summary>Adds a secret learnt later (a profile's refreshed temporary credentials).</summary>
    /// <param name="secret">The secret; <see langword="null"/> and blank ones are ignored.</param>
    public void Add(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        lock (_gate)
        {
            if (!_secrets.Contains(secret, StringComparer.Ordinal))
            {
                // Longest first, so that a secret containing another is replaced whole.
                _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
            }
        }
    }

    /// <summary>Replaces every occurrence of a secret in a text by its masked form (<see cref="ProviderSettings.Mask"/>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The text without secrets.</returns>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, ProviderSettings.Mask(secret), StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Tells whether a text contains a secret.</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool Reveals(string? text) =>
        !string.IsNullOrEmpty(text) && _secrets.Any(s => text.Contains(s, StringComparison.Ordinal));
}
