using LlmRouter.Bedrock.Tests.TestSupport;
using LlmRouter.Testing;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Bedrock.Tests;

public sealed class BedrockLlmRouterBuilderExtensionsTests : IAsyncDisposable
{
    private static readonly ChatOptions Haiku = new() { ModelId = "bedrock/" + BedrockFixture.Haiku };
    private readonly LoopbackHttpServer _server = new();
    private readonly FakeLlmProvider _fake = new("fake");
    private readonly ServiceProvider _services;

    public BedrockLlmRouterBuilderExtensionsTests()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter(o =>
            {
                o.Retry.MaxRetries = 0;
                o.AdditionalModels.Add(new ModelDescriptor("fake", "m", ModelTier.Fast) { ContextWindow = 100_000, Pricing = new ModelPricing(0m, 0m) });
                o.FallbackChain.Add("fake/m");
            })
            .AddBedrock(o =>
            {
                o.Region = "us-east-1";
                o.AccessKeyId = BedrockFixture.AccessKeyId;
                o.SecretAccessKey = BedrockFixture.SecretAccessKey;
                o.Endpoint = _server.BaseAddress;
            })
            .AddProvider(_fake);
        _services = services.BuildServiceProvider(validateScopes: true);
    }

    private IChatClient Client => _services.GetRequiredService<IChatClient>();

    [Fact]
    public async Task Router_ToolCall_UsageAndCatalogCost()
    {
        _server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        var response = await Client.GetResponseAsync("What's the weather in San Francisco?", new ChatOptions { ModelId = Haiku.ModelId, Tools = [Wire.WeatherTool()] });

        Assert.Equal("get_weather", Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()).Name);
        var info = response.GetRouteInfo()!;
        Assert.Equal("bedrock", info.Provider);
        Assert.Equal(BedrockFixture.Haiku, info.Model);
        Assert.Equal(((30 * 1m) + (15 * 5m)) / 1_000_000m, info.Cost);
        Assert.Equal($"/model/{BedrockFixture.Haiku}/invoke", Assert.Single(_server.Requests).Path);
    }

    [Fact]
    public async Task Router_Stream_TextAndCost()
    {
        _server.RespondStream(Wire.Sse("anthropic.messages.text.stream.realistic.sse"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in Client.GetStreamingResponseAsync("Tell me about eclipses", Haiku))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Contains("ring of fire", response.Text, StringComparison.Ordinal);
        Assert.Equal(((31 * 1m) + (547 * 5m)) / 1_000_000m, response.GetRouteInfo()!.Cost);
    }

    [Theory]
    [InlineData(429, "ThrottlingException", LlmErrorKind.RateLimited)]
    [InlineData(403, "AccessDeniedException", LlmErrorKind.Authentication)]
    [InlineData(400, "ValidationException", LlmErrorKind.InvalidRequest)]
    public async Task Router_AwsErrorWithoutFallback_SurfacesTheKind(int status, string awsType, LlmErrorKind kind)
    {
        _server.Respond(status, Wire.AwsError("failure"), headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = awsType });
        _fake.ForModel("m").AlwaysFail(kind);

        var ex = await Assert.ThrowsAnyAsync<LlmException>(() => Client.GetResponseAsync("hi", Haiku));

        Assert.Equal(kind, ex is AllRoutesFailedException all ? all.Attempts[0].Error : ex.Kind);
    }

    [Theory]
    [InlineData(503, "ServiceUnavailableException")]
    [InlineData(403, "UnrecognizedClientException")]
    [InlineData(429, "ThrottlingException")]
    public async Task Router_FailsOverFromBedrockToTheFallback(int status, string awsType)
    {
        _server.Respond(status, Wire.AwsError("failure"), headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = awsType });
        _fake.ForModel("m").EnqueueResponse("from the fallback");

        var response = await Client.GetResponseAsync("hi", Haiku);

        Assert.Equal("from the fallback", response.Text);
        var info = response.GetRouteInfo()!;
        Assert.Equal("fake", info.Provider);
        Assert.Equal("bedrock", info.Attempts[0].Provider);
        Assert.NotNull(info.Attempts[0].Error);
    }

    [Fact]
    public async Task Router_NonAnthropicBedrockModel_FailsOverWithoutANetworkCall()
    {
        _fake.ForModel("m").EnqueueResponse("from the fallback");

        var response = await Client.GetResponseAsync("hi", new ChatOptions { ModelId = "bedrock/amazon.nova-pro-v1:0" });

        Assert.Equal("from the fallback", response.Text);
        Assert.Equal(LlmErrorKind.ModelNotFound, response.GetRouteInfo()!.Attempts[0].Error);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task AddBedrock_ReturnsTheBuilder()
    {
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter();

        Assert.Same(builder, builder.AddBedrock(o => o.Region = "us-east-1"));
        await using var sp = services.BuildServiceProvider();
        Assert.Equal("bedrock", Assert.Single(sp.GetServices<ILlmProvider>()).Name);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
    }
}
