using LlmRouter.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LlmRouter.Tests.Health;

public sealed class HealthMonitoringServiceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    private static RouterHarness Harness(Action<HealthMonitoringOptions> configure) =>
        RouterHarness.Create(services: s => s.AddLlmRouter().AddHealthMonitoring(configure));

    [Fact]
    public async Task HealthMonitoringService_ChecksAtStart_ThenEveryInterval_UntilTheHostStops()
    {
        await using var h = Harness(o => o.Interval = Interval);
        var service = Assert.Single(h.Services.GetServices<IHostedService>().OfType<HealthMonitoringService>());
        using var rounds = new SemaphoreSlim(0);
        service.Monitor.RoundCompleted += () => rounds.Release();

        await service.StartAsync(CancellationToken.None);
        Assert.True(await rounds.WaitAsync(TimeSpan.FromSeconds(30)), "No round of checks at start.");
        Assert.Equal(1, h.Alpha.HealthCheckCount);

        // The next round waits for the interval on the fake clock (advanced in steps, as the delay may not be set up yet).
        var advanced = TimeSpan.Zero;
        while (!await rounds.WaitAsync(TimeSpan.FromMilliseconds(5)))
        {
            Assert.True(advanced < 10 * Interval, "No second round although the interval passed.");
            h.Time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
        }

        Assert.InRange(advanced, Interval, Interval + TimeSpan.FromSeconds(1));
        Assert.Equal(2, h.Alpha.HealthCheckCount);
        Assert.Equal(2, h.Beta.HealthCheckCount);

        await service.StopAsync(CancellationToken.None);
        h.Time.Advance(2 * Interval);
        Assert.Equal(2, h.Alpha.HealthCheckCount);
    }

    [Fact]
    public async Task AddHealthMonitoring_InvalidOptions_ReportEveryProblem()
    {
        await using var h = Harness(o =>
        {
            o.Interval = TimeSpan.Zero;
            o.Timeout = TimeSpan.FromDays(2);
        });

        var ex = Assert.Throws<OptionsValidationException>(() => h.Services.GetRequiredService<IOptions<HealthMonitoringOptions>>().Value);

        Assert.Equal(2, ex.Failures.Count());
        Assert.Contains(ex.Failures, f => f.StartsWith("LlmRouter:HealthMonitoring:Interval", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("LlmRouter:HealthMonitoring:Timeout", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddHealthMonitoring_CalledTwice_RegistersOneMonitorWithBothConfigurations()
    {
        await using var h = RouterHarness.Create(services: s => s.AddLlmRouter()
            .AddHealthMonitoring(o => o.Interval = TimeSpan.FromMinutes(2))
            .AddHealthMonitoring(o => o.Timeout = TimeSpan.FromSeconds(1)));

        Assert.Single(h.Services.GetServices<IHostedService>().OfType<HealthMonitoringService>());
        var options = h.Services.GetRequiredService<IOptions<HealthMonitoringOptions>>().Value;
        Assert.Equal(TimeSpan.FromMinutes(2), options.Interval);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Timeout);
    }

    [Fact]
    public async Task AddLlmRouter_WithoutHealthMonitoring_RegistersNoHostedService()
    {
        await using var h = RouterHarness.Create();

        Assert.Empty(h.Services.GetServices<IHostedService>());
    }
}
