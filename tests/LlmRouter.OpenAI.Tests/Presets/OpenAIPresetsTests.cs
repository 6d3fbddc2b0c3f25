using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace LlmRouter.OpenAI.Tests.Presets;

/// <summary>Every preset registers under the right name, endpoint and key variable, and the README's table says the same.</summary>
public class OpenAIPresetsTests
{
    public static TheoryData<string, string, string?, string, bool> Expected() => new()
    {
        // method, name, endpoint (null: required), first key variable, local
        { "AddOpenAI", "openai", "https://api.openai.com/v1", "OPENAI_API_KEY", false },
        { "AddAzureOpenAI", "azure-openai", null, "AZURE_OPENAI_API_KEY", false },
        { "AddGroq", "groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY", false },
        { "AddTogether", "together", "https://api.together.xyz/v1", "TOGETHER_API_KEY", false },
        { "AddDeepSeek", "deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY", false },
        { "AddXAI", "xai", "https://api.x.ai/v1", "XAI_API_KEY", false },
        { "AddMistral", "mistral", "https://api.mistral.ai/v1", "MISTRAL_API_KEY", false },
        { "AddOpenRouter", "openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY", false },
        { "AddFireworks", "fireworks", "https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY", false },
        { "AddPerplexity", "perplexity", "https://api.perplexity.ai", "PERPLEXITY_API_KEY", false },
        { "AddCerebras", "cerebras", "https://api.cerebras.ai/v1", "CEREBRAS_API_KEY", false },
        { "AddDeepInfra", "deepinfra", "https://api.deepinfra.com/v1/openai", "DEEPINFRA_API_KEY", false },
        { "AddCohere", "cohere", "https://api.cohere.ai/compatibility/v1", "COHERE_API_KEY", false },
        { "AddMoonshot", "moonshot", "https://api.moonshot.ai/v1", "MOONSHOT_API_KEY", false },
        { "AddDashScope", "dashscope", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "DASHSCOPE_API_KEY", false },
        { "AddAIsa", "aisa", "https://api.aisa.one/v1", "AISA_API_KEY", false },
        { "AddSambaNova", "sambanova", "https://api.sambanova.ai/v1", "SAMBANOVA_API_KEY", false },
        { "AddNebius", "nebius", "https://api.studio.nebius.com/v1", "NEBIUS_API_KEY", false },
        { "AddNovita", "novita", "https://api.novita.ai/v3/openai", "NOVITA_API_KEY", false },
        { "AddHyperbolic", "hyperbolic", "https://api.hyperbolic.xyz/v1", "HYPERBOLIC_API_KEY", false },
        { "AddZai", "zai", "https://api.z.ai/api/paas/v4", "ZAI_API_KEY", false },
        { "AddAI21", "ai21", "https://api.ai21.com/studio/v1", "AI21_API_KEY", false },
        { "AddVllm", "vllm", "http://localhost:8000/v1", "VLLM_API_KEY", true },
        { "AddLmStudio", "lmstudio", "http://localhost:1234/v1", "", true },
        { "AddLlamaCpp", "llamacpp", "http://localhost:8080/v1", "LLAMACPP_API_KEY", true },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void AddX_RegistersThePresetWithItsNameEndpointAndKeyVariable(string method, string name, string? endpoint, string keyVariable, bool local)
    {
        var services = new ServiceCollection();
        var builder = services.AddLlmRouter();
        Invoke(method, builder, (Action<OpenAIProviderOptions>)(o =>
        {
            o.ApiKey = "k";
            if (endpoint is null)
            {
                o.Endpoint = new Uri("https://res.openai.azure.com/");
            }
        }));
        using var sp = services.BuildServiceProvider();

        var provider = Assert.IsAssignableFrom<OpenAIProvider>(Assert.Single(sp.GetServices<ILlmProvider>()));

        Assert.Equal(name, provider.Name);
        Assert.Equal(local, provider.IsLocal);
        Assert.Equal(local, provider is IModelDiscovery);
        Assert.True(provider.IsConfigured);
        Assert.Equal(keyVariable, provider.Preset.ApiKeyVariables.FirstOrDefault() ?? string.Empty);
        Assert.Equal(method, provider.Preset.RegistrationMethod);
        if (endpoint is null)
        {
            Assert.Null(provider.Preset.DefaultEndpoint);
            Assert.Equal(new Uri("https://res.openai.azure.com/openai/v1"), provider.Endpoint);
        }
        else if (provider.Preset.EndpointVariable is not { } variable || Environment.GetEnvironmentVariable(variable) is null)
        {
            Assert.Equal(new Uri(endpoint), provider.Endpoint);
        }
    }

    [Fact]
    public void Expected_CoversEveryPreset()
    {
        var expected = Expected().Select(row => (string)row[1]).ToHashSet();

        Assert.Equal(expected.Order(), OpenAIPresets.All.Select(p => p.Name).Order());
        Assert.Equal(OpenAIPresets.All.Count, OpenAIPresets.All.Select(p => p.Name).Distinct().Count());
    }

    [Fact]
    public void EveryPreset_HasItsPublicRegistrationMethod()
    {
        foreach (var preset in OpenAIPresets.All)
        {
            var method = typeof(OpenAILlmRouterBuilderExtensions).GetMethod(preset.RegistrationMethod, [typeof(ILlmRouterBuilder), typeof(Action<OpenAIProviderOptions>)]);
            Assert.True(method is not null, $"{preset.Name}: no {preset.RegistrationMethod}(ILlmRouterBuilder, Action<OpenAIProviderOptions>?)");
        }
    }

    [Fact]
    public void CloudPresets_WithoutKey_NameTheirVariablesInTheReason()
    {
        foreach (var preset in OpenAIPresets.All.Where(p => p.RequiresApiKey))
        {
            if (preset.ApiKeyVariables.Any(v => Environment.GetEnvironmentVariable(v) is not null))
            {
                continue; // a real key is set on this machine
            }

            var provider = new OpenAIProvider(preset, new OpenAIProviderOptions { Endpoint = new Uri("https://example.com/v1") });

            Assert.False(provider.IsConfigured);
            Assert.Equal($"no API key: set {string.Join(" or ", preset.ApiKeyVariables)} or LlmRouter:Providers:{preset.Name}:ApiKey", provider.NotConfiguredReason);
        }
    }

    [Fact]
    public void EveryCatalogProviderServedByThisPackage_HasAPreset()
    {
        string[] others = ["anthropic", "gemini", "ollama", "bedrock"];
        var catalogProviders = ModelCatalog.Default.Models.Select(m => m.Provider).Distinct().Except(others);

        Assert.Empty(catalogProviders.Except(OpenAIPresets.All.Select(p => p.Name)));
    }

    [Theory]
    [InlineData("src/LlmRouter.OpenAI/README.md")]
    [InlineData("README.md")]
    public void Readme_PresetTable_MatchesTheCode(string readmePath)
    {
        var readme = File.ReadAllLines(FindReadme(readmePath));
        foreach (var preset in OpenAIPresets.All)
        {
            var row = readme.SingleOrDefault(l => l.StartsWith($"| `{preset.RegistrationMethod}()` | `{preset.Name}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"README has no row for {preset.RegistrationMethod}() / {preset.Name}");
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            var (endpoint, keys, endpointVariable, notes) = (cells[3], cells[4], cells[5], cells[6]);

            if (preset.DefaultEndpoint is { } defaultEndpoint)
            {
                Assert.Equal(defaultEndpoint.ToString().TrimEnd('/'), endpoint);
            }
            else
            {
                Assert.StartsWith("*required*", endpoint, StringComparison.Ordinal);
            }

            Assert.Equal(preset.ApiKeyVariables.Count == 0 ? "none" : string.Join(", then ", preset.ApiKeyVariables.Select(v => $"`{v}`")) + (preset.RequiresApiKey ? string.Empty : " (optional)"), keys);
            Assert.Equal(preset.EndpointVariable is null ? string.Empty : $"`{preset.EndpointVariable}`", endpointVariable);
            Assert.Equal(!preset.SupportsEmbeddings, notes.Contains("no embeddings", StringComparison.Ordinal));
            Assert.Equal(!preset.SupportsJsonSchema, notes.Contains("no `json_schema`", StringComparison.Ordinal));
            Assert.Equal(preset.IsLocal, notes.StartsWith("local", StringComparison.Ordinal));
        }

        var rows = readme.Count(l => l.StartsWith("| `Add", StringComparison.Ordinal) && l.Contains("()` |", StringComparison.Ordinal));
        Assert.Equal(OpenAIPresets.All.Count, rows);
    }

    [Fact]
    public void Readme_FeaturedModels_AreInTheCatalog()
    {
        var text = File.ReadAllText(FindReadme("src/LlmRouter.OpenAI/README.md"));
        var section = text[text.IndexOf("## Featured models", StringComparison.Ordinal)..text.IndexOf("## What you get", StringComparison.Ordinal)];
        var keys = System.Text.RegularExpressions.Regex.Matches(section, "`([a-z0-9-]+/[^`]+)`").Select(m => m.Groups[1].Value).ToArray();

        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.True(ModelCatalog.Default.TryResolve(key, out var model) && model.Key == key, $"{key} is not in the catalog");
        }
    }

    private static void Invoke(string method, ILlmRouterBuilder builder, Action<OpenAIProviderOptions> configure)
    {
        var info = typeof(OpenAILlmRouterBuilderExtensions).GetMethod(method, BindingFlags.Public | BindingFlags.Static, [typeof(ILlmRouterBuilder), typeof(Action<OpenAIProviderOptions>)])
            ?? throw new InvalidOperationException($"no {method}");
        info.Invoke(null, [builder, configure]);
    }

    private static string FindReadme(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            // The repository root is the folder with LlmRouter.sln; its README and the package's both carry the preset table.
            if (File.Exists(Path.Combine(dir.FullName, "LlmRouter.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new FileNotFoundException($"{relative} not found: no LlmRouter.sln above the test output folder.");
    }
}
