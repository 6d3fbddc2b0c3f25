using LlmRouter;
using LlmRouter.Ollama;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Ollama provider with LlmRouter.</summary>
public static class OllamaLlmRouterBuilderExtensions
{
    /// <summary>
    /// Adds a local (or remote) Ollama server as the provider <c>ollama</c>. Its models are routable by key (<c>ollama/llama3.2</c>), and the
    /// models the server has pulled are discovered from <c>GET /api/tags</c> at run time.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options in code; applied after <c>LlmRouter:Providers:ollama</c> from configuration, so it wins.</param>
    /// <returns>The builder, to add more providers.</returns>
    public static ILlmRouterBuilder AddOllama(this ILlmRouterBuilder builder, Action<OllamaProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One provider per name: calling Add again adds its configuration instead of a second provider.
        return builder.AddNamedProvider<OllamaProviderOptions>(OllamaProvider.ProviderName, configure, static (sp, options) => new OllamaProvider(
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ModelCatalog>()));
    }
}
