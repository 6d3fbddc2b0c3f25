using LlmRouter.AspNetCore.Tests.TestSupport;
using Xunit.Abstractions;

namespace LlmRouter.AspNetCore.Tests.Clients;

/// <summary>The official <c>openai</c> npm package (tests/node/openai-sdk.mjs) against the gateway over replayed providers.</summary>
public class OpenAINodeSdkTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task NodeSdk_ChatStreamToolsJsonSchemaEmbeddingsModelsAndEveryErrorStatus()
    {
        var folder = Node.RequireScripts("openai");
        await using var p = await ReplayedProviders.StartAsync(configuration: new Dictionary<string, string?> { ["LlmRouter:Gateway:MaxRequestBodySize"] = "4096" });
        // The upstream answers in the order of the script's scenarios.
        p.OpenAI.Respond(200, ReplayedProviders.TextCompletion("Hello from upstream", 12, 4))
            .RespondStream(ReplayedProviders.TextStream("Hel", "lo", " world"))
            .Respond(200, ReplayedProviders.Wire("openai.chat.tool_call.response.json"))
            .Respond(200, ReplayedProviders.TextCompletion("Alice is 42."))
            .Respond(200, ReplayedProviders.TextCompletion("""{"city":"Oslo","temp":9}"""))
            .Respond(200, ReplayedProviders.Embeddings)
            .Respond(200, ReplayedProviders.Embeddings)
            .Respond(429, ReplayedProviders.OpenAIError(429, "rate_limit_exceeded"), headers: new Dictionary<string, string> { ["retry-after"] = "7" })
            .Respond(401, ReplayedProviders.OpenAIError(401))
            .Respond(503, ReplayedProviders.OpenAIError(503));

        var (exitCode, text) = await Node.RunAsync(folder, "openai-sdk.mjs", new Dictionary<string, string>
        {
            ["GATEWAY_URL"] = new Uri(p.Gateway.BaseAddress, "v1").ToString(),
            ["GATEWAY_KEY"] = GatewayHost.AcmeKey,
        }, TimeSpan.FromSeconds(90));
        output.WriteLine(text);

        Assert.True(exitCode == 0, text);
        Assert.Contains("""{"passed":["chat","stream","tools","json_schema","embeddings","models","errors"]}""", text, StringComparison.Ordinal);
        var chatCalls = p.OpenAI.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToList();
        Assert.Equal(8, chatCalls.Count); // chat, stream, 2 tool turns, json_schema, 429, 401, 503: the 400/401/404/413 never reached it
        Assert.Equal(2, p.OpenAI.Requests.Count(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)));
    }
}
