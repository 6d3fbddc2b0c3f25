using LlmRouter.Redis.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmRouter.Redis.Tests;

public class RedisLlmRouterBuilderExtensionsTests
{
    private const string Unreachable = "127.0.0.1:1,connectTimeout=200";

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("localhost:6379,nosuchoption=1")]
    [InlineData("localhost:6379,connectTimeout=soon")]
    [InlineData("password=secret")]
    public void UseRedis_MalformedConfiguration_FailsAtRegistrationWithAClearMessage(string configuration)
    {
        var builder = new ServiceCollection().AddLlmRouter();

        var error = Assert.Throws<ArgumentException>(() => builder.UseRedis(configuration));

        Assert.Equal("configuration", error.ParamName);
        Assert.Contains("Redis Configuration", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseRedis_InvalidOptions_AreAllReportedWhenTheContainerStarts()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().UseRedis(o =>
        {
            o.Configuration = "localhost:notaport";
            o.KeyPrefix = "{bad}";
            o.OutageBufferCapacity = 0;
            o.ReservationLease = TimeSpan.Zero;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IUsageStore>());

        Assert.Equal(4, error.Failures.Count());
        Assert.Contains(error.Failures, f => f.Contains("Configuration", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("KeyPrefix", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("OutageBufferCapacity", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("ReservationLease", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseRedis_Registered_ReplacesTheInMemoryDefaultsWithoutConnecting()
    {
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter(o => o.Budgets.DailyLimit = 1m);

        var returned = builder.UseRedis(Unreachable).UseRedis(Unreachable);
        await using var provider = services.BuildServiceProvider();

        Assert.Same(builder, returned);
        Assert.IsType<RedisUsageStore>(provider.GetRequiredService<IUsageStore>());
        Assert.IsType<RedisBudgetLedger>(provider.GetRequiredService<IBudgetLedger>());
        Assert.IsType<RedisRouteCooldownChannel>(provider.GetRequiredService<IRouteCooldownChannel>());
        Assert.Single(services, d => d.ServiceType == typeof(IUsageStore));
        Assert.Single(services, d => d.ServiceType == typeof(IBudgetLedger));
        Assert.Single(services, d => d.ServiceType == typeof(IRouteCooldownChannel));
        Assert.NotNull(provider.GetRequiredService<IChatClient>());
    }

    [Fact]
    public async Task UseRedis_SharingTurnedOff_KeepsThoseStatesInMemory()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().UseRedis(Unreachable, o =>
        {
            o.ShareUsage = false;
            o.ShareBudgets = false;
            o.ShareCooldowns = false;
        });
        await using var provider = services.BuildServiceProvider();

        Assert.IsType<InMemoryUsageStore>(provider.GetRequiredService<IUsageStore>());
        Assert.IsType<InMemoryBudgetLedger>(provider.GetRequiredService<IBudgetLedger>());
        Assert.IsNotType<RedisRouteCooldownChannel>(provider.GetRequiredService<IRouteCooldownChannel>());
    }

    [RedisFact]
    public async Task UseRedis_UnreachableServer_RequestsGoOnAndWarnOnce()
    {
        var services = new ServiceCollection();
        var logs = new LogCollector();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(logs);
        var fake = new LlmRouter.Testing.FakeLlmProvider("alpha");
        services.AddLlmRouter(o =>
            {
                o.AdditionalModels.Add(RouterInstance.AlphaFast);
                o.Models = [RouterInstance.AlphaFast.Key];
                o.Budgets.DailyLimit = 0.0001m; // smaller than one worst case: only an unchecked (fail-open) request passes
            })
            .AddProvider(fake)
            .UseRedis(Unreachable, o => o.RetryInterval = TimeSpan.FromMilliseconds(100));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        for (var i = 0; i < 3; i++)
        {
            await client.GetResponseAsync(RouterInstance.Prompt());
        }

        Assert.Equal(3, fake.ForModel("a-fast").CallCount);
        Assert.Equal(1, logs.Count(101));
    }

    [RedisFact]
    public async Task UseRedis_UnreachableServerAndFailClosed_RequestsFailWithATypedErrorBeforeAnyCall()
    {
        var services = new ServiceCollection();
        var fake = new LlmRouter.Testing.FakeLlmProvider("alpha");
        services.AddLlmRouter(o =>
            {
                o.AdditionalModels.Add(RouterInstance.AlphaFast);
                o.Models = [RouterInstance.AlphaFast.Key];
                o.Budgets.DailyLimit = 10m;
            })
            .AddProvider(fake)
            .UseRedis(Unreachable, o =>
            {
                o.FailClosed = true;
                o.RetryInterval = TimeSpan.FromMilliseconds(100);
            });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IChatClient>();

        var error = await Assert.ThrowsAsync<RedisUnavailableException>(() => client.GetResponseAsync(RouterInstance.Prompt()));

        Assert.Equal(LlmErrorKind.Unavailable, error.Kind);
        Assert.Equal(0, fake.ForModel("a-fast").CallCount);
    }
}
