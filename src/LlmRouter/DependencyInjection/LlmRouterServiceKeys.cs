namespace LlmRouter;

/// <summary>The keys of LlmRouter's keyed services.</summary>
public static class LlmRouterServiceKeys
{
    /// <summary>
    /// The key of the <see cref="Microsoft.Extensions.AI.IEmbeddingGenerator{TInput, TEmbedding}"/> (string → float) the <c>smart</c>
    /// strategy embeds prompts with. The default is <see cref="HashingEmbeddingGenerator"/>, which needs no model; register your
    /// own under this key (before or after <c>AddLlmRouter()</c>) to use a semantic embedder.
    /// </summary>
    public const string RoutingEmbeddings = "llmrouter.routing-embeddings";
}
