using LlmRouter;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers LlmRouter in a service collection.</summary>
public static class LlmRouterServiceCollectionExtensions
{
    /// <summary>
    /// Registers the router: <see cref="IChatClient"/> (the <see cref="RouterChatClient"/>), <see cref="ILlmRouter"/>, <see cref="IUsageTracker"/>,
    /// <see cref="ModelCatalog"/>, <see cref="ITokenCounter"/> (the <see cref="HeuristicTokenCounter"/>), and a keyed <see cref="IChatClient"/> per model key (<c>[FromKeyedServices("openai/gpt-4o-mini")]</c>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets options; they are validated at startup, every problem reported together.</param>
    /// <returns>A builder to add providers, strategies and stores.</returns>
    public static ILlmRouterBuilder AddLlmRouter(this IServiceCollection services, Action<LlmRouterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return builder;
    }

    /// <summary>Registers the router with options bound from configuration, e.g. the <c>LlmRouter</c> section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section to bind <see cref="LlmRouterOptions"/> from.</param>
    /// <returns>A builder to add providers, strategies and stores.</returns>
    public static ILlmRouterBuilder AddLlmRouter(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = AddCore(services);

        // As services.Configure<LlmRouterOptions>(configuration), but a value that does not convert is reported with every other
        // problem by the validator, instead of failing alone.
        services.AddSingleton<IOptionsChangeTokenSource<LlmRouterOptions>>(new ConfigurationChangeTokenSource<LlmRouterOptions>(configuration));
        services.AddSingleton<IConfigureOptions<LlmRouterOptions>>(new LlmRouterConfigurationBinder(configuration));
        return builder;
    }

