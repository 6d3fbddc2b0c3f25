namespace LlmRouter;

/// <summary>Answer lengths predicted by the <see cref="OutcomeIndex"/> (the <c>smart</c> strategy's memory), for the <c>cost</c> strategy.</summary>
/// <remarks>Says nothing (and costs nothing) until an outcome with an answer length has been recorded.</remarks>
internal sealed class OutcomeLengthPredictor : IOutputLengthPredictor
{
    private readonly Lazy<OutcomeIndex> _index;

    /// <param name="index">The outcome index, created on first use.</param>
    public OutcomeLengthPredictor(Lazy<OutcomeIndex> index) => _index = index;

    public ValueTask<double[]?> PredictAsync(RoutingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var index = _index.Value;
        var catchingUp = index.CatchUpAsync(cancellationToken);
        return catchingUp.IsCompletedSuccessfully && !index.HasAnswerLengths ? new((double[]?)null) : PredictCoreAsync(index, catchingUp, request, cancellationToken);
    }

    private static async ValueTask<double[]?> PredictCoreAsync(OutcomeIndex index, ValueTask catchingUp, RoutingRequest request, CancellationToken cancellationToken)
    {
        await catchingUp.ConfigureAwait(false);
        if (!index.HasAnswerLengths)
        {
            return null;
        }

        var predictions = await index.PredictAsync(SmartRoutingStrategy.PromptOf(request.Messages), request.Candidates, cancellationToken).ConfigureAwait(false);
        var lengths = new double[predictions.Length];
        for (var i = 0; i < predictions.Length; i++)
        {
            // A model without recorded lengths keeps the strategy's assumption; a request's MaxOutputTokens caps any prediction.
            var model = predictions[i].Model;
            var assumed = RoutingCost.ExpectedOutputTokens(model, request.Options);
            lengths[i] = predictions[i].LengthsRecorded ? Math.Min(predictions[i].OutputTokens, request.Options?.MaxOutputTokens ?? double.MaxValue) : assumed;
        }

        return lengths;
    }
}
