namespace LlmRouter;

/// <summary>How the <c>smart</c> strategy weighs its neighbours (internal knobs, tuned on held-out data).</summary>
/// <param name="Neighbours">How many similar recorded prompts a prediction reads.</param>
/// <param name="SimilarityPower">A neighbour weighs its cosine similarity above <paramref name="MinSimilarity"/> to this power, so close ones count far more than loose ones.</param>
/// <param name="Shrinkage">How much weight the model's mean carries against the neighbours (in units of a perfect match's weight).</param>
/// <param name="MinSimilarity">The similarity unrelated prompts share (common words, character n-grams): neighbours at or below it
/// say nothing, so a prompt unlike anything recorded is predicted from the models' means alone.</param>
internal sealed record SmartRoutingSettings(int Neighbours, double SimilarityPower, double Shrinkage, double MinSimilarity)
{
    /// <summary>Gets the settings the strategy ships with.</summary>
    public static SmartRoutingSettings Default { get; } = new(Neighbours: 128, SimilarityPower: 2, Shrinkage: 1, MinSimilarity: 0.05);
}
