namespace LlmRouter;

/// <summary>
/// What "similar" means for the recorded prompts, measured on the prompts themselves so that it holds for any embedder:
/// the <see cref="Floor"/> is the similarity two unrelated recorded prompts typically share (the median over sampled pairs:
/// common words, character n-grams, a shared format), and <see cref="MinEvidence"/> is a share of the evidence a recorded
/// prompt typically finds among the others (leave-one-out, median over a sample). A prompt that finds less evidence than that
/// is unlike anything recorded, so its predictions are the models' means alone: every such prompt is predicted alike and
/// routed no worse than at random, rather than by the accidents of loose neighbours.
/// </summary>
/// <param name="Floor">Similarity at or below which a neighbour says nothing.</param>
/// <param name="MinEvidence">The least total neighbour weight a prediction leaves the models' means for.</param>
/// <param name="Prompts">How many recorded prompts it was measured on.</param>
internal sealed record NeighbourhoodCalibration(double Floor, double MinEvidence, int Prompts)
{
    private const int MaxSampledPrompts = 256;
    private const int MinSampledPrompts = 32;
    private const long ScannedPromptsBudget = 4_000_000;
    private const int PairsPerPrompt = 16;

    /// <summary>The calibration before enough prompts are recorded to measure one: the settings' floor, no evidence gate.</summary>
    public static NeighbourhoodCalibration Uncalibrated(SmartRoutingSettings settings) => new(settings.MinSimilarity, 0, 0);

    /// <summary>Tells whether the recorded prompts have grown enough since this calibration to measure a new one.</summary>
    public bool IsStale(int prompts, SmartRoutingSettings settings) =>
        prompts >= settings.CalibrationPrompts && prompts >= Prompts + (Prompts / 4);

    /// <summary>Measures the calibration on a deterministic sample of the recorded prompts.</summary>
    /// <param name="count">How many prompts are recorded.</param>
    /// <param name="similarity">The cosine similarity of two recorded prompts (by row).</param>
    /// <param name="evidenceOf">The evidence a recorded prompt (by row) finds among the others, given a floor.</param>
    /// <param name="settings">The strategy's settings.</param>
    public static NeighbourhoodCalibration Measure(int count, Func<int, int, float> similarity, Func<int, double, double> evidenceOf, SmartRoutingSettings settings)
    {
        // Each sampled prompt costs one search over every recorded prompt: the sample shrinks as the store grows, so that a
        // calibration reads about as many vectors as 256 searches of 16,000 prompts (about 0.1 s here) and never fewer than 32 prompts.
        var sample = (int)Math.Min(count, Math.Clamp(ScannedPromptsBudget / count, MinSampledPrompts, MaxSampledPrompts));
        var stride = Math.Max(1, count / sample);
        var random = new Random(count); // deterministic for a given store
        var pairs = new List<double>(sample * PairsPerPrompt);
        for (var i = 0; i < sample; i++)
        {
            var row = i * stride;
            for (var p = 0; p < PairsPerPrompt; p++)
            {
                var other = random.Next(count);
                if (other != row)
                {
                    pairs.Add(similarity(row, other));
                }
            }
        }

        var floor = Math.Max(0, Median(pairs));
        var evidence = new List<double>(sample);
        for (var i = 0; i < sample; i++)
        {
            evidence.Add(evidenceOf(i * stride, floor));
        }

        return new NeighbourhoodCalibration(floor, settings.EvidenceShare * Median(evidence), count);
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values[values.Count / 2];
    }
}
