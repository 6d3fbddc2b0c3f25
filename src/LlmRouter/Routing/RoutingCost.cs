using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>What a request is expected to cost, and could cost at worst, on a model: used by strategies and by the router's <see cref="RoutingHints.MaxCost"/> check.</summary>
/// <remarks>
/// <para>Expected output: <see cref="ChatOptions.MaxOutputTokens"/> when set, otherwise <see cref="DefaultExpectedOutputTokens"/> (512),
/// never more than the model's <see cref="ModelDescriptor.MaxOutputTokens"/> when that is known.</para>
/// <para>Worst-case output: <see cref="ChatOptions.MaxOutputTokens"/> when set, otherwise the model's
/// <see cref="ModelDescriptor.MaxOutputTokens"/>; never more than the model's maximum or than what is left of its context
/// window after the input, when those are known. When neither limit is known, <see cref="UnknownWorstCaseOutputTokens"/> (8,192).</para>
/// <para>Prices come from <see cref="ModelDescriptor.Pricing"/> as they are (local models are usually <see cref="ModelPricing.Free"/>); cached input is not assumed.</para>
/// </remarks>
internal static class RoutingCost
{
    /// <summary>The output assumed when the request does not limit it: a typical answer's length.</summary>
    public const int DefaultExpectedOutputTokens = 512;

    /// <summary>The worst-case output assumed when neither the request nor the model limits it.</summary>
    public const int UnknownWorstCaseOutputTokens = 8_192;

    /// <summary>Gets the output tokens a request is expected to produce on a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The expected output tokens.</returns>
    public static long ExpectedOutputTokens(ModelDescriptor model, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        long output = options?.MaxOutputTokens is int requested && requested > 0 ? requested : DefaultExpectedOutputTokens;
        return model.MaxOutputTokens > 0 ? Math.Min(output, model.MaxOutputTokens) : output;
    }

    /// <summary>Gets the most output tokens a request could produce on a model.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The estimated input tokens.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The worst-case output tokens.</returns>
    public static long WorstCaseOutputTokens(ModelDescriptor model, int inputTokens, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(model);
        long output = options?.MaxOutputTokens is int requested && requested > 0 ? requested : model.MaxOutputTokens;
        if (model.MaxOutputTokens > 0 && output > model.MaxOutputTokens)
        {
            output = model.MaxOutputTokens;
        }

        if (model.ContextWindow > 0)
        {
            var left = Math.Max(0L, (long)model.ContextWindow - Math.Max(0, inputTokens));
            output = output > 0 ? Math.Min(output, left) : left;
        }

        return output > 0 || model.ContextWindow > 0 ? output : UnknownWorstCaseOutputTokens;
    }

    /// <summary>Gets what a request is expected to cost on a model in USD: estimated input at the input price plus expected output at the output price.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The estimated input tokens.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The expected cost in USD.</returns>
    public static decimal ExpectedCost(ModelDescriptor model, int inputTokens, ChatOptions? options) =>
        model.Pricing.CalculateCost(inputTokens, ExpectedOutputTokens(model, options));

    /// <summary>Gets <see cref="ExpectedCost"/> in millionths of a USD as a <see cref="double"/>: cheap enough to rank every candidate of every request.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The estimated input tokens.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The expected cost in micro-USD, within floating-point rounding.</returns>
    public static double ExpectedCostMicros(ModelDescriptor model, int inputTokens, ChatOptions? options) =>
        ExpectedCostMicros(model, inputTokens, (double)ExpectedOutputTokens(model, options));

    /// <summary>The expected cost in micro-dollars for a known (predicted) answer length; for ranking only.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The estimated prompt size.</param>
    /// <param name="outputTokens">The predicted answer length.</param>
    /// <returns>USD × 1,000,000, as a double.</returns>
    public static double ExpectedCostMicros(ModelDescriptor model, int inputTokens, double outputTokens)
    {
        var pricing = model.Pricing;
        return ((double)pricing.InputPerMillion * Math.Max(0, inputTokens)) + ((double)pricing.OutputPerMillion * Math.Max(0, outputTokens));
    }

    /// <summary>Gets what a request could cost at most on a model in USD: estimated input plus worst-case output.</summary>
    /// <param name="model">The model.</param>
    /// <param name="inputTokens">The estimated input tokens.</param>
    /// <param name="options">The request's options.</param>
    /// <returns>The worst-case cost in USD.</returns>
    public static decimal WorstCaseCost(ModelDescriptor model, int inputTokens, ChatOptions? options) =>
        model.Pricing.CalculateCost(inputTokens, WorstCaseOutputTokens(model, inputTokens, options));
}
