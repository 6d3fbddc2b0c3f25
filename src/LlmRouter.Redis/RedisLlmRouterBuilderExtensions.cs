using LlmRouter;
using LlmRouter.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Shares the router's usage, budgets and route cooldowns across instances through Redis.</summary>
public static class RedisLlmRouterBuilderExtensions
{
    /// <summary>
    /// Shares usage records, budget reservations and route cooldowns with every router instance that uses the same Redis (and
    /// <see cref="RedisRouterOptions.KeyPrefix"/>): replaces the in-memory <see cref="IUsageStore"/> and <see cref="IBudgetLedger"/>,
    /// and publishes and applies cooldowns. Requests go on while Redis is unreachable unless <see cref="RedisRouterOptions.FailClosed"/> is set.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configuration">The StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</param>
    /// <param name="configure">Sets the other options, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is empty, malformed, or names no server.</exception>
    public static ILlmRouterBuilder UseRedis(this ILlmRouterBuilder builder, string configuration, Action<RedisRouterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (RedisRouterOptionsValidator.TryParse(configuration, out var problem) is null)
        {
            throw new ArgumentException(problem, nameof(configuration));
        }

        return builder.UseRedis(options =>
        {
            options.Configuration = configuration;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Shares usage records, budget reservations and route cooldowns through Redis, as <see cref="UseRedis(ILlmRouterBuilder, string, Action{RedisRouterOptions}?)"/>
    /// does, with every option (<see cref="RedisRouterOptions.Configuration"/> included) set by <paramref name="configure"/>.
    /// The options are validated when the container starts, every problem reported together.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder UseRedis(this ILlmRouterBuilder builder, Action<RedisRouterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var services = builder.Services;
        services.AddOptions<RedisRouterOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisRouterOptions>, RedisRouterOptionsValidator>());

        services.TryAddSingleton(static sp => new RedisConnection(
            sp.GetRequiredService<IOptions<RedisRouterOptions>>().Value,
            sp.GetService<ILoggerFactory>()?.CreateLogger(RedisLog.Category) ?? NullLogger.Instance,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton(static sp => new RedisUsageStore(sp.GetRequiredService<RedisConnection>()));
        services.TryAddSingleton(static sp => new RedisBudgetLedger(
            sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.Budgets,
            sp.GetRequiredService<RedisConnection>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton(static sp => new RedisRouteCooldownChannel(sp.GetRequiredService<RedisConnection>()));

        // The core registers in-memory defaults with TryAdd; these replace them (and are the same whichever order UseRedis is called in).
        services.Replace(ServiceDescriptor.Singleton<IUsageStore>(static sp => Shares(sp).ShareUsage
            ? sp.GetRequiredService<RedisUsageStore>()
            : new InMemoryUsageStore()));
        services.Replace(ServiceDescriptor.Singleton<IBudgetLedger>(static sp => Shares(sp).ShareBudgets
            ? sp.GetRequiredService<RedisBudgetLedger>()
            : new InMemoryBudgetLedger(sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.Budgets, sp.GetService<TimeProvider>() ?? TimeProvider.System)));
        services.Replace(ServiceDescriptor.Singleton<IRouteCooldownChannel>(static sp => Shares(sp).ShareCooldowns
            ? sp.GetRequiredService<RedisRouteCooldownChannel>()
            : LocalRouteCooldownChannel.Instance));
        return builder;
    }

    private static RedisRouterOptions Shares(IServiceProvider sp) => sp.GetRequiredService<IOptions<RedisRouterOptions>>().Value;
}
