namespace LlmRouter;

/// <summary>How the <c>smart</c> strategy weighs its neighbours (internal knobs, chosen by cross-validation on the RouteLLM outcomes).</summary>
/// <param name="Neighbours">How many similar recorded prompts a prediction reads.</param>
/// <param name="SimilarityPower">A neighbour weighs its cosine similarity above the floor to this power, so close ones count far more than loose ones.</param>
/// <param name="Shrinkage">How much weight the model's mean carries against the neighbours (in units of a perfect match's weight).</param>
/// <param name="MinSimilarity">The floor until <see cref="NeighbourhoodCalibration"/> measures one on the recorded prompts.</param>
/// <param name="EvidenceShare">A prompt needs this share of the evidence recorded prompts typically find among each other before
/// its neighbours move a prediction away from the models' means.</param>
/// <param name="CalibrationPrompts">How many prompts must be recorded before the floor and the evidence gate are measured.</param>
/// <param name="SlopeShrinkage">How far a <see cref="LengthSlope"/> is shrunk by its noise: a slope within this many squared
/// standard errors of zero is dropped, a clearer one is kept in part.</param>
internal sealed record SmartRoutingSettings(int Neighbours, double SimilarityPower, double Shrinkage, double MinSimilarity, double EvidenceShare, int CalibrationPrompts, double SlopeShrinkage)
{
    /// <summary>Gets the settings the strategy ships with.</summary>
    public static SmartRoutingSettings Default { get; } =
        new(Neighbours: 128, SimilarityPower: 2, Shrinkage: 1, MinSimilarity: 0.05, EvidenceShare: 0.5, CalibrationPrompts: 100, SlopeShrinkage: 2);
}
