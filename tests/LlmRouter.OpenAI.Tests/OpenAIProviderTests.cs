using LlmRouter.OpenAI.Tests.TestSupport;
using LlmRouter.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LlmRouter.OpenAI.Tests;

/// <summary>Keys, endpoints, configuration, masking and health of the provider.</summary>
public class OpenAIProviderTests
{
    [Fact]
    public void Provider_WithoutKey_IsUnconfiguredWithAReason()
    {
        var preset = Providers.Isolated(OpenAIPresets.OpenAI, out var keyVariable, out _);

        var provider = new OpenAIProvider(preset, new OpenAIProviderOptions());

        Assert.False(provider.IsConfigured);
        Assert.Equal($"no API key: set {keyVariable} or LlmRouter:Providers:openai:ApiKey", provider.NotConfiguredReason);
        var ex = Assert.Throws<LlmException>(() => provider.GetChatClient("gpt-4o-mini"));
        Assert.Equal(LlmErrorKind.Authentication, ex.Kind);
        Assert.Contains(keyVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddOpenAI_WithoutKeyAnywhere_RegistersAnUnconfiguredProvider()
    {
        if (Environment.GetEnvironmentVariable("OPENAI_API_KEY") is not null)
        {
            return; // A real key is set on this machine; the isolated test above covers the rule.
        }

        var services = new ServiceCollection();
        services.AddLlmRouter().AddOpenAI();
        using var sp = services.BuildServiceProvider();

        var provider = Assert.Single(sp.GetServices<ILlmProvider>());
        Assert.Equal("openai", provider.Name);
        Assert.False(provider.IsConfigured);
        Assert.Equal("no API key: set OPENAI_API_KEY or LlmRouter:Providers:openai:ApiKey", provider.NotConfiguredReason);
    }

    [Fact]
    public async Task AddOpenAI_KeyAndEndpointFromConfiguration_AreUsed()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion("hi"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:openai:ApiKey"] = "sk-from-configuration-1234",
            ["LlmRouter:Providers:openai:Endpoint"] = server.BaseAddress.ToString(),
            ["LlmRouter:Providers:openai:Headers:X-Title"] = "LlmRouter tests",
            ["LlmRouter:Providers:openai:OrganizationId"] = "org-123",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddOpenAI();
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<OpenAIProvider>(Assert.Single(sp.GetServices<ILlmProvider>()));
        await provider.GetChatClient("gpt-4o-mini").GetResponseAsync("hi");

        Assert.True(provider.IsConfigured);
        Assert.Equal("options", provider.ApiKeySource);
        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer sk-from-configuration-1234", request.Headers["Authorization"]);
        Assert.Equal("LlmRouter tests", request.Headers["X-Title"]);
        Assert.Equal("org-123", request.Headers["OpenAI-Organization"]);
    }

    [Fact]
    public async Task AddOpenAI_CodeConfigurationWinsOverConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmRouter:Providers:openai:ApiKey"] = "sk-from-configuration-1234",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLlmRouter().AddOpenAI(o => o.ApiKey = "sk-from-code-5678");
        await using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<OpenAIProvider>(Assert.Single(sp.GetServices<ILlmProvider>()));

        Assert.Equal("sk-from-code-5678", provider.ApiKey);
    }

    [Fact]
    public async Task AddOpenAICompatible_KeyFromTheNamedEnvironmentVariable_IsUsed()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, ChatFixtures.TextCompletion("hi"));
        var variable = $"LLMROUTER_TEST_KEY_{Guid.NewGuid():N}".ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, "sk-from-environment-9999");
        try
        {
            var services = new ServiceCollection();
            services.AddLlmRouter().AddOpenAICompatible("acme", server.BaseAddress, variable);
            await using var sp = services.BuildServiceProvider();

            var provider = Assert.IsAssignableFrom<OpenAIProvider>(Assert.Single(sp.GetServices<ILlmProvider>()));
            await provider.GetChatClient("acme-1").GetResponseAsync("hi");

            Assert.Equal("acme", provider.Name);
            Assert.True(provider.IsConfigured);
            Assert.Equal(variable, provider.ApiKeySource);
            Assert.Equal("Bearer sk-from-environment-9999", Assert.Single(server.Requests).Headers["Authorization"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void AddOpenAICompatible_NamedVariableUnset_IsUnconfigured_WithoutVariable_NeedsNoKey()
    {
        var variable = $"LLMROUTER_TEST_KEY_{Guid.NewGuid():N}".ToUpperInvariant();
        var services = new ServiceCollection();
        services.AddLlmRouter()
            .AddOpenAICompatible("needs-key", new Uri("https://llm.example.com/v1"), variable)
            .AddOpenAICompatible("open", new Uri("http://127.0.0.1:9/v1"), apiKeyEnvVar: null);
        using var sp = services.BuildServiceProvider();

        var providers = sp.GetServices<ILlmProvider>().ToDictionary(p => p.Name);

        Assert.False(providers["needs-key"].IsConfigured);
        Assert.Equal($"no API key: set {variable} or LlmRouter:Providers:needs-key:ApiKey", providers["needs-key"].NotConfiguredReason);
        Assert.False(providers["needs-key"].IsLocal);
        Assert.True(providers["open"].IsConfigured);
        Assert.True(providers["open"].IsLocal);
        Assert.IsAssignableFrom<IModelDiscovery>(providers["open"]);
    }

    [Fact]
    public void AddOpenAI_Twice_RegistersOneProviderWithBothConfigurations()
    {
        var services = new ServiceCollection();
        services.AddLlmRouter().AddOpenAI(o => o.ApiKey = "sk-first-000000000").AddOpenAI(o => o.ProjectId = "proj_1");
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsType<OpenAIProvider>(Assert.Single(sp.GetServices<ILlmProvider>()));

        Assert.Equal("sk-first-000000000", provider.ApiKey);
    }

    [Fact]
    public void AddOpenAICompatible_SameNameAsAPresetWithAnotherEndpoint_Throws()
    {
        var builder = new ServiceCollection().AddLlmRouter().AddGroq();

        Assert.Throws<InvalidOperationException>(() => builder.AddOpenAICompatible("groq", new Uri("https://other.example.com/v1"), "OTHER_KEY"));
    }

    [Fact]
    public void OpenAIEndpointVariable_OverridesTheDefault_ButNotTheOptions()
    {
        var preset = Providers.Isolated(OpenAIPresets.OpenAI, out _, out var endpointVariable);
        Environment.SetEnvironmentVariable(endpointVariable, "http://proxy.internal:8080/v1/");
        try
        {
            var fromVariable = new OpenAIProvider(preset, new OpenAIProviderOptions { ApiKey = "k" });
            var fromOptions = new OpenAIProvider(preset, new OpenAIProviderOptions { ApiKey = "k", Endpoint = new Uri("https://gateway.example.com/openai/v1") });
            var fromDefault = new OpenAIProvider(OpenAIPresets.OpenAI with { EndpointVariable = null }, new OpenAIProviderOptions { ApiKey = "k" });

            Assert.Equal(new Uri("http://proxy.internal:8080/v1"), fromVariable.Endpoint);
            Assert.Equal(new Uri("https://gateway.example.com/openai/v1"), fromOptions.Endpoint);
            Assert.Equal(new Uri("https://api.openai.com/v1"), fromDefault.Endpoint);
        }
        finally
        {
            Environment.SetEnvironmentVariable(endpointVariable, null);
        }
    }

    [Fact]
    public void Endpoint_NotAnHttpUrl_IsUnconfiguredWithAReason()
    {
        var preset = Providers.Isolated(OpenAIPresets.Groq, out _, out var endpointVariable);
        Environment.SetEnvironmentVariable(endpointVariable, "not a url");
        try
        {
            var provider = new OpenAIProvider(preset, new OpenAIProviderOptions { ApiKey = "k" });

            Assert.False(provider.IsConfigured);
            Assert.Contains(endpointVariable, provider.NotConfiguredReason, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(endpointVariable, null);
        }
    }

    [Fact]
    public void Options_ToString_MasksTheKey()
    {
        var options = new OpenAIProviderOptions { ApiKey = Providers.TestKey, Endpoint = new Uri("https://api.openai.com/v1") };

        var text = options.ToString();

        Assert.DoesNotContain(Providers.TestKey, text, StringComparison.Ordinal);
        Assert.Contains("sk-…WXYZ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_ListsModels()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(200, """{"object":"list","data":[{"id":"gpt-4o-mini","object":"model","created":1,"owned_by":"system"},{"id":"gpt-4o","object":"model"}]}""");
        var provider = Providers.Create(server);

        var health = await provider.CheckHealthAsync();

        Assert.True(health.IsHealthy, health.Detail);
        Assert.Contains("2 model(s)", health.Detail, StringComparison.Ordinal);
        Assert.NotNull(health.Latency);
        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/models", request.Path);
        Assert.Equal($"Bearer {Providers.TestKey}", request.Headers["Authorization"]);
    }

    [Fact]
    public async Task CheckHealthAsync_KeyRejected_IsUnhealthyWithoutTheKey()
    {
        await using var server = new LoopbackHttpServer();
        var (status, body, _) = Wire.OpenAIError(401);
        server.Respond(status, body);
        var provider = Providers.Create(server);

        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.StartsWith("Authentication:", health.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Providers.TestKey, health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_HostWithoutModelsList_IsReachable()
    {
        await using var server = new LoopbackHttpServer();
        server.Respond(404, """{"detail":"Not Found"}""");
        var provider = Providers.Create(server, OpenAIPresets.Perplexity);

        var health = await provider.CheckHealthAsync();

        Assert.True(health.IsHealthy);
        Assert.Contains("no /models list", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_NoAnswerWithinTheHealthTimeout_IsUnhealthy()
    {
        using var silent = new AcceptOnlyServer();
        var time = new FakeTimeProvider();
        var provider = new OpenAIProvider(OpenAIPresets.OpenAI, new OpenAIProviderOptions { ApiKey = "k", Endpoint = silent.BaseAddress, HealthCheckTimeout = TimeSpan.FromSeconds(3) }, time);

        var check = provider.CheckHealthAsync().AsTask();
        await silent.Accepted.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(4));
        var health = await check.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(health.IsHealthy);
        Assert.Contains("did not answer /models within 3 s", health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_Unconfigured_SaysWhyWithoutCalling()
    {
        var preset = Providers.Isolated(OpenAIPresets.OpenAI, out var variable, out _);
        var provider = new OpenAIProvider(preset, new OpenAIProviderOptions());

        var health = await provider.CheckHealthAsync();

        Assert.False(health.IsHealthy);
        Assert.Contains(variable, health.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckHealthAsync_CancelledByTheCaller_Throws()
    {
        using var silent = new AcceptOnlyServer();
        var provider = new OpenAIProvider(OpenAIPresets.OpenAI, new OpenAIProviderOptions { ApiKey = "k", Endpoint = silent.BaseAddress });
        using var cts = new CancellationTokenSource();

        var check = provider.CheckHealthAsync(cts.Token).AsTask();
        await silent.Accepted.WaitAsync(TimeSpan.FromSeconds(10));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
