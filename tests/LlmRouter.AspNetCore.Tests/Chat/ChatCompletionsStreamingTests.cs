using System.Net;
using System.Text.Json.Nodes;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using Microsoft.Extensions.DependencyInjection;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Chat;

public class ChatCompletionsStreamingTests
{
    [Fact]
    public async Task Stream_WithIncludeUsage_SendsChunksFinishRouteUsageThenDone()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").EnqueueResponse("one two three", new UsageDetails { InputTokenCount = 12, OutputTokenCount = 3 });
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var response = await gw.Client().PostAsync("v1/chat/completions", Body("""{"model":"openai/gpt-4o-mini","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Count"}]}"""));
        var events = await ReadSseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", ContentType(response)!.MediaType);
        Assert.Equal("openai", Header(response, "x-llmrouter-provider"));
        Assert.Equal("gpt-4o-mini", Header(response, "x-llmrouter-model"));
        Assert.Equal(string.Empty, Header(response, "x-llmrouter-cost")); // known only at the end: in the finishing chunk
        Assert.Equal("[DONE]", events[^1]);
        var chunks = events.SkipLast(1).Select(e => JsonNode.Parse(e)!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", (string?)c["object"]));
        Assert.Single(chunks.Select(c => (string?)c["id"]).Distinct());
        Assert.Equal("assistant", (string?)chunks[0]["choices"]![0]!["delta"]!["role"]);
        var text = string.Concat(chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => (string?)c["choices"]![0]!["delta"]!["content"]));
        Assert.Equal("one two three", text);

        var finish = chunks[^2];
        Assert.Equal("stop", (string?)finish["choices"]![0]!["finish_reason"]);
        Assert.Equal(Catalog.Mini, (string?)finish["model"]);
        Assert.Equal("openai", (string?)finish["llmrouter"]!["provider"]);
        var expectedCost = ModelCatalog.Default.Resolve(Catalog.Mini).Pricing.CalculateCost(new UsageDetails { InputTokenCount = 12, OutputTokenCount = 3 });
        Assert.Equal(expectedCost, (decimal)finish["llmrouter"]!["cost"]!);

        var usage = chunks[^1];
        Assert.Empty(usage["choices"]!.AsArray());
        Assert.Equal(12, (int)usage["usage"]!["prompt_tokens"]!);
        Assert.Equal(3, (int)usage["usage"]!["completion_tokens"]!);
        Assert.Equal(15, (int)usage["usage"]!["total_tokens"]!);
    }

    [Fact]
    public async Task Stream_WithoutIncludeUsage_SendsNoUsageChunk()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var response = await gw.Client().PostAsync("v1/chat/completions", Body("""{"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello"}]}"""));
        var events = await ReadSseAsync(response);

        Assert.Equal("[DONE]", events[^1]);
        Assert.DoesNotContain(events.SkipLast(1), e => JsonNode.Parse(e)!["usage"] is not null);
        Assert.Equal("stop", (string?)JsonNode.Parse(events[^2])!["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task Stream_ToolCall_IsADeltaWithIndexIdAndArguments()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").EnqueueToolCall("lookup", new Dictionary<string, object?> { ["q"] = "otters" }, "call_7");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var response = await gw.Client().PostAsync("v1/chat/completions", Body("""
            {"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Find otters"}],
             "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]}
            """));
        var chunks = (await ReadSseAsync(response)).SkipLast(1).Select(e => JsonNode.Parse(e)!).ToList();

        var call = chunks.Select(c => c["choices"]![0]!["delta"]!["tool_calls"]).Single(t => t is not null)![0]!;
        Assert.Equal(0, (int)call["index"]!);
        Assert.Equal("call_7", (string?)call["id"]);
        Assert.Equal("lookup", (string?)call["function"]!["name"]);
        Assert.Equal("otters", (string?)JsonNode.Parse((string)call["function"]!["arguments"]!)!["q"]);
        Assert.Equal("tool_calls", (string?)chunks[^1]["choices"]![0]!["finish_reason"]);
    }

    [Fact]
    public async Task Stream_EveryRouteFailingBeforeTheFirstUpdate_IsAnErrorStatusNotAStream()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").AlwaysFail(LlmErrorKind.Unavailable);
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", ContentType(response)!.MediaType);
        Assert.Equal("upstream_unavailable", (string?)body!["error"]!["code"]);
    }

    [Fact]
    public async Task Stream_FailingAfterItStarted_EndsWithAnErrorEventAndRecordsUsage()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").EnqueueStreamFailureAfter(2, "alpha beta gamma delta");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai), withKeys: true);

        var response = await gw.Client(GatewayHost.AcmeKey).PostAsync("v1/chat/completions", Body("""{"model":"openai/gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hi"}]}"""));
        var events = await ReadSseAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("[DONE]", events[^1]);
        var error = JsonNode.Parse(events[^1])!["error"]!;
        Assert.Contains("alpha", string.Concat(events.SkipLast(1).Select(e => (string?)JsonNode.Parse(e)!["choices"]![0]!["delta"]!["content"])), StringComparison.Ordinal);
        Assert.Equal("server_error", (string?)error["type"]);
        var usage = await gw.Services.GetRequiredService<IUsageTracker>().GetSummaryAsync(new UsageQuery { Tenant = "acme" });
        Assert.Equal(1, usage.Failed);
    }
}
