using System.Net;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Usage;

public class UsageEndpointTests
{
    private const string Hi = """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""";

    [Fact]
    public async Task Usage_ShowsTheCallersTenantOnly()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").EnqueueResponse("a", new UsageDetails { InputTokenCount = 10, OutputTokenCount = 1 })
            .EnqueueResponse("b", new UsageDetails { InputTokenCount = 20, OutputTokenCount = 2 })
            .EnqueueResponse("c", new UsageDetails { InputTokenCount = 300, OutputTokenCount = 30 });
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true);
        var acme = gw.Client(GatewayHost.AcmeKey);
        await PostAsync(acme, "v1/chat/completions", Hi);
        await PostAsync(acme, "v1/chat/completions", Hi);
        await PostAsync(gw.Client(GatewayHost.GlobexKey), "v1/chat/completions", Hi);

        var (response, body) = await GetAsync(acme, "v1/usage");
        var (_, globex) = await GetAsync(gw.Client(GatewayHost.GlobexKey), "v1/usage");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("llmrouter.usage", (string?)body!["object"]);
        Assert.Equal("acme", (string?)body["tenant"]);
        Assert.Equal(2, (int)body["requests"]!);
        Assert.Equal(30, (int)body["input_tokens"]!);
        Assert.Equal(3, (int)body["output_tokens"]!);
        Assert.Equal(2, (int)body["by_model"]![Catalog.Mini]!["requests"]!);
        Assert.Equal(2, (int)body["by_provider"]!["openai"]!["requests"]!);
        Assert.Single(body["by_day"]!.AsObject());
        Assert.Equal(300, (int)globex!["input_tokens"]!);
    }

    [Fact]
    public async Task ProviderFailure_NeverLosesTheCallersUsageRecord()
    {
        var openai = new FakeLlmProvider("openai");
        var anthropic = new FakeLlmProvider("anthropic");
        openai.ForModel("gpt-4o-mini").AlwaysFail(LlmErrorKind.Unavailable);
        anthropic.ForModel("claude-haiku-4-5").AlwaysFail(LlmErrorKind.Timeout);
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai).AddProvider(anthropic), o => o.FallbackChain.Add(Catalog.Haiku), withKeys: true);
        var acme = gw.Client(GatewayHost.AcmeKey);

        var (failed, _) = await PostAsync(acme, "v1/chat/completions", Hi);
        var (_, body) = await GetAsync(acme, "v1/usage");

        Assert.Equal(HttpStatusCode.BadGateway, failed.StatusCode);
        Assert.Equal(2, (int)body!["requests"]!);
        Assert.Equal(2, (int)body["failed"]!);
        Assert.Equal(0, (int)body["successful"]!);
        Assert.Equal(1, (int)body["by_model"]![Catalog.Mini]!["requests"]!);
        Assert.Equal(1, (int)body["by_model"]![Catalog.Haiku]!["requests"]!);
    }

    [Fact]
    public async Task Usage_FromAndTo_FilterByTime_AndABadDateIs400()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));
        await PostAsync(gw.Client(), "v1/chat/completions", Hi);

        var (_, all) = await GetAsync(gw.Client(), "v1/usage?from=2000-01-01");
        var (_, none) = await GetAsync(gw.Client(), "v1/usage?to=2000-01-01T00:00:00Z");
        var (bad, error) = await GetAsync(gw.Client(), "v1/usage?from=yesterday");

        Assert.Equal(1, (int)all!["requests"]!);
        Assert.Equal(0, (int)none!["requests"]!);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("from", (string?)error!["error"]!["param"]);
    }
}
