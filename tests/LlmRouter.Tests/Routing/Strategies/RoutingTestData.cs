namespace LlmRouter.Tests.Routing.Strategies;

/// <summary>Builds models and routing requests for strategy tests, independent of the built-in catalog.</summary>
internal static class RoutingTestData
{
    public static ModelDescriptor Model(string key, ModelTier tier, decimal inputPerMillion = 1m, decimal outputPerMillion = 1m, int maxOutputTokens = 0, int contextWindow = 0)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return new ModelDescriptor(key[..slash], key[(slash + 1)..], tier)
        {
            Pricing = new ModelPricing(inputPerMillion, outputPerMillion),
            MaxOutputTokens = maxOutputTokens,
            ContextWindow = contextWindow,
        };
    }

    public static ModelDescriptor Local(string key) => Model(key, ModelTier.Local, 0m, 0m);

    public static RoutingRequest Request(
        IReadOnlyList<ModelDescriptor> candidates,
        RoutingHints? hints = null,
        ChatOptions? options = null,
        int estimatedInputTokens = 1_000,
        bool localFirst = false,
        string prompt = "Hello") =>
        new([new ChatMessage(ChatRole.User, prompt)], options, candidates, estimatedInputTokens, hints) { LocalFirst = localFirst };

    public static string[] Keys(RoutePlan plan)
    {
        var keys = new string[plan.Models.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = plan.Models[i].Key;
        }

        return keys;
    }
}
