using LlmRouter.Anthropic;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Anthropic provider with LlmRouter.</summary>
public static class AnthropicLlmRouterBuilderExtensions
{
    /// <summary>
    /// Adds Anthropic (Claude through the Messages API) as the provider <c>anthropic</c>. Options are bound from
    /// <c>LlmRouter:Providers:anthropic</c>, then <paramref name="configure"/> is applied; the key falls back to
    /// <c>ANTHROPIC_API_KEY</c>. Without a key the provider is registered but unconfigured and receives no traffic.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Code configuration, applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddAnthropic(this ILlmRouterBuilder builder, Action<AnthropicProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One provider per name: calling Add again adds its configuration instead of a second provider.
        return builder.AddNamedProvider<AnthropicProviderOptions>(AnthropicProvider.ProviderName, configure, static (sp, options) => new AnthropicProvider(
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
