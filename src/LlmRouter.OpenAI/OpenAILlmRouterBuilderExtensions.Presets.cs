using LlmRouter.OpenAI;

namespace Microsoft.Extensions.DependencyInjection;

/// <content>The presets for OpenAI-compatible hosts, one method each; the table behind them is <c>OpenAIPresets</c>.</content>
public static partial class OpenAILlmRouterBuilderExtensions
{
    /// <summary>Adds Groq (<c>groq</c>, https://api.groq.com/openai/v1): key from <c>GROQ_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddGroq(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Groq, configure);

    /// <summary>Adds Together AI (<c>together</c>, https://api.together.xyz/v1): key from <c>TOGETHER_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddTogether(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Together, configure);

    /// <summary>Adds DeepSeek (<c>deepseek</c>, https://api.deepseek.com/v1): key from <c>DEEPSEEK_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddDeepSeek(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.DeepSeek, configure);

    /// <summary>Adds xAI (<c>xai</c>, https://api.x.ai/v1): key from <c>XAI_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddXAI(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.XAI, configure);

    /// <summary>Adds Mistral AI (<c>mistral</c>, https://api.mistral.ai/v1): key from <c>MISTRAL_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddMistral(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Mistral, configure);

    /// <summary>Adds OpenRouter (<c>openrouter</c>, https://openrouter.ai/api/v1): key from <c>OPENROUTER_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddOpenRouter(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.OpenRouter, configure);

    /// <summary>Adds Fireworks AI (<c>fireworks</c>, https://api.fireworks.ai/inference/v1): key from <c>FIREWORKS_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddFireworks(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Fireworks, configure);

    /// <summary>Adds Perplexity (<c>perplexity</c>, https://api.perplexity.ai): key from <c>PERPLEXITY_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddPerplexity(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Perplexity, configure);

    /// <summary>Adds Cerebras (<c>cerebras</c>, https://api.cerebras.ai/v1): key from <c>CEREBRAS_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddCerebras(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Cerebras, configure);

    /// <summary>Adds DeepInfra (<c>deepinfra</c>, https://api.deepinfra.com/v1/openai): key from <c>DEEPINFRA_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddDeepInfra(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.DeepInfra, configure);

    /// <summary>Adds Cohere through its compatibility API (<c>cohere</c>, https://api.cohere.ai/compatibility/v1): key from <c>COHERE_API_KEY</c> then <c>CO_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddCohere(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Cohere, configure);

    /// <summary>Adds Moonshot AI Kimi (<c>moonshot</c>, https://api.moonshot.ai/v1): key from <c>MOONSHOT_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddMoonshot(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Moonshot, configure);

    /// <summary>Adds Alibaba DashScope for Qwen (<c>dashscope</c>, https://dashscope-intl.aliyuncs.com/compatible-mode/v1): key from <c>DASHSCOPE_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddDashScope(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.DashScope, configure);

    /// <summary>Adds AIsa (<c>aisa</c>, https://api.aisa.one/v1): key from <c>AISA_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddAIsa(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.AIsa, configure);

    /// <summary>Adds SambaNova Cloud (<c>sambanova</c>, https://api.sambanova.ai/v1): key from <c>SAMBANOVA_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddSambaNova(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.SambaNova, configure);

    /// <summary>Adds Nebius AI Studio (<c>nebius</c>, https://api.studio.nebius.com/v1): key from <c>NEBIUS_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddNebius(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Nebius, configure);

    /// <summary>Adds Novita AI (<c>novita</c>, https://api.novita.ai/v3/openai): key from <c>NOVITA_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddNovita(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Novita, configure);

    /// <summary>Adds Hyperbolic (<c>hyperbolic</c>, https://api.hyperbolic.xyz/v1): key from <c>HYPERBOLIC_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddHyperbolic(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Hyperbolic, configure);

    /// <summary>Adds Z.ai GLM (<c>zai</c>, https://api.z.ai/api/paas/v4): key from <c>ZAI_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddZai(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Zai, configure);

    /// <summary>Adds AI21 Labs Jamba (<c>ai21</c>, https://api.ai21.com/studio/v1): key from <c>AI21_API_KEY</c>.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddAI21(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.AI21, configure);

    /// <summary>Adds a local vLLM server (<c>vllm</c>, http://localhost:8000/v1); optional key from <c>VLLM_API_KEY</c>, <c>VLLM_BASE_URL</c> overrides the endpoint; lists its models for the catalog as free local models.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddVllm(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.Vllm, configure);

    /// <summary>Adds a local LM Studio server (<c>lmstudio</c>, http://localhost:1234/v1); no key; lists its models for the catalog as free local models.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddLmStudio(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.LmStudio, configure);

    /// <summary>Adds a local llama.cpp server (<c>llamacpp</c>, http://localhost:8080/v1); optional key from <c>LLAMACPP_API_KEY</c>; lists its models for the catalog as free local models.</summary>
    /// <param name="builder">The router builder.</param>
    /// <param name="configure">Sets options; applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static ILlmRouterBuilder AddLlamaCpp(this ILlmRouterBuilder builder, Action<OpenAIProviderOptions>? configure = null) =>
        Register(builder, OpenAIPresets.LlamaCpp, configure);
}
