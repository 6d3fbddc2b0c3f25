using System.Net;
using System.Text.Json;
using LlmRouter.AspNetCore.Tests.TestSupport;
using LlmRouter.Testing;
using static LlmRouter.AspNetCore.Tests.TestSupport.Json;

namespace LlmRouter.AspNetCore.Tests.Chat;

public class ChatCompletionsEndpointTests
{
    [Fact]
    public async Task ChatCompletions_NamedModel_AnswersOpenAIShapeWithRouteHeadersAndCost()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").EnqueueResponse("Paris.", new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500 });
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Capital of France?"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", ContentType(response)!.MediaType);
        var expectedCost = ModelCatalog.Default.Resolve(Catalog.Mini).Pricing.CalculateCost(new UsageDetails { InputTokenCount = 1000, OutputTokenCount = 500 });
        Assert.Equal("openai", Header(response, "x-llmrouter-provider"));
        Assert.Equal("gpt-4o-mini", Header(response, "x-llmrouter-model"));
        Assert.Equal(expectedCost, decimal.Parse(Header(response, "x-llmrouter-cost"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("direct", Header(response, "x-llmrouter-strategy"));
        Assert.Equal("chat.completion", (string?)body!["object"]);
        Assert.Equal(Catalog.Mini, (string?)body["model"]);
        Assert.False(string.IsNullOrEmpty((string?)body["id"]));
        Assert.True((long)body["created"]! > 1_700_000_000);
        var choice = body["choices"]![0]!;
        Assert.Equal(0, (int)choice["index"]!);
        Assert.Equal("assistant", (string?)choice["message"]!["role"]);
        Assert.Equal("Paris.", (string?)choice["message"]!["content"]);
        Assert.Equal("stop", (string?)choice["finish_reason"]);
        Assert.Equal(1000, (int)body["usage"]!["prompt_tokens"]!);
        Assert.Equal(500, (int)body["usage"]!["completion_tokens"]!);
        Assert.Equal(1500, (int)body["usage"]!["total_tokens"]!);
        Assert.Equal(expectedCost, (decimal)body["llmrouter"]!["cost"]!);
        Assert.Equal("gpt-4o-mini", (string?)body["llmrouter"]!["attempts"]![0]!["model"]);
        Assert.Equal(Catalog.Mini, openai.ForModel("gpt-4o-mini").Requests.Single().Options!.ModelId is { } id ? "openai/" + id : null);
    }

    [Fact]
    public async Task ChatCompletions_Auto_LetsTheRouterChooseAmongConfiguredModels()
    {
        var openai = new FakeLlmProvider("openai");
        var anthropic = new FakeLlmProvider("anthropic");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai).AddProvider(anthropic), o => { o.Strategy = "cost"; o.Models = [Catalog.Mini, Catalog.Haiku]; });

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"auto","messages":[{"role":"user","content":"Say hi."}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("cost", Header(response, "x-llmrouter-strategy"));
        Assert.Equal(Catalog.Mini, (string?)body!["model"]); // the cheaper of the two
        Assert.Equal(1, openai.ForModel("gpt-4o-mini").CallCount);
        Assert.Equal(0, anthropic.ForModel("claude-haiku-4-5").CallCount);
    }

    [Fact]
    public async Task ChatCompletions_RoutingHintsExtension_ReachesTheRouter()
    {
        var openai = new FakeLlmProvider("openai");
        var anthropic = new FakeLlmProvider("anthropic");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai).AddProvider(anthropic), o => o.Models = [Catalog.Mini, Catalog.Haiku]);

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions",
            """{"model":"auto","messages":[{"role":"user","content":"Say hi."}],"llmrouter":{"strategy":"cost","models":["anthropic/claude-haiku-4-5"]}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Catalog.Haiku, (string?)body!["model"]);
        Assert.Equal("cost", (string?)body["llmrouter"]!["strategy"]);
    }

    [Fact]
    public async Task ChatCompletions_Alias_ResolvesThroughTheCatalog()
    {
        var anthropic = new FakeLlmProvider("anthropic");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(anthropic));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"claude-haiku","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Catalog.Haiku, (string?)body!["model"]);
        Assert.Equal(1, anthropic.ForModel("claude-haiku-4-5").CallCount);
    }

    [Fact]
    public async Task ChatCompletions_SamplingFieldsAndResponseFormat_ReachTheProvider()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, _) = await PostAsync(gw.Client(), "v1/chat/completions", """
            {"model":"openai/gpt-4o-mini","messages":[{"role":"developer","content":"Be terse."},{"role":"user","content":"Weather?","name":"ann"}],
             "temperature":0.25,"top_p":0.5,"max_completion_tokens":64,"stop":["END","STOP"],"seed":7,"presence_penalty":0.5,"frequency_penalty":-0.5,
             "reasoning_effort":"high","parallel_tool_calls":false,
             "response_format":{"type":"json_schema","json_schema":{"name":"weather","description":"a report","strict":true,"schema":{"type":"object","properties":{"temp":{"type":"number"}},"required":["temp"]}}}}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = openai.ForModel("gpt-4o-mini").Requests.Single();
        var o = request.Options!;
        Assert.Equal(0.25f, o.Temperature);
        Assert.Equal(0.5f, o.TopP);
        Assert.Equal(64, o.MaxOutputTokens);
        Assert.Equal(["END", "STOP"], o.StopSequences);
        Assert.Equal(7L, o.Seed);
        Assert.Equal(0.5f, o.PresencePenalty);
        Assert.Equal(-0.5f, o.FrequencyPenalty);
        Assert.Equal(ReasoningEffort.High, o.Reasoning!.Effort);
        Assert.False(o.AllowMultipleToolCalls);
        var format = Assert.IsType<ChatResponseFormatJson>(o.ResponseFormat);
        Assert.Equal("weather", format.SchemaName);
        Assert.Equal("a report", format.SchemaDescription);
        Assert.Equal("number", format.Schema!.Value.GetProperty("properties").GetProperty("temp").GetProperty("type").GetString());
        Assert.Equal(ChatRole.System, request.Messages[0].Role);
        Assert.Equal("Be terse.", request.Messages[0].Text);
        Assert.Equal("ann", request.Messages[1].AuthorName);
    }

    [Fact]
    public async Task ChatCompletions_JsonObjectFormat_IsJsonWithoutSchema()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"JSON please"}],"response_format":{"type":"json_object"}}""");

        var format = Assert.IsType<ChatResponseFormatJson>(openai.ForModel("gpt-4o-mini").Requests.Single().Options!.ResponseFormat);
        Assert.Null(format.Schema);
    }

    [Fact]
    public async Task ChatCompletions_ToolsAndToolResults_RoundTrip()
    {
        var openai = new FakeLlmProvider("openai");
        openai.ForModel("gpt-4o-mini").EnqueueToolCall("get_weather", new Dictionary<string, object?> { ["city"] = "Oslo", ["days"] = 3 }, "call_42");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """
            {"model":"openai/gpt-4o-mini","tool_choice":{"type":"function","function":{"name":"get_weather"}},
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather for a city","strict":true,
                       "parameters":{"type":"object","properties":{"city":{"type":"string"},"days":{"type":"integer"}},"required":["city"]}}}],
             "messages":[{"role":"user","content":"Weather in Bergen?"},
                         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Bergen\"}"}}]},
                         {"role":"tool","tool_call_id":"call_1","content":"Rain, 9 C"},
                         {"role":"user","content":"And in Oslo for three days?"}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var choice = body!["choices"]![0]!;
        Assert.Equal("tool_calls", (string?)choice["finish_reason"]);
        Assert.Null(choice["message"]!["content"]);
        var call = choice["message"]!["tool_calls"]![0]!;
        Assert.Equal("call_42", (string?)call["id"]);
        Assert.Equal("function", (string?)call["type"]);
        Assert.Equal("get_weather", (string?)call["function"]!["name"]);
        using var args = JsonDocument.Parse((string)call["function"]!["arguments"]!);
        Assert.Equal("Oslo", args.RootElement.GetProperty("city").GetString());
        Assert.Equal(3, args.RootElement.GetProperty("days").GetInt32());

        var seen = openai.ForModel("gpt-4o-mini").Requests.Single();
        var tool = Assert.IsAssignableFrom<AIFunctionDeclaration>(Assert.Single(seen.Options!.Tools!));
        Assert.Equal("get_weather", tool.Name);
        Assert.Equal("Weather for a city", tool.Description);
        Assert.Equal("integer", tool.JsonSchema.GetProperty("properties").GetProperty("days").GetProperty("type").GetString());
        Assert.Equal(true, tool.AdditionalProperties["strict"]);
        Assert.Equal("get_weather", Assert.IsType<RequiredChatToolMode>(seen.Options.ToolMode).RequiredFunctionName);
        var history = seen.Messages;
        var priorCall = Assert.Single(history[1].Contents.OfType<FunctionCallContent>());
        Assert.Equal(("call_1", "get_weather", "Bergen"), (priorCall.CallId, priorCall.Name, priorCall.Arguments!["city"]!.ToString()));
        var result = Assert.Single(history[2].Contents.OfType<FunctionResultContent>());
        Assert.Equal(ChatRole.Tool, history[2].Role);
        Assert.Equal(("call_1", "Rain, 9 C"), (result.CallId, result.Result as string));
    }

    [Fact]
    public async Task ChatCompletions_Images_BecomeDataAndUriContent()
    {
        var openai = new FakeLlmProvider("openai");
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai));
        var png = Convert.ToBase64String([0x89, 0x50, 0x4E, 0x47, 1, 2, 3]);

        var (response, _) = await PostAsync(gw.Client(), "v1/chat/completions", $$$"""
            {"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":[
              {"type":"text","text":"What is in these?"},
              {"type":"image_url","image_url":{"url":"data:image/png;base64,{{{png}}}","detail":"low"}},
              {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg"}}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var contents = openai.ForModel("gpt-4o-mini").Requests.Single().Messages.Single().Contents;
        Assert.Equal("What is in these?", Assert.IsType<TextContent>(contents[0]).Text);
        var data = Assert.IsType<DataContent>(contents[1]);
        Assert.Equal("image/png", data.MediaType);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, data.Data.ToArray());
        Assert.Equal("low", data.AdditionalProperties!["detail"]);
        var uri = Assert.IsType<UriContent>(contents[2]);
        Assert.Equal(new Uri("https://example.com/cat.jpg"), uri.Uri);
        Assert.StartsWith("image/", uri.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_Failover_ReportsEveryAttempt()
    {
        var openai = new FakeLlmProvider("openai");
        var anthropic = new FakeLlmProvider("anthropic");
        openai.ForModel("gpt-4o-mini").AlwaysFail(LlmErrorKind.Unavailable);
        await using var gw = await GatewayHost.StartAsync(r => r.AddProvider(openai).AddProvider(anthropic), o => o.FallbackChain.Add(Catalog.Haiku));

        var (response, body) = await PostAsync(gw.Client(), "v1/chat/completions", """{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("anthropic", Header(response, "x-llmrouter-provider"));
        Assert.Equal("2", Header(response, "x-llmrouter-attempts"));
        var attempts = body!["llmrouter"]!["attempts"]!.AsArray();
        Assert.Equal("Unavailable", (string?)attempts[0]!["error"]);
        Assert.Null(attempts[1]!["error"]);
    }
}
