using LlmRouter.Tests.TestSupport;
using static LlmRouter.Tests.TestSupport.RouterHarness;

namespace LlmRouter.Tests.Router;

public class RouterChatClientCompositionTests
{
    [Fact]
    public async Task RouterChatClient_UnderFunctionInvocation_RunsTheToolAndRoutesEveryTurn()
    {
        await using var h = Create();
        var fake = h.Fake(AlphaSmart);
        fake.EnqueueToolCall("get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }).EnqueueResponse("It is sunny in Paris.");
        var calls = 0;
        var tool = AIFunctionFactory.Create((string city) => { calls++; return $"sunny in {city}"; }, "get_weather");
        using var chat = new ChatClientBuilder(h.Client).UseFunctionInvocation().Build();

        var response = await chat.GetResponseAsync(Prompt("Weather in Paris?"), new ChatOptions { ModelId = AlphaSmart.Key, Tools = [tool] });

        Assert.Equal(1, calls);
        Assert.EndsWith("It is sunny in Paris.", response.Text, StringComparison.Ordinal);
        Assert.Equal(2, fake.CallCount);
        Assert.Contains(fake.Requests[1].Messages, m => m.Contents.OfType<FunctionResultContent>().Any());
        Assert.Equal(2, (await h.Usage.GetSummaryAsync()).Requests);
    }

    [Fact]
    public async Task RouterChatClient_GetService_ExposesTheRouterAndCatalog()
    {
        await using var h = Create();
        using var chat = new ChatClientBuilder(h.Client).UseFunctionInvocation().Build();

        Assert.Same(h.Router, chat.GetService<ILlmRouter>());
        Assert.NotNull(chat.GetService<ModelCatalog>());
        Assert.Equal("llmrouter", chat.GetService<ChatClientMetadata>()!.ProviderName);
    }
}
