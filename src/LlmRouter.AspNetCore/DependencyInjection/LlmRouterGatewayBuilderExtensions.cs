using LlmRouter;
using LlmRouter.AspNetCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the OpenAI-compatible gateway on the router; map it with <c>app.MapLlmRouterEndpoints()</c>.</summary>
public static class LlmRouterGatewayBuilderExtensions
{
    /// <summary>
    /// Registers the gateway's services. Its options are bound from the <c>LlmRouter:Gateway</c> section of the host's
    /// <see cref="IConfiguration"/> (caller keys, body limit, …), then <paramref name="configure"/> runs; they are validated at startup.
    /// </summary>
    /// <param name="builder">The router builder from <c>AddLlmRouter()</c>.</param>
    /// <param name="configure">Sets options in code, after configuration.</param>
    /// <returns>The builder, for chaining.</returns>
    public static ILlmRouterBuilder AddGateway(this ILlmRouterBuilder builder, Action<LlmRouterGatewayOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(GatewayMarker)))
        {
            return builder;
        }

        services.AddSingleton<GatewayMarker>();
        services.AddOptions<LlmRouterGatewayOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmRouterGatewayOptions>, LlmRouterGatewayOptionsValidator>());

        // Configuration first, code after: the binding runs before any Configure(...) registered later, and before this call's
        // own configure because options run configure actions in registration order and this one is inserted at the front.
        services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<LlmRouterGatewayOptions>>(sp => new ConfigureNamedOptions<LlmRouterGatewayOptions>(
            Options.Options.DefaultName,
            o => sp.GetService<IConfiguration>()?.GetSection(GatewayDefaults.ConfigurationSection).Bind(o))));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CallerKeys>();
        services.TryAddSingleton(sp => new GatewayModels(
            sp.GetRequiredService<IChatClient>(),
            sp.GetRequiredService<ModelCatalog>(),
            sp.GetServices<ILlmProvider>(),
            sp.GetRequiredService<IOptions<LlmRouterOptions>>(),
            sp.GetRequiredService<IOptions<LlmRouterGatewayOptions>>()));
        services.TryAddSingleton<ChatRequestMapper>();
        services.TryAddSingleton(sp => new RouterErrorMapper(
            sp.GetRequiredService<IOptions<LlmRouterGatewayOptions>>(),
            sp.GetRequiredService<IOptions<LlmRouterOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<RecentRoutes>();
        services.TryAddSingleton(sp => new HealthMonitor(
            sp.GetRequiredService<ILlmRouter>(),
            sp.GetRequiredService<IOptions<LlmRouterGatewayOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EndpointGuard(
            sp.GetRequiredService<CallerKeys>(),
            sp.GetRequiredService<RouterErrorMapper>(),
            sp.GetRequiredService<IOptions<LlmRouterGatewayOptions>>(),
            sp.GetRequiredService<ILogger<EndpointGuard>>()));
        services.TryAddSingleton(sp => new ChatCompletionsEndpoint(
            sp.GetRequiredService<IChatClient>(),
            sp.GetRequiredService<ChatRequestMapper>(),
            sp.GetRequiredService<RouterErrorMapper>(),
            sp.GetRequiredService<RecentRoutes>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ChatCompletionsEndpoint>>()));
        services.TryAddSingleton(sp => new EmbeddingsEndpoint(
            sp.GetRequiredService<GatewayModels>(),
            sp.GetRequiredService<IUsageStore>(),
            sp.GetRequiredService<IBudgetLedger>(),
            sp.GetRequiredService<IOptions<LlmRouterOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<EmbeddingsEndpoint>>()));
        services.TryAddSingleton<ModelsEndpoint>();
        services.TryAddSingleton<UsageEndpoint>();
        services.TryAddSingleton<HealthEndpoint>();
        services.TryAddSingleton(sp => new DashboardEndpoint(
            sp.GetRequiredService<HealthMonitor>(),
            sp.GetRequiredService<IUsageTracker>(),
            sp.GetRequiredService<RecentRoutes>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<LlmRouterGatewayOptions>>()));
        return builder;
    }

    private sealed class GatewayMarker;
}
