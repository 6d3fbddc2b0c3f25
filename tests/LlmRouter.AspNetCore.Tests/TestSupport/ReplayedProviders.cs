using System.Text.Json.Nodes;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.AspNetCore.Tests.TestSupport;

/// <summary>
/// A gateway over the real provider packages (LlmRouter.OpenAI and LlmRouter.Anthropic), each pointed at its own loopback
/// server that replays real wire payloads (tests/Fixtures/wire): what a client gets is what the real stack makes of them.
/// </summary>
internal sealed class ReplayedProviders : IAsyncDisposable
{
    public const string UpstreamOpenAIKey = "sk-upstream-openai-0123456789abcdef";
    public const string UpstreamAnthropicKey = "sk-ant-upstream-0123456789abcdef";

    private ReplayedProviders(LoopbackHttpServer openai, LoopbackHttpServer anthropic, GatewayHost gateway)
    {
        OpenAI = openai;
        Anthropic = anthropic;
        Gateway = gateway;
    }

    public LoopbackHttpServer OpenAI { get; }

    public LoopbackHttpServer Anthropic { get; }

    public GatewayHost Gateway { get; }

    public static async Task<ReplayedProviders> StartAsync(bool withKeys = true, IDictionary<string, string?>? configuration = null)
    {
        var openai = new LoopbackHttpServer();
        var anthropic = new LoopbackHttpServer();
        openai.Always("/models", 200, """{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1,"owned_by":"openai"}]}""");
        var gateway = await GatewayHost.StartAsync(
            r => r.AddOpenAI(o =>
                {
                    o.ApiKey = UpstreamOpenAIKey;
                    o.Endpoint = openai.BaseAddress;
                })
                .AddAnthropic(o =>
                {
                    o.ApiKey = UpstreamAnthropicKey;
                    o.Endpoint = anthropic.BaseAddress;
                }),
            withKeys: withKeys,
            configuration: configuration);
        return new ReplayedProviders(openai, anthropic, gateway);
    }

    public static string Wire(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "wire", file));

    /// <summary>An OpenAI error body from error-bodies.json (real or documented envelopes).</summary>
    public static string OpenAIError(int status, string? code = null)
    {
        foreach (var example in JsonNode.Parse(Wire("error-bodies.json"))!["openai"]!["examples"]!.AsArray())
        {
            if ((int)example!["status"]! == status && (code is null || (string?)example["body"]!["error"]!["code"] == code))
            {
                return example["body"]!.ToJsonString();
            }
        }

        throw new InvalidOperationException($"error-bodies.json has no OpenAI {status} {code}");
    }

    public static string TextCompletion(string text, int promptTokens = 10, int completionTokens = 5) =>
        "{\"id\":\"chatcmpl-up1\",\"object\":\"chat.completion\",\"created\":1727894702,\"model\":\"gpt-4o-mini-2024-07-18\"," +
        "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + System.Text.Json.JsonSerializer.Serialize(text) +
        ",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}]," +
        $"\"usage\":{{\"prompt_tokens\":{promptTokens},\"completion_tokens\":{completionTokens},\"total_tokens\":{promptTokens + completionTokens}}}}}";

    public static IReadOnlyList<string> TextStream(params string[] pieces)
    {
        var events = new List<string>();
        foreach (var piece in pieces)
        {
            events.Add("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + System.Text.Json.JsonSerializer.Serialize(piece) + "},\"finish_reason\":null}]}\n\n");
        }

        events.Add("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        events.Add("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":4,\"total_tokens\":13}}\n\n");
        events.Add("data: [DONE]\n\n");
        return events;
    }

    public const string Embeddings = """
        {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5,1.0]},{"object":"embedding","index":1,"embedding":[0.0,0.125,-1.0]}],
         "model":"text-embedding-3-small","usage":{"prompt_tokens":6,"total_tokens":6}}
        """;

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await OpenAI.DisposeAsync();
        await Anthropic.DisposeAsync();
    }
}
