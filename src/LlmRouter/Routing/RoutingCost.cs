using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>Expected and worst-case cost of a request on a model. (Temporary; replaced by the strategies branch.)</summary>
internal static class RoutingCost
{
    public const int DefaultExpectedOutputTokens = 512;

    public static decimal ExpectedCost(ModelDescriptor model, int inputTokens, ChatOptions? options) =>
        model.Pricing.CalculateCost(inputTokens, Math.Min(options?.MaxOutputTokens ?? DefaultExpectedOutputTokens, DefaultExpectedOutputTokens));

    public static decimal WorstCaseCost(ModelDescriptor model, int inputTokens, ChatOptions? options)
    {
        var maxOut = options?.MaxOutputTokens ?? (model.MaxOutputTokens > 0 ? model.MaxOutputTokens : 4096);
        return model.Pricing.CalculateCost(inputTokens, maxOut);
    }
}
