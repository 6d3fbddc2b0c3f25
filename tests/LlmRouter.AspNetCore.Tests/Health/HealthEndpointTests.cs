using System.Net;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Health;

public class HealthEndpointTests
{
    [Fact]
    public async Task Health_OpenWithoutKey_SaysWhichProvidersAreHealthy_WithoutDetails()
    {
        var openai = new FakeLlmProvider("openai");
        var gemini = new FakeLlmProvider("gemini") { Health = new ProviderHealth(false, "upstream 500 at https://internal.example") };
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai).AddProvider(gemini), withKeys: true);

        var (response, body) = await GetAsync(gw.Client(), "health");
        var (_, detailed) = await GetAsync(gw.Client(GatewayHost.AcmeKey), "health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("degraded", (string?)body!["status"]);
        var providers = body["providers"]!.AsArray();
        Assert.True((bool)providers.Single(p => (string?)p!["name"] == "openai")!["healthy"]!);
        Assert.False((bool)providers.Single(p => (string?)p!["name"] == "gemini")!["healthy"]!);
        Assert.DoesNotContain("internal.example", body.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("internal.example", detailed!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_NoHealthyProvider_Is503()
    {
        var openai = new FakeLlmProvider("openai") { Health = new ProviderHealth(false) };
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai).AddProvider(new FakeLlmProvider("anthropic") { IsConfigured = false }));

        var (response, body) = await GetAsync(gw.Client(), "health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unavailable", (string?)body!["status"]);
    }

    [Fact]
    public async Task Health_ReusesChecksWithinTheCacheDuration()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), configuration: new Dictionary<string, string?> { ["LlmRouter:Gateway:HealthCacheDuration"] = "00:10:00" });

        for (var i = 0; i < 5; i++)
        {
            await GetAsync(gw.Client(), "health");
        }

        Assert.Equal(1, openai.HealthCheckCount);
    }
}
