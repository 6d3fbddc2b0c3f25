using LlmRouter.Tests.Shared;

namespace LlmRouter.Gemini.Tests.TestSupport;

/// <summary>Builds providers pointed at a loopback server, with a key that no environment variable can override.</summary>
internal static class TestProviders
{
    public const string ApiKey = "AIzaTestKey-0123456789abcdef";

    /// <summary>An environment variable no machine sets, so tests never read a real key.</summary>
    public static readonly string[] NoEnvironment = [$"LLMROUTER_GEMINI_TEST_UNSET_{Guid.NewGuid():N}"];

    public static GeminiProvider Create(LoopbackHttpServer server, Action<GeminiProviderOptions>? configure = null, TimeProvider? timeProvider = null)
    {
        var options = new GeminiProviderOptions { ApiKey = ApiKey, Endpoint = server.BaseAddress };
        configure?.Invoke(options);
        return new GeminiProvider(options, timeProvider, null, NoEnvironment);
    }
}
