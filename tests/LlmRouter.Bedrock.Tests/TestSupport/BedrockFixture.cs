using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.Bedrock.Tests.TestSupport;

/// <summary>A loopback server and a Bedrock provider pointed at it, signing with test keys on a fixed clock.</summary>
internal sealed class BedrockFixture : IAsyncDisposable
{
    public const string AccessKeyId = "AKIDEXAMPLE0123456789";
    public const string SecretAccessKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string Haiku = "anthropic.claude-haiku-4-5-20251001-v1:0";

    public BedrockFixture(Action<BedrockProviderOptions>? configure = null)
    {
        var options = new BedrockProviderOptions
        {
            Region = "us-east-1",
            AccessKeyId = AccessKeyId,
            SecretAccessKey = SecretAccessKey,
            Endpoint = Server.BaseAddress,
        };
        configure?.Invoke(options);
        Provider = new BedrockProvider(options, Time, UnsetEnvironment());
    }

    public LoopbackHttpServer Server { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    public BedrockProvider Provider { get; }

    public IChatClient Client(string model = Haiku) => Provider.GetChatClient(model);

    /// <summary>Variable names nobody sets, so the machine's real AWS settings never leak into a test.</summary>
    public static BedrockEnvironment UnsetEnvironment()
    {
        var id = Guid.NewGuid().ToString("N");
        return new BedrockEnvironment(
            $"LLMROUTER_TEST_AKID_{id}",
            $"LLMROUTER_TEST_SECRET_{id}",
            $"LLMROUTER_TEST_TOKEN_{id}",
            $"LLMROUTER_TEST_PROFILE_{id}",
            $"LLMROUTER_TEST_BEARER_{id}",
            [$"LLMROUTER_TEST_REGION_{id}", $"LLMROUTER_TEST_DEFAULT_REGION_{id}"]);
    }

    public async ValueTask DisposeAsync()
    {
        Provider.Dispose();
        await Server.DisposeAsync();
    }
}
