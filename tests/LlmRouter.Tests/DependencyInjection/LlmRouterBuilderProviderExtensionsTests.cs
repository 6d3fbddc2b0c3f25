using LlmRouter.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.Tests.DependencyInjection;

public class LlmRouterBuilderProviderExtensionsTests
{
    private static ILlmRouterBuilder AddDemo(ILlmRouterBuilder builder, Action<LlmProviderOptions>? configure) =>
        builder.AddNamedProvider("demo", configure, static (_, options) => new OptionsEchoProvider(options));

    [Fact]
    public async Task AddNamedProvider_CalledTwice_RegistersOneProviderWithBothConfigurations()
    {
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter();
        AddDemo(builder, o => o.ApiKey = "first");
        AddDemo(builder, o => o.Endpoint = new Uri("https://second.example/"));
        await using var sp = services.BuildServiceProvider();

        var provider = Assert.Single(sp.GetServices<ILlmProvider>().OfType<OptionsEchoProvider>());

        Assert.Equal("first", provider.Options.ApiKey);
        Assert.Equal(new Uri("https://second.example/"), provider.Options.Endpoint);
        Assert.NotNull(sp.GetRequiredService<IChatClient>());
    }

    [Fact]
    public async Task AddNamedProvider_BindsConfigurationThenCodeWins()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:demo:ApiKey"] = "from-config",
            ["LlmRouter:Providers:demo:Endpoint"] = "https://config.example/",
        }).Build());
        AddDemo(services.AddLlmRouter(), o => o.Endpoint = new Uri("https://code.example/"));
        await using var sp = services.BuildServiceProvider();

        var provider = sp.GetServices<ILlmProvider>().OfType<OptionsEchoProvider>().Single();

        Assert.Equal("from-config", provider.Options.ApiKey);
        Assert.Equal(new Uri("https://code.example/"), provider.Options.Endpoint);
    }

    [Fact]
    public void AddNamedProvider_SameNameWithAnotherOptionsType_Throws()
    {
        var builder = new ServiceCollection().AddLlmRouter();
        AddDemo(builder, null);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddNamedProvider<OtherOptions>("demo", null, static (_, o) => new OptionsEchoProvider(o)));

        Assert.Contains("demo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNamedProvider_SameRegistrationKey_RegistersOneProviderWithBothConfigurations()
    {
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter();
        builder.AddNamedProvider<LlmProviderOptions>("demo", o => o.ApiKey = "first", static (_, o) => new OptionsEchoProvider(o), registrationKey: "https://host.example/");
        builder.AddNamedProvider<LlmProviderOptions>("DEMO", o => o.NetworkTimeout = TimeSpan.FromSeconds(7), static (_, o) => new OptionsEchoProvider(o), registrationKey: "https://host.example/");
        await using var sp = services.BuildServiceProvider();

        var provider = Assert.Single(sp.GetServices<ILlmProvider>().OfType<OptionsEchoProvider>());

        Assert.Equal("first", provider.Options.ApiKey);
        Assert.Equal(TimeSpan.FromSeconds(7), provider.Options.NetworkTimeout);
    }

    [Fact]
    public void AddNamedProvider_SameNameWithAnotherRegistrationKey_Throws()
    {
        var builder = new ServiceCollection().AddLlmRouter();
        builder.AddNamedProvider<LlmProviderOptions>("demo", null, static (_, o) => new OptionsEchoProvider(o), registrationKey: "https://one.example/");

        var ex = Assert.Throws<InvalidOperationException>(() =>
            builder.AddNamedProvider<LlmProviderOptions>("demo", null, static (_, o) => new OptionsEchoProvider(o), registrationKey: "https://two.example/"));

        Assert.Contains("demo", ex.Message, StringComparison.Ordinal);
    }

    private sealed class OtherOptions : LlmProviderOptions;

    private sealed class OptionsEchoProvider(LlmProviderOptions options) : ILlmProvider
    {
        private readonly FakeLlmProvider _inner = new("demo");

        public LlmProviderOptions Options { get; } = options;

        public string Name => "demo";

        public bool IsLocal => false;

        public IChatClient GetChatClient(string modelId) => _inner.GetChatClient(modelId);

        public IEmbeddingGenerator<string, Embedding<float>> GetEmbeddingGenerator(string modelId) => _inner.GetEmbeddingGenerator(modelId);

        public ValueTask<ProviderHealth> CheckHealthAsync(CancellationToken cancellationToken = default) => _inner.CheckHealthAsync(cancellationToken);
    }
}
