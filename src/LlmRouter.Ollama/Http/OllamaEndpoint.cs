using System.Globalization;
using System.Net;

namespace LlmRouter.Ollama;

/// <summary>Finds and normalises the Ollama server address: options, the HttpClient's base address, <c>OLLAMA_HOST</c>, or the default.</summary>
internal static class OllamaEndpoint
{
    /// <summary>The port Ollama listens on when <c>OLLAMA_HOST</c> names none and has no scheme.</summary>
    public const int DefaultPort = 11434;

    /// <summary>Resolves the address to use.</summary>
    /// <param name="configured">The options' endpoint.</param>
    /// <param name="httpClient">The options' HttpClient, whose base address counts when no endpoint is configured.</param>
    /// <param name="hostVariable">The environment variable to read (<c>OLLAMA_HOST</c>).</param>
    /// <param name="endpoint">The address, ending in a slash.</param>
    /// <param name="source">Where it came from, for people.</param>
    /// <param name="error">Why the configured value is unusable, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when an address was found.</returns>
    public static bool TryResolve(Uri? configured, HttpClient? httpClient, string hostVariable, out Uri endpoint, out string source, out string? error)
    {
        error = null;
        if (configured is not null)
        {
            source = "options";
            return TryNormalize(configured.OriginalString, out endpoint, out error);
        }

        if (httpClient?.BaseAddress is { } baseAddress)
        {
            source = "HttpClient.BaseAddress";
            return TryNormalize(baseAddress.OriginalString, out endpoint, out error);
        }

        var host = Environment.GetEnvironmentVariable(hostVariable);
        if (!string.IsNullOrWhiteSpace(host))
        {
            source = hostVariable;
            if (TryNormalize(host, out endpoint, out error))
            {
                return true;
            }

            // The value is not repeated: it may hold a password (https://user:pw@host) or a token in its query.
            error = $"{hostVariable} is not a usable address ({error})";
            return false;
        }

        source = "default";
        endpoint = OllamaProviderOptions.DefaultEndpoint;
        return true;
    }

    /// <summary>Formats an address for messages, health details and <c>ToString()</c>: scheme, host, port and path only (no user info, no query).</summary>
    /// <param name="endpoint">The address.</param>
    /// <returns>The printable form.</returns>
    public static string Display(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return endpoint.IsAbsoluteUri ? endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : "(relative address)";
    }

    /// <summary>
    /// Normalises an address as the Ollama CLI reads <c>OLLAMA_HOST</c>: no scheme → <c>http://</c> and port 11434 unless given;
    /// <c>http://</c> without a port → 80, <c>https://</c> → 443; a missing or unspecified host (<c>0.0.0.0</c>, <c>::</c>) → the loopback
    /// address, since a server listening on every interface is reached locally; the path ends in a slash so that <c>api/…</c> resolves under it.
    /// User info (<c>https://user:password@host</c>) is removed, as are a query and a fragment: HttpClient would not send credentials
    /// written in the address, and keeping them would print the password in messages. Errors never repeat the value.
    /// </summary>
    /// <param name="value">The address as written.</param>
    /// <param name="endpoint">The normalised address.</param>
    /// <param name="error">What is wrong with it, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the value is usable.</returns>
    public static bool TryNormalize(string? value, out Uri endpoint, out string? error)
    {
        endpoint = OllamaProviderOptions.DefaultEndpoint;
        error = null;
        var text = value?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            error = "empty";
            return false;
        }

        string scheme;
        string rest;
        int defaultPort;
        var separator = text.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            scheme = Uri.UriSchemeHttp;
            rest = text;
            defaultPort = DefaultPort;
        }
        else
        {
            scheme = text[..separator].ToLowerInvariant();
            rest = text[(separator + 3)..];
            if (scheme != Uri.UriSchemeHttp && scheme != Uri.UriSchemeHttps)
            {
                error = scheme.Length is > 0 and <= 16 && scheme.All(char.IsAsciiLetter)
                    ? $"scheme '{scheme}' is neither http nor https"
                    : "the scheme is neither http nor https";
                return false;
            }

            defaultPort = scheme == Uri.UriSchemeHttps ? 443 : 80;
        }

        var end = rest.IndexOfAny(['?', '#']);
        if (end >= 0)
        {
            rest = rest[..end];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var hostPort = slash < 0 ? rest : rest[..slash];
        var at = hostPort.LastIndexOf('@');
        if (at >= 0)
        {
            hostPort = hostPort[(at + 1)..];
        }

        var path = slash < 0 ? "/" : rest[slash..];
        if (!path.EndsWith('/'))
        {
            path += "/";
        }

        if (!TrySplitHostPort(hostPort, out var host, out var port))
        {
            error = "the host or port is not valid (expected host[:port])";
            return false;
        }

        host = host switch
        {
            "" or "0.0.0.0" => "127.0.0.1",
            "::" or "[::]" => "[::1]",
            _ => host,
        };

        if (!Uri.TryCreate($"{scheme}://{host}:{(port ?? defaultPort).ToString(CultureInfo.InvariantCulture)}{path}", UriKind.Absolute, out var uri))
        {
            error = "not a valid URL";
            return false;
        }

        endpoint = uri;
        return true;
    }

    private static bool TrySplitHostPort(string hostPort, out string host, out int? port)
    {
        port = null;
        host = hostPort;
        if (hostPort.StartsWith('['))
        {
            // [v6] or [v6]:port
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = hostPort[..(close + 1)];
            var after = hostPort[(close + 1)..];
            return after.Length == 0 || (after[0] == ':' && TryParsePort(after[1..], out port));
        }

        if (IPAddress.TryParse(hostPort, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            host = hostPort == "::" ? "::" : $"[{hostPort}]";
            return true;
        }

        var colon = hostPort.LastIndexOf(':');
        if (colon < 0)
        {
            return true;
        }

        host = hostPort[..colon];
        return TryParsePort(hostPort[(colon + 1)..], out port);
    }

    private static bool TryParsePort(string text, out int? port)
    {
        port = null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535)
        {
            port = p;
            return true;
        }

        return false;
    }
}
