namespace LlmRouter;

/// <summary>Predicts how long each candidate's answer to a request will be, from recorded outcomes, so that strategies price candidates by it.</summary>
internal interface IOutputLengthPredictor
{
    /// <summary>Predicts each candidate's answer length.</summary>
    /// <param name="request">The request; predictions follow the order of its candidates.</param>
    /// <param name="cancellationToken">Cancels the prediction.</param>
    /// <returns>Output tokens per candidate, or <see langword="null"/> when no recorded outcome says anything about lengths
    /// (then strategies assume <see cref="RoutingCost.ExpectedOutputTokens"/>).</returns>
    ValueTask<double[]?> PredictAsync(RoutingRequest request, CancellationToken cancellationToken);
}
