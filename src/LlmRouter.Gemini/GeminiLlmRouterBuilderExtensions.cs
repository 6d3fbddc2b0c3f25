using LlmRouter;
using LlmRouter.Gemini;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the Gemini provider to the router.</summary>
public static class GeminiLlmRouterBuilderExtensions
{
    /// <summary>
    /// Adds Google Gemini (native REST API) as the provider <c>gemini</c>. Options are bound from <c>LlmRouter:Providers:gemini</c>, then
    /// <paramref name="configure"/> is applied; the key falls back to <c>GEMINI_API_KEY</c>, then <c>GOOGLE_API_KEY</c>. Without a key the
    /// provider is registered but unconfigured, and says why.
    /// </summary>
    /// <param name="builder">The router builder from <c>AddLlmRouter()</c>.</param>
    /// <param name="configure">Code configuration, applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddGemini(this ILlmRouterBuilder builder, Action<GeminiProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One provider per name: calling Add again adds its configuration instead of a second provider.
        return builder.AddNamedProvider<GeminiProviderOptions>(GeminiProvider.ProviderName, configure, static (sp, options) => new GeminiProvider(
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ModelCatalog>()));
    }
}
