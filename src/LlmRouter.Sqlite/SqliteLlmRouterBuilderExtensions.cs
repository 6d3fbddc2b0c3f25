using LlmRouter;
using LlmRouter.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Keeps the router's usage records, budget ledger and routing outcomes in one SQLite file: <c>services.AddLlmRouter().UseSqlite("Data Source=llmrouter.db")</c>.</summary>
public static class SqliteLlmRouterBuilderExtensions
{
    /// <summary>
    /// Replaces the in-memory usage store, budget ledger and routing-outcome store by <see cref="SqliteUsageStore"/>,
    /// <see cref="SqliteBudgetLedger"/> and <see cref="SqliteRoutingOutcomeStore"/> on one file, in WAL mode.
    /// </summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="connectionString">The file, for example <c>Data Source=llmrouter.db</c>; created, with its tables, when missing.</param>
    /// <returns>The builder.</returns>
    /// <remarks>
    /// The file is opened when the host starts (a hosted service) or, without a host, when the router is first resolved; a path
    /// that cannot be opened fails there, with the path in the message. The options are validated at startup, every problem
    /// reported together. Calling it again replaces the connection string. <see cref="SmartRoutingOptions.OutcomesFile"/> is not
    /// used: import such a file once with <see cref="IRoutingFeedback.ImportAsync"/>.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static ILlmRouterBuilder UseSqlite(this ILlmRouterBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, configure: null);

    /// <summary>Keeps usage, budgets and routing outcomes in one SQLite file, as <see cref="UseSqlite(ILlmRouterBuilder, string)"/> does, with more options.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="connectionString">The file, for example <c>Data Source=llmrouter.db</c>.</param>
    /// <param name="configure">Sets the other options (busy timeout, batch size, queue capacity), or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static ILlmRouterBuilder UseSqlite(this ILlmRouterBuilder builder, string connectionString, Action<SqliteStoreOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var services = builder.Services;
        services.AddOptions<SqliteStoreOptions>()
            .Configure(o =>
            {
                o.ConnectionString = connectionString;
                configure?.Invoke(o);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStoreOptions>, SqliteStoreOptionsValidator>());

        services.TryAddSingleton(static sp => new SqliteDatabase(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value));
        services.TryAddSingleton(static sp => new SqliteUsageStore(
            sp.GetRequiredService<SqliteDatabase>(),
            sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            GetTime(sp),
            sp.GetService<ILoggerFactory>()?.CreateLogger<SqliteUsageStore>() ?? NullLogger<SqliteUsageStore>.Instance));
        services.TryAddSingleton(static sp => new SqliteBudgetLedger(
            sp.GetRequiredService<SqliteDatabase>(),
            sp.GetRequiredService<IOptions<LlmRouterOptions>>().Value.Budgets,
            GetTime(sp)));
        services.TryAddSingleton(static sp => new SqliteRoutingOutcomeStore(sp.GetRequiredService<SqliteDatabase>()));

        // The core registers in-memory defaults with TryAdd; these replace them.
        services.RemoveAll<IUsageStore>();
        services.AddSingleton<IUsageStore>(static sp => sp.GetRequiredService<SqliteUsageStore>());
        services.RemoveAll<IBudgetLedger>();
        services.AddSingleton<IBudgetLedger>(static sp => sp.GetRequiredService<SqliteBudgetLedger>());
        services.RemoveAll<IRoutingOutcomeStore>();
        services.AddSingleton<IRoutingOutcomeStore>(static sp => sp.GetRequiredService<SqliteRoutingOutcomeStore>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteStoreLifetime>());
        return builder;
    }

    private static TimeProvider GetTime(IServiceProvider sp) => sp.GetService<TimeProvider>() ?? TimeProvider.System;
}
