namespace LlmRouter.Ollama;

/// <summary>Options of the Ollama provider (<c>AddOllama()</c>), bound from <c>LlmRouter:Providers:ollama</c>.</summary>
/// <remarks>
/// <para>Ollama needs no key: the provider is configured as soon as it is registered. The server address is
/// <see cref="LlmProviderOptions.Endpoint"/>, else the base address of <see cref="LlmProviderOptions.HttpClient"/>, else the
/// <c>OLLAMA_HOST</c> environment variable (<c>host:port</c>, <c>0.0.0.0:11434</c> or a full URL, read the way the Ollama CLI reads it),
/// else <c>http://localhost:11434</c>.</para>
/// <para><see cref="LlmProviderOptions.ApiKey"/> is optional: when set (or when <c>OLLAMA_API_KEY</c> is set) it is sent as
/// <c>Authorization: Bearer …</c>, for an Ollama behind an authenticating proxy or ollama.com. It is never logged or shown.</para>
/// </remarks>
public sealed class OllamaProviderOptions : LlmProviderOptions
{
    /// <summary>The default address of a local Ollama server.</summary>
    public static readonly Uri DefaultEndpoint = new("http://localhost:11434/");
}
