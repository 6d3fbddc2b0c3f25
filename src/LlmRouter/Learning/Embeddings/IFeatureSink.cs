namespace LlmRouter;

/// <summary>Receives the hashed features of a text from <see cref="PromptFeatureExtractor"/>.</summary>
internal interface IFeatureSink
{
    /// <summary>Receives one distinct feature: its bucket and its signed, term-frequency-scaled weight.</summary>
    void Add(int bucket, float signedWeight);
}
