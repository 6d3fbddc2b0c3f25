using System.Text.Json.Nodes;
using LlmRouter.Bedrock.Tests.TestSupport;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Bedrock.Tests;

public partial class BedrockProviderTests
{
    [Fact]
    public async Task GetResponseAsync_InvokesTheModelPath_WithTheAnthropicBodyAndSignature()
    {
        await using var fx = new BedrockFixture();
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        var response = await fx.Client().GetResponseAsync("What's the weather in San Francisco?", new ChatOptions { Tools = [Wire.WeatherTool()] });

        var request = Assert.Single(fx.Server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/model/{BedrockFixture.Haiku}/invoke", request.Path);
        var sent = JsonNode.Parse(request.Body)!;
        var expected = Wire.Json("anthropic.messages.tool_use.request.json");
        Assert.True(JsonNode.DeepEquals(expected["messages"], sent["messages"]), sent["messages"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(expected["tools"], sent["tools"]), sent["tools"]!.ToJsonString());
        Assert.Equal(1024, sent["max_tokens"]!.GetValue<int>());
        Assert.Null(sent["model"]); // in the path instead
        Assert.Null(sent["stream"]);
        Assert.NotNull(sent["anthropic_version"]);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("get_weather", call.Name);
        Assert.Equal("San Francisco", call.Arguments!["location"]!.ToString());
        Assert.Equal(30, response.Usage!.InputTokenCount);
        Assert.Equal(15, response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_SignsWithSigV4_AsSentOnTheWire()
    {
        await using var fx = new BedrockFixture();
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        await fx.Client().GetResponseAsync("hello");

        var request = Assert.Single(fx.Server.Requests);
        var auth = SigV4.ParseAuthorization(request.Headers["Authorization"]);
        Assert.Equal(BedrockFixture.AccessKeyId, auth.Groups["key"].Value);
        Assert.Equal("20261128", auth.Groups["date"].Value);
        Assert.Equal("us-east-1", auth.Groups["region"].Value);
        Assert.Equal("bedrock", auth.Groups["service"].Value);
        Assert.Equal("20261128T120000Z", request.Headers["x-amz-date"]);
        var signed = auth.Groups["signed"].Value.Split(';');
        Assert.Contains("host", signed);
        Assert.Contains("x-amz-date", signed);
        Assert.Contains("x-amz-content-sha256", signed);
        Assert.DoesNotContain("x-amz-security-token", signed);
        Assert.Equal(SigV4.Hex(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.Body))), request.Headers["x-amz-content-sha256"]);
        Assert.Equal(SigV4.Expected(request, BedrockFixture.SecretAccessKey), auth.Groups["sig"].Value);
        Assert.DoesNotContain(BedrockFixture.SecretAccessKey, string.Concat(request.Headers.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_TemporaryCredentials_SignAndSendTheSessionToken()
    {
        await using var fx = new BedrockFixture(o => o.SessionToken = "FwoGZXIvYXdzEXAMPLETOKEN");
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        await fx.Client().GetResponseAsync("hello");

        var request = Assert.Single(fx.Server.Requests);
        Assert.Equal("FwoGZXIvYXdzEXAMPLETOKEN", request.Headers["x-amz-security-token"]);
        var auth = SigV4.ParseAuthorization(request.Headers["Authorization"]);
        Assert.Contains("x-amz-security-token", auth.Groups["signed"].Value.Split(';'));
        Assert.Equal(SigV4.Expected(request, BedrockFixture.SecretAccessKey), auth.Groups["sig"].Value);
    }

    [Fact]
    public async Task GetResponseAsync_BedrockApiKey_IsSentAsBearerToken()
    {
        await using var fx = new BedrockFixture(o =>
        {
            o.AccessKeyId = null;
            o.SecretAccessKey = null;
            o.ApiKey = "ABSKbedrockapikey0123456789";
        });
        fx.Server.Respond(200, Wire.Read("anthropic.messages.tool_use.response.json"));

        await fx.Client().GetResponseAsync("hello");

        Assert.Equal("Bearer ABSKbedrockapikey0123456789", Assert.Single(fx.Server.Requests).Headers["Authorization"]);
        Assert.Equal("options (Bedrock API key)", fx.Provider.CredentialSource);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_PostsToInvokeWithResponseStream()
    {
        await using var fx = new BedrockFixture();
        fx.Server.RespondStream(Wire.Sse("anthropic.messages.tool_use.stream.sse"));

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in fx.Client().GetStreamingResponseAsync("Call a tool"))
        {
            updates.Add(update);
        }

        Assert.Equal($"/model/{BedrockFixture.Haiku}/invoke-with-response-stream", Assert.Single(fx.Server.Requests).Path);
        Assert.Null(JsonNode.Parse(fx.Server.Requests[0].Body)!["stream"]);
        Assert.Equal("test_tool", Assert.Single(updates.ToChatResponse().Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()).Name);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AwsEventStream_IsDecoded()
    {
        var stub = new StubHandler().RespondEventStream(Wire.SseEvents("anthropic.messages.text.stream.realistic.sse").Select(AwsEventStream.Chunk));
        using var provider = StubProvider(stub);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in provider.GetChatClient(BedrockFixture.Haiku).GetStreamingResponseAsync("Tell me about eclipses"))
        {
            updates.Add(update);
        }

        var response = updates.ToChatResponse();
        Assert.Contains("ring of fire", response.Text, StringComparison.Ordinal);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(31, response.Usage!.InputTokenCount);
        Assert.Equal(547, response.Usage.OutputTokenCount);
        Assert.EndsWith("/invoke-with-response-stream", stub.Requests[0].Request.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        Assert.StartsWith("https://bedrock-runtime.us-west-2.amazonaws.com/", stub.Requests[0].Request.RequestUri!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AwsEventStreamToolCall_IsAssembled()
    {
        var stub = new StubHandler().RespondEventStream(Wire.SseEvents("anthropic.messages.tool_use.stream.sse").Select(AwsEventStream.Chunk));
        using var provider = StubProvider(stub);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in provider.GetChatClient(BedrockFixture.Haiku).GetStreamingResponseAsync("Call a tool"))
        {
            updates.Add(update);
        }

        var call = Assert.Single(updates.ToChatResponse().Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal("value", call.Arguments!["arg"]!.ToString());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AwsEventStreamCut_IsLlmException()
    {
        var stub = new StubHandler().RespondEventStream(Wire.SseEvents("anthropic.messages.text.stream.realistic.sse").Select(AwsEventStream.Chunk), cutAfter: 5);
        using var provider = StubProvider(stub);

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in provider.GetChatClient(BedrockFixture.Haiku).GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.Unavailable, cause.Kind);
        Assert.Equal("bedrock", ex.Provider);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AwsExceptionMessage_IsLlmException()
    {
        var events = Wire.SseEvents("anthropic.messages.text.stream.realistic.sse").Take(3).Select(AwsEventStream.Chunk)
            .Append(AwsEventStream.Exception("throttlingException", "Too many requests, please wait before trying again."));
        var stub = new StubHandler().RespondEventStream(events);
        using var provider = StubProvider(stub);

        var ex = await Assert.ThrowsAsync<LlmException>(async () =>
        {
            await foreach (var update in provider.GetChatClient(BedrockFixture.Haiku).GetStreamingResponseAsync("hi"))
            {
            }
        });

        Assert.Equal(LlmErrorKind.StreamInterrupted, ex.Kind); // the stream had started
        var cause = Assert.IsType<LlmException>(ex.InnerException);
        Assert.Equal(LlmErrorKind.RateLimited, cause.Kind);
        Assert.Contains("Too many requests", ex.Message, StringComparison.Ordinal);
        Assert.Equal("bedrock", ex.Provider);
    }

    public static TheoryData<int, string, string, LlmErrorKind> AwsErrors() => new()
    {
        { 429, "ThrottlingException", "Too many requests, please wait before trying again.", LlmErrorKind.RateLimited },
        { 403, "AccessDeniedException", "You don't have access to the model with the specified model ID.", LlmErrorKind.Authentication },
        { 403, "UnrecognizedClientException", "The security token included in the request is invalid.", LlmErrorKind.Authentication },
        { 400, "ValidationException", "Input is too long for requested model.", LlmErrorKind.ContextTooLong },
        { 400, "ValidationException", "The provided model identifier is invalid.", LlmErrorKind.ModelNotFound },
        { 400, "ValidationException", "messages.0.content: field required", LlmErrorKind.InvalidRequest },
        { 404, "ResourceNotFoundException", "Could not resolve the foundation model from the provided model identifier.", LlmErrorKind.ModelNotFound },
        { 400, "ServiceQuotaExceededException", "Your request exceeded service quota.", LlmErrorKind.QuotaExhausted },
        { 408, "ModelTimeoutException", "Model has timed out in processing the request.", LlmErrorKind.Timeout },
        { 503, "ServiceUnavailableException", "Bedrock is unable to process your request.", LlmErrorKind.Unavailable },
        { 500, "InternalServerException", "An internal server error occurred.", LlmErrorKind.Unavailable },
    };

    [Theory]
    [MemberData(nameof(AwsErrors))]
    public async Task GetResponseAsync_AwsError_BecomesLlmException(int status, string awsType, string message, LlmErrorKind kind)
    {
        await using var fx = new BedrockFixture();
        fx.Server.Respond(status, Wire.AwsError(message), headers: new Dictionary<string, string>
        {
            ["x-amzn-ErrorType"] = $"{awsType}:http://internal.amazon.com/coral/com.amazon.bedrock/",
            ["x-amzn-RequestId"] = "8a7b2c1d-0000-0000-0000-000000000000",
        });

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("bedrock", ex.Provider);
        Assert.Equal(BedrockFixture.Haiku, ex.Model);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(BedrockFixture.SecretAccessKey, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetResponseAsync_ThrottlingWithRetryAfter_CarriesIt()
    {
        await using var fx = new BedrockFixture();
        fx.Server.Respond(429, Wire.AwsError("Too many requests"), headers: new Dictionary<string, string> { ["x-amzn-ErrorType"] = "ThrottlingException", ["retry-after"] = "4" });

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetStreamingResponseAsync("hi").GetAsyncEnumerator().MoveNextAsync().AsTask());

        Assert.Equal(LlmErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(4), ex.RetryAfter);
    }

    [Fact]
    public async Task GetResponseAsync_MalformedBody_IsLlmException()
    {
        await using var fx = new BedrockFixture();
        fx.Server.Respond(200, "{\"id\":\"msg\",\"content\":[");

        var ex = await Assert.ThrowsAsync<LlmException>(() => fx.Client().GetResponseAsync("hi"));

        Assert.Equal(LlmErrorKind.Unknown, ex.Kind);
        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("anthropic.claude-sonnet-4-6", true)]
    [InlineData("anthropic.claude-haiku-4-5-20251001-v1:0", true)]
    [InlineData("us.anthropic.claude-sonnet-4-6", true)]
    [InlineData("global.anthropic.claude-sonnet-4-6", true)]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-sonnet-4-6", true)]
    [InlineData("amazon.nova-pro-v1:0", false)]
    [InlineData("meta.llama3-3-70b-instruct-v1:0", false)]
    [InlineData("amazon.titan-embed-text-v2:0", false)]
    [InlineData("us.meta.anthropic-lookalike", false)]
    public void IsAnthropicModel_RecognisesClaudeIds(string id, bool expected) => Assert.Equal(expected, BedrockProvider.IsAnthropicModel(id));

    [Fact]
    public async Task GetChatClient_NonAnthropicModel_IsModelNotFoundWithAHint()
    {
        await using var fx = new BedrockFixture();

        var ex = Assert.Throws<LlmException>(() => fx.Provider.GetChatClient("amazon.nova-pro-v1:0"));

        Assert.Equal(LlmErrorKind.ModelNotFound, ex.Kind);
        Assert.Contains("not an Anthropic model", ex.Message, StringComparison.Ordinal);
        Assert.Empty(fx.Server.Requests);
    }

    [Fact]
    public async Task GetEmbeddingGenerator_IsNotSupported()
    {
        await using var fx = new BedrockFixture();

        var ex = Assert.Throws<NotSupportedException>(() => fx.Provider.GetEmbeddingGenerator("amazon.titan-embed-text-v2:0"));

        Assert.Contains("no embeddings", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_DefaultsToTheRegionalRuntimeEndpoint()
    {
        using var provider = new BedrockProvider(new BedrockProviderOptions { Region = "eu-central-1", AccessKeyId = "A", SecretAccessKey = "B" }, null, BedrockFixture.UnsetEnvironment());

        Assert.Equal(new Uri("https://bedrock-runtime.eu-central-1.amazonaws.com"), provider.Endpoint);
    }

    private static BedrockProvider StubProvider(StubHandler stub) =>
        new(new BedrockProviderOptions { Region = "us-west-2", AccessKeyId = "AKIDSTUB", SecretAccessKey = "stub-secret", HttpClient = new HttpClient(stub) },
            null,
            BedrockFixture.UnsetEnvironment());
}
