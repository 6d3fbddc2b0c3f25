using Microsoft.Extensions.Configuration;

namespace LlmRouter;

/// <summary>Helpers provider packages share: where keys come from, how they are shown, and how options are bound.</summary>
public static class ProviderSettings
{
    /// <summary>The configuration section provider settings live under: <c>LlmRouter:Providers:&lt;name&gt;</c>.</summary>
    public const string ConfigurationSection = "LlmRouter:Providers";

    /// <summary>Binds a provider's options from <c>LlmRouter:Providers:&lt;name&gt;</c>, then applies code configuration on top.</summary>
    /// <typeparam name="TOptions">The provider's options type.</typeparam>
    /// <param name="providerName">The provider's name.</param>
    /// <param name="configuration">The app's configuration, or <see langword="null"/>.</param>
    /// <param name="configure">Code configuration, applied last so it wins.</param>
    /// <returns>The options.</returns>
    public static TOptions BindOptions<TOptions>(string providerName, IConfiguration? configuration, Action<TOptions>? configure)
        where TOptions : LlmProviderOptions, new()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerName);
        var options = new TOptions();
        configuration?.GetSection($"{ConfigurationSection}:{providerName}").Bind(options);
        configure?.Invoke(options);
        return options;
    }

    /// <summary>Finds a provider's API key: the options' key, else the first environment variable that is set.</summary>
    /// <param name="configured">The key from options or configuration.</param>
    /// <param name="environmentVariables">The provider's usual variables, in order (<c>GEMINI_API_KEY</c>, <c>GOOGLE_API_KEY</c>).</param>
    /// <param name="source">Where the key came from (<c>options</c> or the variable's name), or <see langword="null"/>.</param>
    /// <returns>The key, or <see langword="null"/> when none is set.</returns>
    public static string? ResolveApiKey(string? configured, IEnumerable<string> environmentVariables, out string? source)
    {
        ArgumentNullException.ThrowIfNull(environmentVariables);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            source = "options";
            return configured.Trim();
        }

        foreach (var name in environmentVariables)
        {
            var value = Environment.GetEnvironmentVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                source = name;
                return value.Trim();
            }
        }

        source = null;
        return null;
    }

    /// <summary>Shows a secret safely: <c>sk-…abcd</c> at most, never the whole key.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>A masked form, or <c>(none)</c>.</returns>
    public static string Mask(string? secret)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return "(none)";
        }

        if (secret.Length < 12)
        {
            return "…";
        }

        var dash = secret.IndexOf('-', StringComparison.Ordinal);
        var prefix = dash is > 0 and <= 8 ? secret[..(dash + 1)] : string.Empty;
        return $"{prefix}…{secret[^4..]}";
    }

    /// <summary>Replaces every occurrence of a secret in a text by its masked form (<see cref="Mask"/>).</summary>
    /// <param name="text">The text (an error body, a message).</param>
    /// <param name="secrets">The provider's secrets; <see langword="null"/>, blank and short ones (under 8 characters, no real key) are ignored.</param>
    /// <returns>The text without secrets.</returns>
    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return SecretRedactor.Redact(text, secrets);
    }

    /// <summary>
    /// Removes a provider's secrets from an error raised outside its chat client (health checks, model listings, embeddings), the way
    /// <see cref="LlmProviderChatClient"/> does for chat: the message is redacted, an inner exception that reveals a secret is dropped.
    /// </summary>
    /// <param name="exception">The error.</param>
    /// <param name="secrets">The provider's secrets.</param>
    /// <param name="rawText">Reads what an exception carries beyond its text (an SDK's response body), or <see langword="null"/>.</param>
    /// <returns>The same error when it reveals nothing, else a copy without the secrets.</returns>
    public static LlmException WithoutSecrets(LlmException exception, IEnumerable<string?> secrets, Func<Exception, string?>? rawText = null) =>
        SecretRedactor.Redact(exception, secrets, rawText);
}
