namespace LlmRouter;

/// <summary>What the <c>smart</c> strategy predicts of one model for one prompt, from the outcomes of similar prompts.</summary>
/// <param name="Model">The model.</param>
/// <param name="Quality">The predicted quality, 0–1: neighbours' outcomes weighted by similarity, shrunk toward the model's mean.</param>
/// <param name="OutputTokens">The predicted answer length in tokens.</param>
/// <param name="Evidence">The similarity weight the neighbours carried (0: the prediction is the model's mean alone).</param>
/// <param name="HasOutcomes">Whether any outcome of the model is recorded at all.</param>
/// <param name="LengthsRecorded">Whether any outcome of the model recorded its answer length (else <paramref name="OutputTokens"/> is an assumption).</param>
internal readonly record struct ModelPrediction(ModelDescriptor Model, double Quality, double OutputTokens, double Evidence, bool HasOutcomes, bool LengthsRecorded = false);
