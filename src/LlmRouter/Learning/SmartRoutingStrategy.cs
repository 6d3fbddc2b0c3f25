using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace LlmRouter;

/// <summary>
/// Cost-quality routing (DESIGN §4, after ECCOS and the AIOS LLM kernel): predicts each candidate's quality and answer
/// length for this prompt from the recorded outcomes of similar prompts (<see cref="OutcomeIndex"/>), prices each
/// candidate with its predicted length, and chooses the cheapest whose predicted quality meets the target
/// (<see cref="RoutingHints.QualityTarget"/>, else <see cref="SmartRoutingOptions.QualityTarget"/>) as a share of the best
/// candidate's prediction. The rest of the plan follows by predicted quality per dollar; models without outcomes come last,
/// in the order the <c>complexity</c> strategy gives them. With no outcomes for any candidate it plans as
/// <c>complexity</c> does, so a fresh install is never worse than the default.
/// </summary>
internal sealed class SmartRoutingStrategy : IRoutingStrategy
{
    private readonly Lazy<OutcomeIndex> _index;
    private readonly ComplexityRoutingStrategy _complexity;
    private readonly IOptions<LlmRouterOptions> _options;

    /// <param name="index">The outcome index, created on first use (so that creating the strategy reads no options).</param>
    /// <param name="classifier">The classifier the cold-start plan uses.</param>
    /// <param name="options">The router's options (the default quality target).</param>
    public SmartRoutingStrategy(Lazy<OutcomeIndex> index, IComplexityClassifier classifier, IOptions<LlmRouterOptions> options)
    {
        _index = index;
        _complexity = new ComplexityRoutingStrategy(classifier);
        _options = options;
    }

    public string Name => RoutingStrategyNames.Smart;

    public async ValueTask<RoutePlan> PlanAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var candidates = request.Candidates;
        if (candidates.Count == 0)
        {
            return RoutePlans.NoCandidates(Name);
        }

        var index = _index.Value;
        await index.CatchUpAsync(cancellationToken).ConfigureAwait(false);
        if (!candidates.Any(index.HasOutcomes))
        {
            // Cold start: nothing to predict from, so no prompt is embedded or searched.
            var cold = await _complexity.PlanAsync(request, cancellationToken).ConfigureAwait(false);
            return cold with { Strategy = Name, Reason = $"{Name}: no outcomes recorded for these models yet, so as {cold.Reason}" };
        }

        var predictions = await index.PredictAsync(PromptOf(request.Messages), candidates, cancellationToken).ConfigureAwait(false);
        var known = predictions.Where(p => p.HasOutcomes).ToArray();

        // The target is relative to the best prediction for this prompt: where every model is predicted to do badly, paying
        // for the dearest buys little, so the cheap one that is nearly as good is taken. (An absolute target sends such
        // prompts to the dearest model for nothing: APGR 0.57 against 0.68 on a held-out part of the RouteLLM outcomes.)
        var target = request.Hints.QualityTarget ?? _options.Value.Smart.QualityTarget;
        var best = known.Max(p => p.Quality);
        var costs = known.ToDictionary<ModelPrediction, ModelDescriptor, decimal>(p => p.Model, p => Cost(p, request), ReferenceEqualityComparer.Instance);
        var chosen = known.Where(p => p.Quality >= target * best).OrderBy(p => costs[p.Model]).ThenByDescending(p => p.Quality).First();
        var rest = known.Where(p => !ReferenceEquals(p.Model, chosen.Model))
            .OrderByDescending(p => p.Quality / Math.Max((double)costs[p.Model], 1e-12))
            .Select(p => p.Model);
        var models = new List<ModelDescriptor>(candidates.Count) { chosen.Model };
        models.AddRange(rest);
        if (models.Count < candidates.Count)
        {
            // Models without outcomes follow, in the order the complexity strategy gives them.
            var unknown = await _complexity.PlanAsync(request, cancellationToken).ConfigureAwait(false);
            models.AddRange(unknown.Models.Where(m => !costs.ContainsKey(m)));
        }

        return new RoutePlan(models, Name, Explain(target, best, chosen, known, costs));
    }

    /// <summary>The text the prediction is made for: the last user message (the question), else everything.</summary>
    internal static string PromptOf(IReadOnlyList<ChatMessage> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == ChatRole.User && messages[i].Text is { Length: > 0 } text)
            {
                return text;
            }
        }

        return string.Join("\n", messages.Select(m => m.Text));
    }

    private static decimal Cost(ModelPrediction prediction, RoutingRequest request) =>
        prediction.Model.Pricing.CalculateCost(request.EstimatedInputTokens, (long)Math.Ceiling(prediction.OutputTokens));

    private string Explain(double target, double best, ModelPrediction chosen, ModelPrediction[] known, Dictionary<ModelDescriptor, decimal> costs)
    {
        // smart: target 0.80 of the best (0.91) → lab/weak (predicted 0.86, ~120 tokens, $0.00007), the cheapest predicted to
        // reach 0.73; runner-up lab/strong (0.91, $0.0040); evidence 3.1 from similar prompts
        var text = new StringBuilder(192);
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"{Name}: target {target:0.00} of the best ({best:0.00}) → {chosen.Model.Key} (predicted {chosen.Quality:0.00}, ~{chosen.OutputTokens:0} tokens, ${costs[chosen.Model]:0.########})");
        text.Append(invariant, $", the cheapest predicted to reach {target * best:0.00}");
        var runnerUp = known.Where(p => !ReferenceEquals(p.Model, chosen.Model)).OrderByDescending(p => p.Quality).FirstOrDefault();
        if (runnerUp.Model is not null)
        {
            text.Append(invariant, $"; runner-up {runnerUp.Model.Key} ({runnerUp.Quality:0.00}, ${costs[runnerUp.Model]:0.########})");
        }

        if (chosen.Evidence > 0)
        {
            text.Append(invariant, $"; evidence {chosen.Evidence:0.0} from similar prompts");
        }
        else
        {
            text.Append("; nothing recorded is similar, so each model is predicted by its mean");
        }
        return text.ToString();
    }
}
