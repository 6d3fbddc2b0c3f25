using LlmRouter.Tests.Shared;

namespace LlmRouter.Anthropic.Tests.TestSupport;

/// <summary>A loopback server and an Anthropic provider pointed at it.</summary>
internal sealed class AnthropicFixture : IAsyncDisposable
{
    public const string Key = "sk-ant-test-0123456789abcdef";

    public AnthropicFixture(Action<AnthropicProviderOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new AnthropicProviderOptions { ApiKey = Key, Endpoint = Server.BaseAddress };
        configure?.Invoke(options);
        Provider = new AnthropicProvider(options, timeProvider);
    }

    public LoopbackHttpServer Server { get; } = new();

    public AnthropicProvider Provider { get; }

    public IChatClient Client(string model = "claude-haiku-4-5") => Provider.GetChatClient(model);

    public async ValueTask DisposeAsync()
    {
        Provider.Dispose();
        await Server.DisposeAsync();
    }
}
