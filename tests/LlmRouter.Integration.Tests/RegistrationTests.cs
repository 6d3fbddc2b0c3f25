using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Integration.Tests;

/// <summary>Every provider package's AddX() can be called more than once (a library and its host both registering, say).</summary>
public class RegistrationTests
{
    public static TheoryData<string, Action<ILlmRouterBuilder>> Twice() => new()
    {
        { "openai", b => b.AddOpenAI(o => o.ApiKey = "sk-one-000000000000").AddOpenAI(o => o.Endpoint = new Uri("http://127.0.0.1:9/v1/")) },
        { "anthropic", b => b.AddAnthropic(o => o.ApiKey = "sk-ant-one-0000000000").AddAnthropic(o => o.Endpoint = new Uri("http://127.0.0.1:9/")) },
        { "gemini", b => b.AddGemini(o => o.ApiKey = "gemini-one-000000000").AddGemini(o => o.Endpoint = new Uri("http://127.0.0.1:9/")) },
        { "ollama", b => b.AddOllama().AddOllama(o => o.Endpoint = new Uri("http://127.0.0.1:9/")) },
    };

    [Theory]
    [MemberData(nameof(Twice))]
    public async Task AddProviderTwice_RegistersOneConfiguredProvider(string name, Action<ILlmRouterBuilder> register)
    {
        var services = new ServiceCollection();
        register(services.AddLlmRouter());
        await using var sp = services.BuildServiceProvider();

        Assert.NotNull(sp.GetRequiredService<IChatClient>());
        var statuses = await sp.GetRequiredService<ILlmRouter>().GetProvidersAsync();
        var status = Assert.Single(statuses, s => s.Name == name);
        Assert.True(status.IsConfigured, status.Detail);
    }
}
