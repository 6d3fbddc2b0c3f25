using LlmRouter.Bedrock;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Amazon Bedrock provider with LlmRouter.</summary>
public static class BedrockLlmRouterBuilderExtensions
{
    /// <summary>
    /// Adds Claude on Amazon Bedrock as the provider <c>bedrock</c>. Options are bound from <c>LlmRouter:Providers:bedrock</c>,
    /// then <paramref name="configure"/> is applied; the region falls back to <c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c> and the
    /// credentials to <c>AWS_BEARER_TOKEN_BEDROCK</c>, <c>AWS_ACCESS_KEY_ID</c>/<c>AWS_SECRET_ACCESS_KEY</c>/<c>AWS_SESSION_TOKEN</c> or
    /// <c>AWS_PROFILE</c>. Without a region or credentials the provider is registered but unconfigured and receives no traffic.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Code configuration, applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddBedrock(this ILlmRouterBuilder builder, Action<BedrockProviderOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One provider per name: calling Add again adds its configuration instead of a second provider.
        return builder.AddNamedProvider<BedrockProviderOptions>(BedrockProvider.ProviderName, configure, static (sp, options) => new BedrockProvider(
            options,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
    }
}
