using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSubstitute;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Health;

public sealed class ProviderHealthMonitorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly CollectingLogger _log = new();

    private static RouterHarness Harness(Action<LlmRouterOptions>? configure = null, Action<IServiceCollection>? services = null) =>
        Create(o =>
        {
            o.Models = [AlphaFast.Key, BetaFast.Key];
            configure?.Invoke(o);
        }, services);

    private ProviderHealthMonitor Monitor(RouterHarness h) =>
        new(h.Services.GetRequiredService<RouterEngine>(), h.Services.GetRequiredService<RouteHealthRegistry>(), new HealthMonitoringOptions { Interval = Interval, Timeout = Timeout }, h.Time, _log);

    private static RouteStatus? Route(IReadOnlyList<ProviderStatus> providers, ModelDescriptor model) =>
        providers.Single(p => p.Name == model.Provider).Routes.SingleOrDefault(r => r.ModelKey == model.Key);

    [Fact]
    public async Task ProviderHealthMonitor_UnhealthyProvider_ItsRoutesCoolDown_AndRequestsGoElsewhere()
    {
        await using var h = Harness();
        var monitor = Monitor(h);
        h.Alpha.Health = new ProviderHealth(false, "503 from /models");

        await monitor.CheckAllAsync(CancellationToken.None);
        Assert.Equal(1, h.Alpha.HealthCheckCount);
        Assert.Equal(1, h.Beta.HealthCheckCount);
        var response = await h.Client.GetResponseAsync(Prompt());

        var alpha = Route(await h.Router.GetProvidersAsync(), AlphaFast);
        Assert.NotNull(alpha);
        Assert.True(alpha.IsCoolingDown);
        Assert.Equal(h.Time.GetUtcNow() + Interval + Timeout, alpha.CooldownUntil);
        Assert.Null(Route(await h.Router.GetProvidersAsync(), BetaFast)?.CooldownUntil);
        Assert.Equal(BetaFast.Key, response.GetRouteInfo()!.Provider + "/" + response.GetRouteInfo()!.Model);
        Assert.Equal(0, h.Fake(AlphaFast).CallCount);
        Assert.Equal("503 from /models", monitor.GetLastResult("alpha")?.Detail);
    }

    [Fact]
    public async Task ProviderHealthMonitor_HealthyAgain_EndsTheCooldownsItSet_AtOnce()
    {
        await using var h = Harness();
        var monitor = Monitor(h);
        h.Alpha.Health = new ProviderHealth(false, "down");
        await monitor.CheckAllAsync(CancellationToken.None);
        h.Time.Advance(Interval);

        h.Alpha.Health = new ProviderHealth(true);
        await monitor.CheckAllAsync(CancellationToken.None);
        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });

        Assert.False(Route(await h.Router.GetProvidersAsync(), AlphaFast)!.IsCoolingDown);
        Assert.Equal(AlphaFast.Key, response.GetRouteInfo()!.Provider + "/" + response.GetRouteInfo()!.Model);
    }

    [Fact]
    public async Task ProviderHealthMonitor_HealthyAgain_LeavesACooldownSomethingElseExtended()
    {
        await using var h = Harness();
        var monitor = Monitor(h);
        var registry = h.Services.GetRequiredService<RouteHealthRegistry>();
        h.Alpha.Health = new ProviderHealth(false, "down");
        await monitor.CheckAllAsync(CancellationToken.None);

        registry.CoolDown(AlphaFast.Key, TimeSpan.FromMinutes(10)); // a 429 whose Retry-After is longer than the retry budget
        h.Alpha.Health = new ProviderHealth(true);
        await monitor.CheckAllAsync(CancellationToken.None);

        Assert.True(registry.IsCoolingDown(AlphaFast.Key));
        Assert.Equal(TimeSpan.FromMinutes(10), registry.GetCooldownRemaining(AlphaFast.Key));
    }

    [Fact]
    public async Task ProviderHealthMonitor_FailingChecks_RenewTheCooldown_AndLogEachChangeOnce()
    {
        await using var h = Harness();
        var monitor = Monitor(h);
        var registry = h.Services.GetRequiredService<RouteHealthRegistry>();
        h.Alpha.HealthCheckException = new HttpRequestException("connection refused");

        for (var round = 0; round < 3; round++)
        {
            await monitor.CheckAllAsync(CancellationToken.None);
            Assert.Equal(Interval + Timeout, registry.GetCooldownRemaining(AlphaFast.Key));
            h.Time.Advance(Interval);
        }

        h.Alpha.HealthCheckException = null;
        await monitor.CheckAllAsync(CancellationToken.None);
        await monitor.CheckAllAsync(CancellationToken.None);

        var warning = Assert.Single(_log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("alpha", warning.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", warning.Message, StringComparison.Ordinal);
        Assert.Contains("1 routes", warning.Message, StringComparison.Ordinal);
        Assert.Single(_log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("alpha", StringComparison.Ordinal));
        Assert.Equal(2, _log.Entries.Count);
    }

    [Fact]
    public async Task ProviderHealthMonitor_ACheckThatNeverAnswers_TimesOut_WithoutHoldingUpRequestsOrTheOthers()
    {
        var hanging = Substitute.For<ILlmProvider>();
        hanging.Name.Returns("gamma");
        hanging.IsConfigured.Returns(true);
        hanging.Supports(Arg.Any<ModelDescriptor>()).Returns(true);
        var never = new TaskCompletionSource<ProviderHealth>();
        hanging.CheckHealthAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask<ProviderHealth>(never.Task)); // ignores cancellation
        var gamma = Model("gamma", "g-fast", ModelTier.Fast, 0.1m, 0.2m, 16_000);
        await using var h = Harness(o => { o.AdditionalModels.Add(gamma); o.Models!.Add(gamma.Key); }, s => s.AddLlmRouter().AddProvider(hanging));
        var monitor = Monitor(h);

        var round = monitor.CheckAllAsync(CancellationToken.None);
        var response = await h.Client.GetResponseAsync(Prompt(), new ChatOptions { ModelId = AlphaFast.Key });
        Assert.False(round.IsCompleted);
        Assert.NotEmpty(response.Text);
        Assert.True(SpinWait.SpinUntil(() => monitor.GetLastResult("alpha") is not null && monitor.GetLastResult("beta") is not null, TimeSpan.FromSeconds(30)));
        Assert.False(round.IsCompleted);

        await h.RunAsync(round, TimeSpan.FromSeconds(1));

        Assert.False(monitor.GetLastResult("gamma")!.IsHealthy);
        Assert.Contains("no answer within", monitor.GetLastResult("gamma")!.Detail, StringComparison.Ordinal);
        Assert.True(h.Services.GetRequiredService<RouteHealthRegistry>().IsCoolingDown(gamma.Key));
        Assert.False(h.Services.GetRequiredService<RouteHealthRegistry>().IsCoolingDown(AlphaFast.Key));
    }

    [Fact]
    public async Task ProviderHealthMonitor_UnconfiguredProviders_AreNotChecked()
    {
        await using var h = Harness();
        h.Beta.IsConfigured = false;

        await Monitor(h).CheckAllAsync(CancellationToken.None);

        Assert.Equal(1, h.Alpha.HealthCheckCount);
        Assert.Equal(0, h.Beta.HealthCheckCount);
    }

    [Fact]
    public async Task ProviderHealthMonitor_CooldownsDisabled_CoolsNothing()
    {
        await using var h = Harness(o => o.Cooldown.Enabled = false);
        h.Alpha.Health = new ProviderHealth(false, "down");

        await Monitor(h).CheckAllAsync(CancellationToken.None);

        Assert.False(h.Services.GetRequiredService<RouteHealthRegistry>().IsCoolingDown(AlphaFast.Key));
        Assert.Contains("0 routes", Assert.Single(_log.Entries).Message, StringComparison.Ordinal);
    }
}
