using LlmRouter.Sqlite.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Sqlite.Tests.DependencyInjection;

public sealed class SqliteLlmRouterBuilderExtensionsTests : IDisposable
{
    // $1 per million input tokens, $2 per million output tokens. A call reserves its worst case, a little over $0.20 (100,000
    // output tokens and the prompt), and uses 100,000 output tokens, $0.20: four calls fit in $1.00, and a fifth never does.
    private static readonly ModelDescriptor Model = new("alpha", "a-fast", ModelTier.Fast)
    {
        ContextWindow = 200_000,
        MaxOutputTokens = 100_000,
        Pricing = new ModelPricing(1m, 2m),
        Capabilities = ModelCapabilities.Streaming | ModelCapabilities.Tools,
    };

    private static readonly ChatOptions Direct = new() { ModelId = Model.Key };

    private readonly TempDatabase _db = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 5, 4, 9, 0, 0, TimeSpan.Zero));

    public void Dispose() => _db.Dispose();

    private void AddRouter(IServiceCollection services, FakeLlmProvider provider, string? connectionString = null, Action<SqliteStoreOptions>? configure = null)
    {
        services.AddSingleton<TimeProvider>(_time);
        services.AddLlmRouter(o =>
            {
                o.AdditionalModels.Add(Model);
                o.Budgets.DailyLimit = 1.00m;
                o.Retry.UseJitter = false;
            })
            .AddProvider(provider)
            .UseSqlite(connectionString ?? _db.ConnectionString, configure);
    }

    private ServiceProvider BuildRouter(FakeLlmProvider provider)
    {
        var services = new ServiceCollection();
        AddRouter(services, provider);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private FakeLlmProvider Provider()
    {
        var provider = new FakeLlmProvider("alpha", timeProvider: _time);
        provider.ForModel(Model.Id).DefaultResponse = "ok";
        return provider;
    }

    private static Task<ChatResponse> CallAsync(IServiceProvider services, FakeLlmProvider provider)
    {
        provider.ForModel(Model.Id).EnqueueResponse("ok", new UsageDetails { InputTokenCount = 0, OutputTokenCount = 100_000 });
        return services.GetRequiredService<IChatClient>().GetResponseAsync("hello", Direct);
    }

    [Fact]
    public async Task UseSqlite_ReplacesTheInMemoryStores_WithOneFile()
    {
        await using var services = BuildRouter(Provider());

        Assert.IsType<SqliteUsageStore>(services.GetRequiredService<IUsageStore>());
        Assert.IsType<SqliteBudgetLedger>(services.GetRequiredService<IBudgetLedger>());
        Assert.IsType<SqliteRoutingOutcomeStore>(services.GetRequiredService<IRoutingOutcomeStore>());
        Assert.Equal(_db.FilePath, services.GetRequiredService<SqliteUsageStore>().Path);
        Assert.Equal(SqliteSchema.CurrentVersion, _db.Scalar("PRAGMA user_version;"));
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal';"));
    }

    [Fact]
    public async Task UseSqlite_ARestartKeepsWhatWasSpent_AndTheBudgetGoesOnFromThere()
    {
        var first = Provider();
        await using (var before = BuildRouter(first))
        {
            for (var i = 0; i < 3; i++)
            {
                await CallAsync(before, first);
            }
        }

        Assert.Equal(3, _db.Scalar("SELECT COUNT(*) FROM usage_records;"));

        var second = Provider();
        await using var after = BuildRouter(second);
        var usage = await after.GetRequiredService<IUsageTracker>().GetSummaryAsync();
        Assert.Equal(3, usage.Requests);
        Assert.Equal(0.60m, usage.Cost);
        Assert.Equal(0.60m, (await after.GetRequiredService<IBudgetLedger>().GetStatusAsync()).DailySpent);

        await CallAsync(after, second);
        await Assert.ThrowsAsync<BudgetExceededException>(() => CallAsync(after, second));

        Assert.Equal(1, second.ForModel(Model.Id).CallCount);
        Assert.Equal(0.80m, (await after.GetRequiredService<IBudgetLedger>().GetStatusAsync()).DailySpent);
        Assert.Equal(4, (await after.GetRequiredService<IUsageTracker>().GetSummaryAsync()).Requests);
    }

    [Fact]
    public async Task UseSqlite_TwoRoutersOnOneFile_ShareOneBudget()
    {
        var providers = new[] { Provider(), Provider() };
        await using var a = BuildRouter(providers[0]);
        await using var b = BuildRouter(providers[1]);
        var routers = new[] { a, b };

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await CallAsync(routers[i % 2], providers[i % 2]);
                return true;
            }
            catch (BudgetExceededException)
            {
                return false;
            }
        }));

        var calls = providers.Sum(p => p.ForModel(Model.Id).CallCount);
        Assert.Equal(4, results.Count(ok => ok));
        Assert.Equal(4, calls);
        Assert.Equal(0.80m, (await a.GetRequiredService<IBudgetLedger>().GetStatusAsync()).DailySpent);

        // Each router's summary waits for its own queued records; once both have written, either sees all of them.
        await a.GetRequiredService<IUsageTracker>().GetSummaryAsync();
        Assert.Equal(4, (await b.GetRequiredService<IUsageTracker>().GetSummaryAsync()).Requests);
    }

    [Fact]
    public async Task UseSqlite_APathThatCannotBeOpened_FailsWhenTheRouterIsFirstResolved_NamingThePath()
    {
        var path = Path.Combine(Path.GetDirectoryName(_db.FilePath)!, "no", "such", "folder", "llmrouter.db");
        var services = new ServiceCollection();
        AddRouter(services, Provider(), $"Data Source={path}");
        await using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IChatClient>());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("directory exists", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task UseSqlite_APathThatCannotBeOpened_FailsTheHostsStart()
    {
        var path = Path.Combine(Path.GetDirectoryName(_db.FilePath)!, "missing", "llmrouter.db");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddRouter(builder.Services, Provider(), $"Data Source={path}");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSqlite_AFileThatIsNotADatabase_FailsTheHostsStart()
    {
        await File.WriteAllTextAsync(_db.FilePath, "this is not a database, just text that is long enough to fill a header of one hundred bytes or so......");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddRouter(builder.Services, Provider());
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains(_db.FilePath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a database", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseSqlite_InvalidOptions_FailTheHostsStart_WithEveryProblem()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddRouter(builder.Services, Provider(), "Data Source=:memory:", o =>
        {
            o.BatchSize = 0;
            o.QueueCapacity = -1;
            o.BusyTimeout = TimeSpan.FromSeconds(-1);
        });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(4, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.Contains("in-memory", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("BatchSize", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("QueueCapacity", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("BusyTimeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseSqlite_HostStop_StoresTheUsageRecorded_BeforeTheContainerIsDisposed()
    {
        var provider = Provider();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        AddRouter(builder.Services, provider);
        using var host = builder.Build();
        await host.StartAsync();
        for (var i = 0; i < 4; i++)
        {
            await CallAsync(host.Services, provider);
        }

        await host.StopAsync();

        Assert.Equal(4, _db.Scalar("SELECT COUNT(*) FROM usage_records;"));
    }

    [Fact]
    public async Task UseSqlite_RoutingFeedback_GoesToTheFile()
    {
        await using var services = BuildRouter(Provider());

        await services.GetRequiredService<IRoutingFeedback>().RecordAsync("What is 2 + 2?", Model.Key, 1.0, 3);

        Assert.Equal(1, services.GetRequiredService<IRoutingOutcomeStore>().Count);
        Assert.Equal(1, _db.Scalar("SELECT COUNT(*) FROM routing_outcomes WHERE model = 'alpha/a-fast';"));
    }

    [Fact]
    public void UseSqlite_EmptyConnectionString_ThrowsAtOnce()
    {
        var builder = new ServiceCollection().AddLlmRouter();

        Assert.Throws<ArgumentException>(() => builder.UseSqlite(" "));
        Assert.Throws<ArgumentNullException>(() => builder.UseSqlite(null!));
    }
}
