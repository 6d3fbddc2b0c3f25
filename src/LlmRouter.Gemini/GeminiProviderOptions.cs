namespace LlmRouter.Gemini;

/// <summary>Options of the Gemini provider (Google's native Gemini REST API), bound from <c>LlmRouter:Providers:gemini</c>.</summary>
/// <remarks>
/// The key comes from <see cref="LlmProviderOptions.ApiKey"/> (code or configuration), else from <c>GEMINI_API_KEY</c>, else
/// <c>GOOGLE_API_KEY</c>. <see cref="LlmProviderOptions.ToString"/> never shows the key.
/// </remarks>
public sealed class GeminiProviderOptions : LlmProviderOptions
{
    /// <summary>The API version used when none is set: <c>v1beta</c>, the version that has every feature this package uses.</summary>
    public const string DefaultApiVersion = "v1beta";

    /// <summary>Gets the public Gemini API endpoint, used when <see cref="LlmProviderOptions.Endpoint"/> is not set.</summary>
    public static Uri DefaultEndpoint { get; } = new("https://generativelanguage.googleapis.com/");

    /// <summary>Gets or sets the API version, the first path segment after the endpoint.</summary>
    /// <value><c>v1beta</c>. It is not added again when <see cref="LlmProviderOptions.Endpoint"/> already ends with it.</value>
    public string ApiVersion { get; set; } = DefaultApiVersion;
}
