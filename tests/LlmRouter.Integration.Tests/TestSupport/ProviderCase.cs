using System.Text.Json.Nodes;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Integration.Tests.TestSupport;

/// <summary>
/// One provider package registered the way an app registers it (<c>AddX()</c>), pointed at a scripted server that answers in the
/// provider's real wire shapes (tests/Fixtures/wire): the loopback HTTP server, or for Bedrock's binary event streams the in-process handler.
/// Every error body echoes <see cref="Secret"/>, as a misbehaving gateway would.
/// </summary>
internal abstract class ProviderCase : IAsyncDisposable
{
    /// <summary>The API key (for Bedrock, the secret access key) every case sends and every error body echoes.</summary>
    public const string Secret = "sk-integration-0123456789abcdefSECRET";

    private ServiceProvider? _services;

    public static IReadOnlyList<string> Names { get; } = ["openai", "anthropic", "gemini", "ollama", "bedrock"];

    public abstract string Name { get; }

    public abstract string Model { get; }

    public abstract string UnknownModel { get; }

    public static ProviderCase Create(string name) => name switch
    {
        "openai" => new OpenAICase(),
        "anthropic" => new AnthropicCase(),
        "gemini" => new GeminiCase(),
        "ollama" => new OllamaCase(),
        "bedrock" => new BedrockCase(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such provider case"),
    };

    public IChatClient Client(string model)
    {
        if (_services is null)
        {
            var services = new ServiceCollection();
            Register(services.AddLlmRouter());
            _services = services.BuildServiceProvider();
        }

        return _services.GetServices<ILlmProvider>().Single(p => p.Name == Name).GetChatClient(model);
    }

    /// <summary>HTTP 401: the provider's authentication error.</summary>
    public abstract void RespondUnauthorized();

    /// <summary>HTTP 429 with Retry-After: the provider's rate-limit error.</summary>
    public abstract void RespondRateLimited();

    /// <summary>The provider's overloaded answer (503, Anthropic's 529).</summary>
    public abstract void RespondOverloaded();

    /// <summary>HTTP 404: the provider's unknown-model error.</summary>
    public abstract void RespondUnknownModel();

    /// <summary>A text stream whose connection breaks right after its first text update.</summary>
    public abstract void RespondStreamCutAfterFirstText();

    /// <summary>A stream whose connection breaks before anything was sent.</summary>
    public abstract void RespondStreamCutBeforeFirstUpdate();

    public virtual async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    public override string ToString() => Name;

    protected static string Echo(string message) => $"{message} (request sent with key {Secret})";

    protected static string Fixture(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wire", file));

    /// <summary>The body of an error-bodies.json example of a provider, with the given status, its message echoing the secret.</summary>
    protected static JsonNode ErrorExample(string provider, int status, Func<JsonNode, JsonNode> message)
    {
        var example = JsonNode.Parse(Fixture("error-bodies.json"))![provider]!["examples"]!.AsArray().First(e => (int)e!["status"]! == status)!;
        var body = example["body"]!.DeepClone();
        var node = message(body);
        node.ReplaceWith(JsonValue.Create(Echo(node.GetValue<string>())));
        return body;
    }

    protected abstract void Register(ILlmRouterBuilder builder);

    /// <summary>A provider that speaks HTTP to the loopback server.</summary>
    private abstract class LoopbackCase : ProviderCase
    {
        protected LoopbackHttpServer Server { get; } = new();

        public override void RespondStreamCutBeforeFirstUpdate() => Server.RespondStream(StreamChunks(), StreamContentType, cutAfterChunks: 0);

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            await Server.DisposeAsync();
        }

        protected virtual string StreamContentType => "text/event-stream";

        protected abstract IReadOnlyList<string> StreamChunks();
    }

    private sealed class OpenAICase : LoopbackCase
    {
        public override string Name => "openai";

        public override string Model => "gpt-4o-mini";

        public override string UnknownModel => "gpt-nonexistent";

        public override void RespondUnauthorized() => Server.Respond(401, Error(401));

        public override void RespondRateLimited() => Server.Respond(429, Error(429), headers: new Dictionary<string, string> { ["retry-after"] = "1" });

        public override void RespondOverloaded() => Server.Respond(503, Error(503));

        public override void RespondUnknownModel() => Server.Respond(404, Error(404));

        public override void RespondStreamCutAfterFirstText() => Server.RespondStream(StreamChunks(), cutAfterChunks: 1);

        protected override void Register(ILlmRouterBuilder builder) => builder.AddOpenAI(o => (o.ApiKey, o.Endpoint) = (Secret, Server.BaseAddress));

        /// <summary>Chat-completion chunks in OpenAI's documented shape (the repository's OpenAI stream fixture carries only a tool call).</summary>
        protected override IReadOnlyList<string> StreamChunks() =>
        [
            Chunk("""{"role":"assistant","content":"Hello"}""", "null"),
            Chunk("""{"content":" world"}""", "null"),
            Chunk("{}", "\"stop\""),
            "data: [DONE]\n\n",
        ];

        private static string Chunk(string delta, string finishReason) =>
            $$"""data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1764547200,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{{delta}},"finish_reason":{{finishReason}}}]}""" + "\n\n";

        private static string Error(int status) => ErrorExample("openai", status, b => b["error"]!["message"]!).ToJsonString();
    }

    private sealed class AnthropicCase : LoopbackCase
    {
        public override string Name => "anthropic";

        public override string Model => "claude-haiku-4-5";

        public override string UnknownModel => "claude-nonexistent";

        public override void RespondUnauthorized() => Server.Respond(401, Error(401));

        public override void RespondRateLimited() => Server.Respond(429, Error(429), headers: new Dictionary<string, string> { ["retry-after"] = "2" });

        public override void RespondOverloaded() => Server.Respond(529, Error(529));

        public override void RespondUnknownModel() => Server.Respond(404, Error(404));

        public override void RespondStreamCutAfterFirstText() => Server.RespondStream(StreamChunks(), cutAfterChunks: FirstTextDelta(StreamChunks()) + 1);

        public static int FirstTextDelta(IReadOnlyList<string> events) => events.ToList().FindIndex(e => e.Contains("text_delta", StringComparison.Ordinal));

        protected override void Register(ILlmRouterBuilder builder) => builder.AddAnthropic(o => (o.ApiKey, o.Endpoint) = (Secret, Server.BaseAddress));

        protected override IReadOnlyList<string> StreamChunks() => LoopbackHttpServer.SplitSse(Fixture("anthropic.messages.text.stream.realistic.sse"));

        private static string Error(int status) => ErrorExample("anthropic", status, b => b["error"]!["message"]!).ToJsonString();
    }

    private sealed class GeminiCase : LoopbackCase
    {
        public override string Name => "gemini";

        public override string Model => "gemini-2.0-flash";

        public override string UnknownModel => "wrong-model-name";

        public override void RespondUnauthorized() =>
            Server.Respond(401, Envelope(401, "UNAUTHENTICATED", "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential."));

        public override void RespondRateLimited() =>
            Server.Respond(
                429,
                Envelope(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", """[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"7s"}]"""),
                headers: new Dictionary<string, string> { ["retry-after"] = "7" });

        public override void RespondOverloaded() => Server.Respond(503, ErrorExample("gemini", 503, b => b["error"]!["message"]!).ToJsonString());

        public override void RespondUnknownModel()
        {
            var recorded = JsonNode.Parse(Fixture("gemini.error.404.model_not_found.json"))!["body"]!;
            var message = recorded["error"]!["message"]!;
            message.ReplaceWith(JsonValue.Create(Echo(message.GetValue<string>())));
            Server.Respond(404, recorded.ToJsonString());
        }

        public override void RespondStreamCutAfterFirstText() => Server.RespondStream(StreamChunks(), cutAfterChunks: 1);

        protected override void Register(ILlmRouterBuilder builder) => builder.AddGemini(o => (o.ApiKey, o.Endpoint) = (Secret, Server.BaseAddress));

        protected override IReadOnlyList<string> StreamChunks() => LoopbackHttpServer.SplitSse(Fixture("gemini.streamGenerateContent.text.sse"));

        /// <summary>A google.rpc.Status envelope, as in error-bodies.json.</summary>
        private static string Envelope(int code, string status, string message, string details = "[]") =>
            new JsonObject
            {
                ["error"] = new JsonObject
                {
                    ["code"] = code,
                    ["message"] = Echo(message),
                    ["status"] = status,
                    ["details"] = JsonNode.Parse(details),
                },
            }.ToJsonString();
    }

    private sealed class OllamaCase : LoopbackCase
    {
        public override string Name => "ollama";

        public override string Model => "llama3.2";

        public override string UnknownModel => "llama3.2";

        public override void RespondUnauthorized() => Server.Respond(401, Error(401));

        public override void RespondRateLimited() =>
            Server.Respond(429, new JsonObject { ["error"] = Echo("too many requests, server is busy") }.ToJsonString(), headers: new Dictionary<string, string> { ["Retry-After"] = "3" });

        public override void RespondOverloaded() => Server.Respond(503, new JsonObject { ["error"] = Echo("server busy, please try again.  maximum pending requests exceeded") }.ToJsonString());

        public override void RespondUnknownModel() => Server.Respond(404, Error(404));

        public override void RespondStreamCutAfterFirstText() => Server.RespondStream(StreamChunks(), StreamContentType, cutAfterChunks: 1);

        protected override string StreamContentType => "application/x-ndjson";

        protected override void Register(ILlmRouterBuilder builder) => builder.AddOllama(o => (o.ApiKey, o.Endpoint) = (Secret, Server.BaseAddress));

        protected override IReadOnlyList<string> StreamChunks() => LoopbackHttpServer.SplitLines(Fixture("ollama.chat.stream.ndjson"));

        private static string Error(int status) => ErrorExample("ollama", status, b => b["error"]!).ToJsonString();
    }

    /// <summary>Bedrock through the in-process handler, which can send AWS's binary event streams; errors carry <c>x-amzn-ErrorType</c>.</summary>
    private sealed class BedrockCase : ProviderCase
    {
        private readonly StubHandler _stub = new();

        public override string Name => "bedrock";

        public override string Model => "anthropic.claude-haiku-4-5-20251001-v1:0";

        public override string UnknownModel => "anthropic.claude-nonexistent-v9:0";

        public override void RespondUnauthorized() => AwsError(401, "UnrecognizedClientException", "The security token included in the request is invalid.");

        public override void RespondRateLimited() => AwsError(429, "ThrottlingException", "Too many requests, please wait before trying again.", ("retry-after", "4"));

        public override void RespondOverloaded() => AwsError(503, "ServiceUnavailableException", "Bedrock is unable to process your request.");

        public override void RespondUnknownModel() => AwsError(404, "ResourceNotFoundException", "Could not resolve the foundation model from the provided model identifier.");

        public override void RespondStreamCutAfterFirstText()
        {
            var events = LoopbackHttpServer.SplitSse(Fixture("anthropic.messages.text.stream.realistic.sse"));
            _stub.RespondEventStream(Events(events), cutAfter: AnthropicCase.FirstTextDelta(events) + 1);
        }

        public override void RespondStreamCutBeforeFirstUpdate() =>
            _stub.RespondEventStream(Events(LoopbackHttpServer.SplitSse(Fixture("anthropic.messages.text.stream.realistic.sse"))), cutAfter: 0);

        protected override void Register(ILlmRouterBuilder builder) =>
            builder.AddBedrock(o =>
            {
                o.Region = "us-east-1";
                o.AccessKeyId = "AKIDINTEGRATION0123";
                o.SecretAccessKey = Secret;
                o.HttpClient = new HttpClient(_stub);
            });

        private static IEnumerable<byte[]> Events(IReadOnlyList<string> sse) =>
            sse.Select(e => e.Split('\n').First(l => l.StartsWith("data:", StringComparison.Ordinal))["data:".Length..].Trim()).Select(AwsEventStream.Chunk);

        private void AwsError(int status, string type, string message, params (string Name, string Value)[] headers)
        {
            var all = new Dictionary<string, string> { ["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazon.bedrock/" };
            foreach (var (name, value) in headers)
            {
                all[name] = value;
            }

            _stub.Respond(status, new JsonObject { ["message"] = Echo(message) }.ToJsonString(), all);
        }
    }
}
