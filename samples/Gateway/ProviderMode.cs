using LlmRouter;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Samples.Gateway;

/// <summary>Decides, before any network call, whether the gateway serves the real providers or simulated ones.</summary>
internal static class ProviderMode
{
    /// <summary>
    /// <c>LlmRouter:Gateway:Simulate</c> = <c>true</c> or <c>false</c> decides; <c>auto</c> (the default) simulates unless some
    /// remote provider has a key (from <c>LlmRouter:Providers:&lt;name&gt;:ApiKey</c> or its usual environment variable).
    /// </summary>
    /// <returns>Whether to simulate, and the names of the remote providers that have keys.</returns>
    public static (bool Simulate, string[] Configured) Decide(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        AddRealProviders(services.AddLlmRouter(configuration.GetSection("LlmRouter")));
        using var probe = services.BuildServiceProvider();
        var configured = probe.GetServices<ILlmProvider>().Where(p => p.IsConfigured && !p.IsLocal).Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        var setting = configuration["LlmRouter:Gateway:Simulate"];
        var simulate = setting is null || setting.Equals("auto", StringComparison.OrdinalIgnoreCase)
            ? configured.Length == 0
            : bool.Parse(setting);
        return (simulate, configured);
    }

    /// <summary>Registers every real provider package; those without a key stay unconfigured and take no traffic.</summary>
    public static ILlmRouterBuilder AddRealProviders(ILlmRouterBuilder builder) => builder
        .AddOpenAI().AddAnthropic().AddGemini().AddGroq().AddDeepSeek().AddMistral().AddOpenRouter().AddOllama();
}
