namespace LlmRouter.OpenAI;

/// <summary>
/// The one table of OpenAI-compatible hosts: every <c>AddX()</c> registration reads its name, endpoint and key variables from here,
/// and the package README's preset table is checked against it by a test.
/// </summary>
internal static class OpenAIPresets
{
    public static readonly OpenAIPreset OpenAI = new("openai", "OpenAI", new Uri("https://api.openai.com/v1"), ["OPENAI_API_KEY"])
    {
        RegistrationMethod = "AddOpenAI",
        EndpointVariable = "OPENAI_BASE_URL",
    };

    public static readonly OpenAIPreset AzureOpenAI = new("azure-openai", "Azure OpenAI", null, ["AZURE_OPENAI_API_KEY"])
    {
        RegistrationMethod = "AddAzureOpenAI",
        EndpointVariable = "AZURE_OPENAI_ENDPOINT",
        Authentication = OpenAIAuthenticationStyle.ApiKeyHeader,
        EndpointSuffix = "openai/v1/",
    };

    public static readonly OpenAIPreset Groq = Cloud("groq", "Groq", "https://api.groq.com/openai/v1", "AddGroq", "GROQ_API_KEY") with { SupportsEmbeddings = false };

    public static readonly OpenAIPreset Together = Cloud("together", "Together AI", "https://api.together.xyz/v1", "AddTogether", "TOGETHER_API_KEY");

    public static readonly OpenAIPreset DeepSeek = Cloud("deepseek", "DeepSeek", "https://api.deepseek.com/v1", "AddDeepSeek", "DEEPSEEK_API_KEY") with
    {
        SupportsEmbeddings = false,
        SupportsJsonSchema = false,
    };

    public static readonly OpenAIPreset XAI = Cloud("xai", "xAI", "https://api.x.ai/v1", "AddXAI", "XAI_API_KEY") with { SupportsEmbeddings = false };

    public static readonly OpenAIPreset Mistral = Cloud("mistral", "Mistral AI", "https://api.mistral.ai/v1", "AddMistral", "MISTRAL_API_KEY");

    public static readonly OpenAIPreset OpenRouter = Cloud("openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "AddOpenRouter", "OPENROUTER_API_KEY");

    public static readonly OpenAIPreset Fireworks = Cloud("fireworks", "Fireworks AI", "https://api.fireworks.ai/inference/v1", "AddFireworks", "FIREWORKS_API_KEY");

    public static readonly OpenAIPreset Perplexity = Cloud("perplexity", "Perplexity", "https://api.perplexity.ai", "AddPerplexity", "PERPLEXITY_API_KEY") with { SupportsEmbeddings = false };

    public static readonly OpenAIPreset Cerebras = Cloud("cerebras", "Cerebras", "https://api.cerebras.ai/v1", "AddCerebras", "CEREBRAS_API_KEY") with { SupportsEmbeddings = false };

    public static readonly OpenAIPreset DeepInfra = Cloud("deepinfra", "DeepInfra", "https://api.deepinfra.com/v1/openai", "AddDeepInfra", "DEEPINFRA_API_KEY");

    public static readonly OpenAIPreset Cohere = Cloud("cohere", "Cohere (compatibility API)", "https://api.cohere.ai/compatibility/v1", "AddCohere", "COHERE_API_KEY", "CO_API_KEY");

    public static readonly OpenAIPreset Moonshot = Cloud("moonshot", "Moonshot AI (Kimi)", "https://api.moonshot.ai/v1", "AddMoonshot", "MOONSHOT_API_KEY") with { SupportsEmbeddings = false };

    public static readonly OpenAIPreset DashScope = Cloud("dashscope", "Alibaba DashScope (Qwen)", "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", "AddDashScope", "DASHSCOPE_API_KEY");

    public static readonly OpenAIPreset AIsa = Cloud("aisa", "AIsa", "https://api.aisa.one/v1", "AddAIsa", "AISA_API_KEY");

    public static readonly OpenAIPreset SambaNova = Cloud("sambanova", "SambaNova Cloud", "https://api.sambanova.ai/v1", "AddSambaNova", "SAMBANOVA_API_KEY");

    public static readonly OpenAIPreset Nebius = Cloud("nebius", "Nebius AI Studio", "https://api.studio.nebius.com/v1", "AddNebius", "NEBIUS_API_KEY");

    public static readonly OpenAIPreset Novita = Cloud("novita", "Novita AI", "https://api.novita.ai/v3/openai", "AddNovita", "NOVITA_API_KEY");

    public static readonly OpenAIPreset Hyperbolic = Cloud("hyperbolic", "Hyperbolic", "https://api.hyperbolic.xyz/v1", "AddHyperbolic", "HYPERBOLIC_API_KEY") with { SupportsEmbeddings = false };

    public static readonly OpenAIPreset Zai = Cloud("zai", "Z.ai (GLM)", "https://api.z.ai/api/paas/v4", "AddZai", "ZAI_API_KEY");

    public static readonly OpenAIPreset AI21 = Cloud("ai21", "AI21 Labs (Jamba)", "https://api.ai21.com/studio/v1", "AddAI21", "AI21_API_KEY") with { SupportsEmbeddings = false };

    public static readonly OpenAIPreset Vllm = Local("vllm", "vLLM", "http://localhost:8000/v1", "AddVllm", "VLLM_API_KEY") with { EndpointVariable = "VLLM_BASE_URL" };

    public static readonly OpenAIPreset LmStudio = Local("lmstudio", "LM Studio", "http://localhost:1234/v1", "AddLmStudio");

    public static readonly OpenAIPreset LlamaCpp = Local("llamacpp", "llama.cpp server", "http://localhost:8080/v1", "AddLlamaCpp", "LLAMACPP_API_KEY");

    /// <summary>Gets every preset, in README order.</summary>
    public static IReadOnlyList<OpenAIPreset> All { get; } =
    [
        OpenAI, AzureOpenAI, Groq, Together, DeepSeek, XAI, Mistral, OpenRouter, Fireworks, Perplexity, Cerebras, DeepInfra, Cohere, Moonshot,
        DashScope, AIsa, SambaNova, Nebius, Novita, Hyperbolic, Zai, AI21, Vllm, LmStudio, LlamaCpp,
    ];

    /// <summary>Creates the preset behind <c>AddOpenAICompatible</c>: any host, key optional when no variable is named, local when on loopback.</summary>
    public static OpenAIPreset Custom(string name, Uri endpoint, string? apiKeyVariable) =>
        new(name, name, endpoint, apiKeyVariable is null ? [] : [apiKeyVariable])
        {
            RegistrationMethod = "AddOpenAICompatible",
            RequiresApiKey = apiKeyVariable is not null,
            IsLocal = endpoint.IsLoopback,
        };

    private static OpenAIPreset Cloud(string name, string displayName, string endpoint, string method, params string[] keyVariables) =>
        new(name, displayName, new Uri(endpoint), keyVariables) { RegistrationMethod = method };

    private static OpenAIPreset Local(string name, string displayName, string endpoint, string method, params string[] keyVariables) =>
        new(name, displayName, new Uri(endpoint), keyVariables) { RegistrationMethod = method, IsLocal = true, RequiresApiKey = false };
}
