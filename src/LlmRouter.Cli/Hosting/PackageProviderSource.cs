using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Cli.Hosting;

/// <summary>
/// The providers of the packages the tool ships: OpenAI and every OpenAI-compatible preset, Anthropic, Gemini, Bedrock, and the local
/// servers (Ollama, vLLM, LM Studio, llama.cpp). Each reads its key from configuration or its usual environment variable; one without
/// stays unconfigured and says why.
/// </summary>
/// <remarks>Only this type names the provider packages, so commands that need no provider (<c>models</c>) never load them.</remarks>
internal sealed class PackageProviderSource : IProviderSource, IAsyncDisposable
{
    private ServiceProvider? _services;
    private IReadOnlyList<ILlmProvider>? _providers;

    /// <inheritdoc/>
    public IReadOnlyList<ILlmProvider> GetProviders(IConfiguration configuration)
    {
        if (_providers is not null)
        {
            return _providers;
        }

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLlmRouter()
            .AddOpenAI().AddAzureOpenAI().AddAnthropic().AddGemini().AddBedrock()
            .AddGroq().AddTogether().AddDeepSeek().AddXAI().AddMistral().AddOpenRouter().AddFireworks().AddPerplexity()
            .AddCerebras().AddDeepInfra().AddCohere().AddMoonshot().AddDashScope().AddAIsa().AddSambaNova().AddNebius()
            .AddNovita().AddHyperbolic().AddZai().AddAI21()
            .AddOllama().AddVllm().AddLmStudio().AddLlamaCpp();
        _services = services.BuildServiceProvider();
        _providers = [.. _services.GetServices<ILlmProvider>().OrderBy(p => p.Name, StringComparer.Ordinal)];
        return _providers;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }
}
