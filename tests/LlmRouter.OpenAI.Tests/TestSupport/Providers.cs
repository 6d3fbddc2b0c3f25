using LlmRouter.Tests.Shared;

namespace LlmRouter.OpenAI.Tests.TestSupport;

/// <summary>Creates providers pointed at a loopback server.</summary>
internal static class Providers
{
    public const string TestKey = "sk-test-0123456789abcdefWXYZ";

    public static OpenAIProvider Create(LoopbackHttpServer server, OpenAIPreset? preset = null, Action<OpenAIProviderOptions>? configure = null, TimeProvider? time = null)
    {
        var options = new OpenAIProviderOptions { ApiKey = TestKey, Endpoint = server.BaseAddress };
        configure?.Invoke(options);
        preset ??= OpenAIPresets.OpenAI;
        return preset.DiscoversModels ? new LocalOpenAIProvider(preset, options, time) : new OpenAIProvider(preset, options, time);
    }

    /// <summary>A copy of a preset whose variables are unique to one test, so tests never read or clobber real ones.</summary>
    public static OpenAIPreset Isolated(OpenAIPreset preset, out string keyVariable, out string endpointVariable)
    {
        var id = Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        keyVariable = $"LLMROUTER_TEST_KEY_{id}";
        endpointVariable = $"LLMROUTER_TEST_URL_{id}";
        return preset with { ApiKeyVariables = [keyVariable], EndpointVariable = endpointVariable };
    }
}