    private static LlmRouterBuilder AddCore(IServiceCollection services)
    {
        var builder = new LlmRouterBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(RouterMarker)))
        {
            return builder;
        }

        services.AddSingleton<RouterMarker>();
        services.AddOptions<LlmRouterOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LlmRouterOptions>, LlmRouterOptionsValidator>(
            sp => new LlmRouterOptionsValidator(() => sp.GetServices<IRoutingStrategy>().Select(s => s.Name))));

        services.TryAddSingleton(sp => BuildCatalog(sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value));
        services.TryAddSingleton<IUsageStore, InMemoryUsageStore>();
        services.TryAddSingleton<IUsageTracker>(sp => new UsageTracker(sp.GetRequiredService<IUsageStore>()));
        services.TryAddSingleton<IBudgetLedger>(sp => new InMemoryBudgetLedger(sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.Budgets, GetTime(sp)));
        services.TryAddSingleton<IComplexityClassifier, HeuristicComplexityClassifier>();
        services.TryAddSingleton<ITokenCounter>(HeuristicTokenCounter.Instance);
        services.TryAddSingleton<IRouteCooldownChannel>(LocalRouteCooldownChannel.Instance);
        services.TryAddSingleton(sp => new RouteHealthRegistry(() => sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.Cooldown, GetTime(sp), sp.GetRequiredService<IRouteCooldownChannel>()));
        services.TryAddSingleton<IRouteStatistics>(sp => sp.GetRequiredService<RouteHealthRegistry>());

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingStrategy, ComplexityRoutingStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingStrategy, SequentialRoutingStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingStrategy, CostRoutingStrategy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingStrategy, LatencyRoutingStrategy>());

        // The smart strategy learns from the outcome store; its index (and the store, which reads options) is made on first
        // use, so creating the strategy while options are validated reads nothing.
        services.TryAddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(LlmRouterServiceKeys.RoutingEmbeddings, static (_, _) => new HashingEmbeddingGenerator());
        services.TryAddSingleton(sp => new OutcomeIndex(
            sp.GetRequiredService<IRoutingOutcomeStore>(),
            sp.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(LlmRouterServiceKeys.RoutingEmbeddings),
            SmartRoutingSettings.Default));
        services.TryAddSingleton<IOutputLengthPredictor>(sp => new OutcomeLengthPredictor(new Lazy<OutcomeIndex>(sp.GetRequiredService<OutcomeIndex>)));
        services.TryAddSingleton(sp => new SmartRoutingStrategy(
            new Lazy<OutcomeIndex>(sp.GetRequiredService<OutcomeIndex>),
            sp.GetRequiredService<IComplexityClassifier>(),
            sp.GetRequiredService<IOptions<LlmRouterOptions>>()));
        services.AddSingleton<IRoutingStrategy>(static sp => sp.GetRequiredService<SmartRoutingStrategy>());

        services.TryAddSingleton(sp => new RouterEngine(
            sp.GetRequiredService<IOptions<LlmRouterOptions>>(),
            sp.GetRequiredService<ModelCatalog>(),
            sp.GetServices<ILlmProvider>(),
            sp.GetServices<IRoutingStrategy>(),
            sp.GetRequiredService<IUsageStore>(),
            sp.GetRequiredService<IBudgetLedger>(),
            sp.GetRequiredService<RouteHealthRegistry>(),
            GetTime(sp),
            sp.GetService<ILogger<RouterChatClient>>(),
            sp.GetRequiredService<ITokenCounter>()));
        services.TryAddSingleton<ILlmRouter>(sp => sp.GetRequiredService<RouterEngine>());
        services.TryAddSingleton<IRoutingOutcomeStore>(sp => new InMemoryRoutingOutcomeStore(sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.Smart.OutcomesFile));
        services.TryAddSingleton<IRoutingFeedback>(sp => new RoutingFeedback(sp.GetRequiredService<IRoutingOutcomeStore>(), sp.GetRequiredService<RouterEngine>().ResolveModel));
        services.TryAddSingleton(sp => new RouterChatClient(sp.GetRequiredService<RouterEngine>()));
        services.AddSingleton<IChatClient>(sp => sp.GetRequiredService<RouterChatClient>());

        // One keyed client per model: resolves any key, id or alias the catalog knows, pinned to that model.
        services.AddKeyedSingleton<IChatClient>(KeyedService.AnyKey, static (sp, key) =>
        {
            var engine = sp.GetRequiredService<RouterEngine>();
            var name = key as string ?? throw new InvalidOperationException($"Keyed IChatClient services of LlmRouter are keyed by model name (string); got {key?.GetType().Name ?? "null"}.");
            var model = engine.ResolveModel(name);
            return new RouterChatClient(engine, model.Key);
        });
        return builder;
    }

    private static TimeProvider GetTime(IServiceProvider sp) => sp.GetService<TimeProvider>() ?? TimeProvider.System;

    internal static ModelCatalog BuildCatalog(LlmRouterOptions options)
    {
        var catalog = ModelCatalog.Default;
        if (options.AdditionalModels.Count > 0)
        {
            catalog = catalog.WithModels(options.AdditionalModels);
        }

        if (options.Aliases.Count == 0)
        {
            return catalog;
        }

        // An alias moves: it is taken off whichever model had it and given to its target.
        var changed = new Dictionary<string, ModelDescriptor>(StringComparer.OrdinalIgnoreCase);
        foreach (var (alias, target) in options.Aliases)
        {
            var to = catalog.Resolve(target);
            foreach (var m in catalog.Models)
            {
                var current = changed.GetValueOrDefault(m.Key, m);
                if (current.Aliases.Contains(alias, StringComparer.OrdinalIgnoreCase) && !string.Equals(m.Key, to.Key, StringComparison.OrdinalIgnoreCase))
                {
                    changed[m.Key] = current with { Aliases = current.Aliases.Where(a => !string.Equals(a, alias, StringComparison.OrdinalIgnoreCase)).ToArray() };
                }
            }

            var t = changed.GetValueOrDefault(to.Key, to);
            if (!t.Aliases.Contains(alias, StringComparer.OrdinalIgnoreCase))
            {
                changed[to.Key] = t with { Aliases = [.. t.Aliases, alias] };
            }
        }

        return catalog.WithModels(changed.Values);
    }

    private sealed class RouterMarker;
}
