using System.Text.RegularExpressions;

namespace LlmRouter.Cli.Configuration;

/// <summary>Shows settings without their secrets: keys as <c>sk-…abcd</c> at most, passwords inside connection strings and URLs as <c>…</c>.</summary>
internal static partial class SecretMasker
{
    /// <summary>Tells whether a setting or variable name names a secret: it ends in <c>key</c> or <c>keyid</c>, or speaks of a secret, token, password or credential.</summary>
    /// <param name="name">A configuration key (<c>LlmRouter:Providers:openai:ApiKey</c>) or an environment variable (<c>OPENAI_API_KEY</c>).</param>
    /// <returns><see langword="true"/> when its value must be masked.</returns>
    public static bool IsSecretName(string name)
    {
        var last = name[(name.LastIndexOf(':') + 1)..].Replace("_", string.Empty, StringComparison.Ordinal);
        return last.EndsWith("key", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("keyid", StringComparison.OrdinalIgnoreCase)
            || SecretWord().IsMatch(last);
    }

    /// <summary>Masks a setting's value: all of it when the name names a secret, else only what is embedded in it.</summary>
    /// <param name="name">The setting's key or the variable's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The value safe to show.</returns>
    public static string Mask(string name, string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        return IsSecretName(name) ? ProviderSettings.Mask(value) : MaskEmbedded(value);
    }

    /// <summary>Masks passwords inside a connection string (<c>Password=…</c>, <c>password=…</c> in a Redis string) and user info in URLs.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value safe to show.</returns>
    public static string MaskEmbedded(string value)
    {
        var masked = EmbeddedPassword().Replace(value, "${name}=…");
        return UrlUserInfo().Replace(masked, "://…@");
    }

    [GeneratedRegex("secret|token|password|passwd|pwd|credential", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretWord();

    [GeneratedRegex(@"(?<name>password|pwd|secret|token|key)\s*=[^;,]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EmbeddedPassword();

    [GeneratedRegex(@"://[^/@\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();
}
