using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Anthropic.Tests;

/// <summary>A health check against a server that never answers ends at HealthCheckTimeout.</summary>
public class AnthropicProviderHealthTimeoutTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(15);

    [Fact]
    public void HealthCheckTimeout_DefaultsToFiveSeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(5), new AnthropicProviderOptions().HealthCheckTimeout);

    [Fact]
    public void Constructor_NonPositiveHealthCheckTimeout_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new AnthropicProvider(new AnthropicProviderOptions { ApiKey = "k", HealthCheckTimeout = TimeSpan.Zero }));

    [Fact]
    public async Task CheckHealthAsync_ServerNeverAnswers_IsUnhealthyAfterTheTimeout()
    {
        await using var server = new SilentServer();
        var time = new FakeTimeProvider();
        using var provider = new AnthropicProvider(new AnthropicProviderOptions { ApiKey = "sk-ant-test-0123456789abcdef", Endpoint = server.BaseAddress }, time);

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
        using var provider = new AnthropicProvider(new AnthropicProviderOptions
        {
            ApiKey = "sk-ant-test-0123456789abcdef",
            Endpoint = server.BaseAddress,
            HealthCheckTimeout = TimeSpan.FromMilliseconds(200),
        });

        var health = await provider.CheckHealthAsync().AsTask().WaitAsync(Guard);

        Assert.False(health.IsHealthy);
        Assert.Equal("no answer within 0.2 s", health.Detail);
    }

    [Fact]
    public async Task CheckHealthAsync_CallerCancels_Throws()
    {
        await using var server = new SilentServer();
        using var provider = new AnthropicProvider(new AnthropicProviderOptions { ApiKey = "sk-ant-test-0123456789abcdef", Endpoint = server.BaseAddress });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.CheckHealthAsync(cts.Token).AsTask().WaitAsync(Guard));
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
