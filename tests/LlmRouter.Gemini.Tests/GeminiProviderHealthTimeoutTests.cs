using LlmRouter.Gemini.Tests.TestSupport;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Gemini.Tests;

/// <summary>A health check against a server that never answers ends at HealthCheckTimeout.</summary>
public class GeminiProviderHealthTimeoutTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    [Fact]
    public void HealthCheckTimeout_DefaultsToFiveSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(5), new GeminiProviderOptions().HealthCheckTimeout);

    [Fact]
    public void Constructor_NonPositiveHealthCheckTimeout_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeminiProvider(
            new GeminiProviderOptions { ApiKey = TestProviders.ApiKey, HealthCheckTimeout = TimeSpan.FromSeconds(-1) }, null, null, TestProviders.NoEnvironment));

    [Fact]
    public async Task CheckHealthAsync_ServerNeverAnswers_IsUnhealthyAfterTheTimeout()
    {
        await using var server = new SilentServer();
        var time = new FakeTimeProvider();
        using var provider = Create(server, null, time);

        var check = provider.CheckHealthAsync().AsTask();
        await WaitForConnectionAsync(server);
        Assert.False(check.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        var health = await check.WaitAsync(Guard);

        Assert.False(health.IsHealthy);
        Assert.Equal("no answer within 5 s", health.Detail);
    }

    [Fact]
    public async Task CheckHealthAsync_ShortTimeout_ReturnsWithinIt()
    {
        await using var server = new SilentServer();
        using var provider = Create(server, TimeSpan.FromMilliseconds(200), null);

        var health = await provider.CheckHealthAsync().AsTask().WaitAsync(Guard);

        Assert.False(health.IsHealthy);
        Assert.Equal("no answer within 0.2 s", health.Detail);
    }

    [Fact]
    public async Task CheckHealthAsync_CallerCancels_Throws()
    {
        await using var server = new SilentServer();
        using var provider = Create(server, null, null);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.CheckHealthAsync(cts.Token).AsTask().WaitAsync(Guard));
    }

    private static GeminiProvider Create(SilentServer server, TimeSpan? timeout, TimeProvider? time)
    {
        var options = new GeminiProviderOptions { ApiKey = TestProviders.ApiKey, Endpoint = server.BaseAddress };
        if (timeout is { } t)
        {
            options.HealthCheckTimeout = t;
        }

        return new GeminiProvider(options, time, null, TestProviders.NoEnvironment);
    }

    private static async Task WaitForConnectionAsync(SilentServer server)
    {
        using var cts = new CancellationTokenSource(Guard);
        while (server.Connections == 0)
        {
            await Task.Delay(10, cts.Token);
        }
    }
}
