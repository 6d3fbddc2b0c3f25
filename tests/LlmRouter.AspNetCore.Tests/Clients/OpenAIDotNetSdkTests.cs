using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmRouter.AspNetCore.Tests.TestSupport;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Models;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;
using ChatMessage = OpenAI.Chat.ChatMessage;
using ChatResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace LlmRouter.AspNetCore.Tests.Clients;

/// <summary>The official OpenAI .NET SDK, unchanged, against the gateway over the real provider packages replaying wire payloads on loopback.</summary>
public class OpenAIDotNetSdkTests
{
    private static OpenAIClient Sdk(GatewayHost gateway, string key = GatewayHost.AcmeKey) =>
        new(new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(gateway.BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        });

    [Fact]
    public async Task Sdk_Chat_GetsTheUpstreamAnswer_AndTheGatewayKeyNeverGoesUpstream()
    {
        await using var p = await ReplayedProviders.StartAsync();
        p.OpenAI.Respond(200, ReplayedProviders.TextCompletion("Hello from upstream", 12, 4));

        ChatCompletion completion = await Sdk(p.Gateway).GetChatClient("openai/gpt-4o-mini").CompleteChatAsync([new UserChatMessage("Hi")]);

        Assert.Equal("Hello from upstream", completion.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("openai/gpt-4o-mini", completion.Model);
        Assert.Equal(12, completion.Usage.InputTokenCount);
        Assert.Equal(4, completion.Usage.OutputTokenCount);
        var upstream = Assert.Single(p.OpenAI.Requests, r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal));
        Assert.Equal("gpt-4o-mini", (string?)JsonNode.Parse(upstream.Body)!["model"]);
        Assert.Equal("Bearer " + ReplayedProviders.UpstreamOpenAIKey, upstream.Headers["Authorization"]);
        Assert.DoesNotContain(GatewayHost.AcmeKey, upstream.Body + string.Join(",", upstream.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sdk_Stream_GetsTextAndUsage()
    {
        await using var p = await ReplayedProviders.StartAsync();
        p.OpenAI.RespondStream(ReplayedProviders.TextStream("Hel", "lo", " world"));

        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;
        await foreach (var update in Sdk(p.Gateway).GetChatClient("gpt-4o-mini").CompleteChatStreamingAsync([new UserChatMessage("Hi")]))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage = update.Usage ?? usage;
            finish = update.FinishReason ?? finish;
        }

        Assert.Equal("Hello world", text.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(9, usage!.InputTokenCount);
        Assert.Equal(4, usage.OutputTokenCount);
    }

    [Fact]
    public async Task Sdk_Tools_CallAndResultRoundTrip_OnOpenAIsWire()
    {
        await using var p = await ReplayedProviders.StartAsync();
        p.OpenAI.Respond(200, ReplayedProviders.Wire("openai.chat.tool_call.response.json"));
        p.OpenAI.Respond(200, ReplayedProviders.TextCompletion("Alice is 42."));
        var chat = Sdk(p.Gateway).GetChatClient("openai/gpt-4o-mini");
        var tool = ChatTool.CreateFunctionTool("GetPersonAge", "Gets the age of the specified person.",
            BinaryData.FromString("""{"type":"object","properties":{"personName":{"type":"string"}},"required":["personName"]}"""));
        List<ChatMessage> messages = [new UserChatMessage("How old is Alice?")];

        ChatCompletion first = await chat.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } });
        var call = Assert.Single(first.ToolCalls);
        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, "42"));
        ChatCompletion second = await chat.CompleteChatAsync(messages, new ChatCompletionOptions { Tools = { tool } });

        Assert.Equal(ChatFinishReason.ToolCalls, first.FinishReason);
        Assert.Equal("GetPersonAge", call.FunctionName);
        Assert.Equal("call_8qbINM045wlmKZt9bVJgwAym", call.Id);
        Assert.Equal("Alice", JsonDocument.Parse(call.FunctionArguments).RootElement.GetProperty("personName").GetString());
        Assert.Equal("Alice is 42.", second.Content[0].Text);
        var upstream = JsonNode.Parse(p.OpenAI.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Last().Body)!;
        var history = upstream["messages"]!.AsArray();
        Assert.Equal("call_8qbINM045wlmKZt9bVJgwAym", (string?)history[1]!["tool_calls"]![0]!["id"]);
        Assert.Equal("tool", (string?)history[2]!["role"]);
        Assert.Equal("call_8qbINM045wlmKZt9bVJgwAym", (string?)history[2]!["tool_call_id"]);
        Assert.Equal("GetPersonAge", (string?)upstream["tools"]![0]!["function"]!["name"]);
    }

    [Fact]
    public async Task Sdk_Tools_OnAnthropicsWire_ComeBackInOpenAIsShape()
    {
        await using var p = await ReplayedProviders.StartAsync();
        p.Anthropic.Respond(200, ReplayedProviders.Wire("anthropic.messages.tool_use.response.json"));
        var tool = ChatTool.CreateFunctionTool("get_weather", "Get the weather",
            BinaryData.FromString("""{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string"}},"required":["location"]}"""));

        ChatCompletion completion = await Sdk(p.Gateway).GetChatClient("anthropic/claude-haiku-4-5")
            .CompleteChatAsync([new UserChatMessage("Weather in San Francisco?")], new ChatCompletionOptions { Tools = { tool } });

        var call = Assert.Single(completion.ToolCalls);
        Assert.Equal("toolu_12345", call.Id);
        Assert.Equal("get_weather", call.FunctionName);
        using var args = JsonDocument.Parse(call.FunctionArguments);
        Assert.Equal("San Francisco", args.RootElement.GetProperty("location").GetString());
        Assert.Equal("celsius", args.RootElement.GetProperty("unit").GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, completion.FinishReason);
        Assert.Equal(30, completion.Usage.InputTokenCount);
        var upstream = JsonNode.Parse(Assert.Single(p.Anthropic.Requests).Body)!;
        Assert.Equal("get_weather", (string?)upstream["tools"]![0]!["name"]);
    }

    [Fact]
    public async Task Sdk_JsonSchema_ReachesTheProviderAsStructuredOutput()
    {
        await using var p = await ReplayedProviders.StartAsync();
        p.OpenAI.Respond(200, ReplayedProviders.TextCompletion("""{"city":"Oslo","temp":9}"""));
        var schema = BinaryData.FromString("""{"type":"object","properties":{"city":{"type":"string"},"temp":{"type":"number"}},"required":["city","temp"],"additionalProperties":false}""");

        ChatCompletion completion = await Sdk(p.Gateway).GetChatClient("openai/gpt-4o-mini").CompleteChatAsync(
            [new UserChatMessage("Weather in Oslo as JSON")],
            new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("weather", schema, jsonSchemaIsStrict: true) });

        Assert.Equal(9, JsonDocument.Parse(completion.Content[0].Text).RootElement.GetProperty("temp").GetInt32());
        var format = JsonNode.Parse(p.OpenAI.Requests.Single(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Body)!["response_format"]!;
        Assert.Equal("json_schema", (string?)format["type"]);
        Assert.Equal("weather", (string?)format["json_schema"]!["name"]);
        Assert.Equal("number", (string?)format["json_schema"]!["schema"]!["properties"]!["temp"]!["type"]);
    }

    [Fact]
    public async Task Sdk_Embeddings_GetsTheVectors()
    {
        await using var p = await ReplayedProviders.StartAsync();
        p.OpenAI.Respond(200, ReplayedProviders.Embeddings);

        OpenAIEmbeddingCollection embeddings = await Sdk(p.Gateway).GetEmbeddingClient("openai/text-embedding-3-small").GenerateEmbeddingsAsync(["hello world", "goodbye"]);

        Assert.Equal(2, embeddings.Count);
        Assert.Equal([0.25f, -0.5f, 1.0f], embeddings[0].ToFloats().ToArray());
        Assert.Equal([0.0f, 0.125f, -1.0f], embeddings[1].ToFloats().ToArray());
        Assert.Equal(6, embeddings.Usage.InputTokenCount);
    }

    [Fact]
    public async Task Sdk_Models_ListsTheServedModels()
    {
        await using var p = await ReplayedProviders.StartAsync();

        OpenAIModelCollection models = await Sdk(p.Gateway).GetOpenAIModelClient().GetModelsAsync();
        OpenAIModel one = await Sdk(p.Gateway).GetOpenAIModelClient().GetModelAsync("openai/gpt-4o-mini");

        Assert.Contains(models, m => m.Id == "auto");
        Assert.Contains(models, m => m.Id == "openai/gpt-4o-mini" && m.OwnedBy == "openai");
        Assert.Contains(models, m => m.Id == "anthropic/claude-haiku-4-5");
        Assert.DoesNotContain(models, m => m.Id.StartsWith("gemini/", StringComparison.Ordinal));
        Assert.Equal("openai/gpt-4o-mini", one.Id);
    }

    [Fact]
    public async Task Sdk_EveryErrorStatus_IsAClientResultExceptionWithThatStatus()
    {
        await using var p = await ReplayedProviders.StartAsync(configuration: new Dictionary<string, string?> { ["LlmRouter:Gateway:MaxRequestBodySize"] = "4096" });
        var chat = Sdk(p.Gateway).GetChatClient("openai/gpt-4o-mini");
        ChatMessage[] hi = [new UserChatMessage("Hi")];

        async Task<int> StatusOf(Func<Task> call) => (await Assert.ThrowsAsync<ClientResultException>(call)).Status;

        Assert.Equal(400, await StatusOf(() => chat.CompleteChatAsync(hi, new ChatCompletionOptions { Temperature = 3f })));
        Assert.Equal(401, await StatusOf(() => Sdk(p.Gateway, "sk-not-a-gateway-key-000000").GetChatClient("openai/gpt-4o-mini").CompleteChatAsync(hi)));
        Assert.Equal(404, await StatusOf(() => Sdk(p.Gateway).GetChatClient("gpt-4o-mimi").CompleteChatAsync(hi)));
        Assert.Equal(413, await StatusOf(() => chat.CompleteChatAsync([new UserChatMessage(new string('x', 8192))])));
        var upstreamCalls = p.OpenAI.Requests.Count;
        Assert.Equal(0, upstreamCalls); // none of those reached the provider

        p.OpenAI.Respond(429, ReplayedProviders.OpenAIError(429, "rate_limit_exceeded"), headers: new Dictionary<string, string> { ["retry-after"] = "7" });
        var limited = await Assert.ThrowsAsync<ClientResultException>(() => chat.CompleteChatAsync(hi));
        Assert.Equal(429, limited.Status);
        Assert.Equal("7", limited.GetRawResponse()!.Headers.TryGetValue("Retry-After", out var retryAfter) ? retryAfter : null);

        p.OpenAI.Respond(401, ReplayedProviders.OpenAIError(401));
        Assert.Equal(502, await StatusOf(() => chat.CompleteChatAsync(hi)));
        p.OpenAI.Respond(503, ReplayedProviders.OpenAIError(503));
        Assert.Equal(503, await StatusOf(() => chat.CompleteChatAsync(hi)));
    }
}
