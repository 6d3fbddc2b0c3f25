using LlmRouter;
using LlmRouter.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers OpenAI, Azure OpenAI and OpenAI-compatible hosts with the router: <c>services.AddLlmRouter().AddOpenAI().AddGroq().AddVllm()</c>.
/// </summary>
/// <remarks>
/// Each provider binds <see cref="OpenAIProviderOptions"/> from <c>LlmRouter:Providers:&lt;name&gt;</c>, applies the code configuration on top,
/// and falls back to the host's environment variable for the key. A provider without a key is registered but unconfigured: it takes no
/// traffic and <c>llmrouter providers</c> says why. Calling the same method twice registers one provider with both configurations applied.
/// </remarks>
public static partial class OpenAILlmRouterBuilderExtensions
{
    /// <summary>Adds OpenAI (<c>openai</c>, https://api.openai.com/v1): key from <c>OPENAI_API_KEY</c>; <c>OPENAI_BASE_URL</c> overrides the endpoint.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddOpenAI(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.OpenAI, configure);

    /// <summary>
    /// Adds Azure OpenAI (<c>azure-openai</c>) on its OpenAI-compatible v1 surface <c>{endpoint}/openai/v1/</c>: key from
    /// <c>AZURE_OPENAI_API_KEY</c> sent in the <c>api-key</c> header, endpoint (<c>https://&lt;resource&gt;.openai.azure.com/</c>) from
    /// <c>AZURE_OPENAI_ENDPOINT</c>. Model ids are deployment names.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    /// <remarks>Without an endpoint or a key the provider is registered unconfigured, with the reason.</remarks>
    public static ILlmRouterBuilder AddAzureOpenAI(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.AzureOpenAI, configure);

    /// <summary>Adds any OpenAI-compatible host under a name of your choosing.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="name">The provider's name, used in model keys (<c>name/model-id</c>) and in <c>LlmRouter:Providers:&lt;name&gt;</c>.</param>
    /// <param name="endpoint">The base address, ending in the API version (<c>https://host/v1</c>); <see cref="LlmRouter.LlmProviderOptions.Endpoint"/> overrides it.</param>
    /// <param name="apiKeyEnvVar">The environment variable holding the key; <see langword="null"/> when the host needs no key (one set in options is still sent).</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    /// <remarks>A host on a loopback address counts as local (<see cref="LlmRouter.ILlmProvider.IsLocal"/>) and lists its models for the catalog.</remarks>
    public static ILlmRouterBuilder AddOpenAICompatible(this ILlmRouterBuilder builder, string name, Uri endpoint, string? apiKeyEnvVar, Action<OpenAIProviderOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri)
        {
            throw new ArgumentException($"The endpoint of '{name}' must be an absolute URL such as https://host/v1; got '{endpoint}'.", nameof(endpoint));
        }

        return Register(builder, OpenAIPresets.Custom(name.Trim(), endpoint, string.IsNullOrWhiteSpace(apiKeyEnvVar) ? null : apiKeyEnvVar.Trim()), configure);
    }

    /// <summary>Registers one OpenAI-compatible host through the core's <see cref="LlmRouterBuilderProviderExtensions.AddNamedProvider{TOptions}(ILlmRouterBuilder, string, Action{TOptions}?, Func{IServiceProvider, TOptions, ILlmProvider}, object?)"/>:
    /// calling it twice for the same host configures one provider; another host under a taken name throws.</summary>
    private static ILlmRouterBuilder Register(ILlmRouterBuilder builder, OpenAIPreset preset, Action<OpenAIProviderOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var host = (preset.DefaultEndpoint, preset.IsLocal, string.Join('\n', preset.ApiKeyVariables));
        return builder.AddNamedProvider(preset.Name, configure, (sp, options) => Create(preset, options, sp.GetService<TimeProvider>() ?? TimeProvider.System), host);
    }

    private static OpenAIProvider Create(OpenAIPreset preset, OpenAIProviderOptions options, TimeProvider timeProvider) =>
        preset.DiscoversModels
            ? new LocalOpenAIProvider(preset, options, timeProvider)
            : new OpenAIProvider(preset, options, timeProvider);
}
