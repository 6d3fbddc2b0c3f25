using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// The <c>smart</c> strategy's memory: the recorded prompts as embeddings in a nearest-neighbour index, each with the
/// outcomes of the models that answered it, plus every model's mean quality and answer length. It follows the outcome
/// store (an append-only log) and ingests what was added since it last looked.
/// </summary>
/// <remarks>Thread-safe: predictions read under a shared lock; ingestion (one at a time) writes under an exclusive one.</remarks>
internal sealed class OutcomeIndex : IDisposable
{
    private const int ShortlistFactor = 8;
    private const int MinShortlist = 512;
    private const int MinCoarseDimensions = 256;
    private const int EvidenceNeighbours = 8;

    private readonly IRoutingOutcomeStore _store;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly SmartRoutingSettings _settings;
    private readonly SemaphoreSlim _ingestGate = new(1, 1);
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, int> _rowByPrompt = new(StringComparer.Ordinal);
    private readonly List<Observation[]> _rows = [];
    private readonly Dictionary<string, ModelTotals> _models = new(StringComparer.OrdinalIgnoreCase);
    private readonly PromptVectors _fine = new();
    private readonly List<float> _logLengths = [];
    private NearestNeighbourIndex? _coarse;
    private NeighbourhoodCalibration _calibration;
    private long _ingested;
    private int _rowCount;
    private bool _hasAnswerLengths;
    private bool _readOnce;

    public OutcomeIndex(IRoutingOutcomeStore store, IEmbeddingGenerator<string, Embedding<float>> embedder, SmartRoutingSettings settings)
    {
        _store = store;
        _embedder = embedder;
        _settings = settings;
        _calibration = NeighbourhoodCalibration.Uncalibrated(settings);
    }

    /// <summary>Gets how many distinct prompts are indexed.</summary>
    public int Prompts
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _rows.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Ingests what the store holds beyond what was indexed; free when nothing was added.</summary>
    /// <remarks>The first call always reads the store, so that a store which loads lazily (from a file) is loaded.</remarks>
    public ValueTask CatchUpAsync(CancellationToken cancellationToken) =>
        !Volatile.Read(ref _readOnce) || _store.Count > Volatile.Read(ref _ingested) ? new ValueTask(IngestAsync(cancellationToken)) : ValueTask.CompletedTask;

    /// <summary>Gets a value indicating whether any indexed outcome recorded its answer length.</summary>
    public bool HasAnswerLengths => Volatile.Read(ref _hasAnswerLengths);

    /// <summary>Tells whether any outcome of a model is indexed.</summary>
    public bool HasOutcomes(ModelDescriptor model)
    {
        _lock.EnterReadLock();
        try
        {
            return _models.ContainsKey(model.Key);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>Predicts each candidate's quality and answer length for a prompt.</summary>
    /// <param name="prompt">The prompt.</param>
    /// <param name="candidates">The models to predict.</param>
    /// <param name="cancellationToken">Cancels embedding the prompt.</param>
    /// <returns>One prediction per candidate, in their order.</returns>
    public async ValueTask<ModelPrediction[]> PredictAsync(string prompt, IReadOnlyList<ModelDescriptor> candidates, CancellationToken cancellationToken)
    {
        var query = Volatile.Read(ref _rowCount) == 0 ? null : await EmbedAsync(prompt, cancellationToken).ConfigureAwait(false);
        var predictions = new ModelPrediction[candidates.Count];
        var neighbours = new Neighbour[_settings.Neighbours];
        var logLength = LengthSlope.LogLength(prompt);
        _lock.EnterReadLock();
        try
        {
            var found = query is null ? 0 : Search(query, neighbours);
            var calibration = _calibration;
            var evidence = Evidence(neighbours.AsSpan(0, found), calibration.Floor, exceptRow: -1);
            if (evidence < calibration.MinEvidence)
            {
                found = 0; // unlike anything recorded: the models' means alone
            }

            for (var c = 0; c < candidates.Count; c++)
            {
                predictions[c] = Predict(candidates[c], neighbours.AsSpan(0, found), calibration.Floor, logLength);
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return predictions;
    }

    public void Dispose()
    {
        _ingestGate.Dispose();
        _lock.Dispose();
    }

    /// <summary>Gets the floor and evidence gate in use (measured on the recorded prompts once there are enough).</summary>
    internal NeighbourhoodCalibration Calibration => Volatile.Read(ref _calibration);

    // q̂ = (Σ wᵢ·qᵢ + β·mean) / (Σ wᵢ + β), with wᵢ = (simᵢ − floor)^γ over the neighbours above the floor that the model
    // answered: close, agreeing neighbours move the prediction away from the model's mean; few or far ones leave it there.
    // A prompt whose neighbours together weigh less than the calibration's evidence gate gets no neighbours at all, so every
    // prompt unlike anything recorded is predicted from the means alone (alike, and so routed no worse than at random).
    // Then the neighbours' LengthSlope, shrunk by its noise, moves q̂ for a prompt longer or shorter than they are.
    private ModelPrediction Predict(ModelDescriptor model, ReadOnlySpan<Neighbour> neighbours, double floor, double logLength)
    {
        if (!_models.TryGetValue(model.Key, out var totals))
        {
            return new ModelPrediction(model, 0, RoutingCost.DefaultExpectedOutputTokens, 0, HasOutcomes: false);
        }

        double weight = 0, quality = 0, tokenWeight = 0, tokens = 0;
        var slope = default(LengthSlope);
        foreach (var neighbour in neighbours)
        {
            if (neighbour.Similarity <= floor)
            {
                break; // neighbours come most similar first
            }

            var w = Math.Pow(neighbour.Similarity - floor, _settings.SimilarityPower);

            foreach (var observation in _rows[neighbour.Payload])
            {
                if (!string.Equals(observation.Model, model.Key, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                weight += w;
                quality += w * observation.MeanQuality;
                slope.Add(w, _logLengths[neighbour.Payload], observation.MeanQuality);
                if (observation.TokenCount > 0)
                {
                    tokenWeight += w;
                    tokens += w * observation.MeanTokens;
                }
            }
        }

        var prior = _settings.Shrinkage;
        var predictedQuality = (quality + (prior * totals.MeanQuality)) / (weight + prior);
        predictedQuality = Math.Clamp(predictedQuality + slope.Adjustment(logLength, _settings.SlopeShrinkage), 0, 1);
        var meanTokens = totals.TokenCount > 0 ? totals.MeanTokens : RoutingCost.DefaultExpectedOutputTokens;
        var predictedTokens = (tokens + (prior * meanTokens)) / (tokenWeight + prior);
        return new ModelPrediction(model, predictedQuality, predictedTokens, weight, HasOutcomes: true, LengthsRecorded: totals.TokenCount > 0);
    }

    private async Task IngestAsync(CancellationToken cancellationToken)
    {
        await _ingestGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var from = Volatile.Read(ref _ingested);
            var added = await _store.ReadAsync(from, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _readOnce, true);
            if (added.Count == 0)
            {
                return;
            }

            // New prompts are embedded outside the lock; the first batch also fits the embedder's term weights.
            var newPrompts = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var outcome in added)
            {
                if (!_rowByPrompt.ContainsKey(outcome.Prompt) && seen.Add(outcome.Prompt))
                {
                    newPrompts.Add(outcome.Prompt);
                }
            }

            if (_rows.Count == 0 && _embedder is HashingEmbeddingGenerator hashing)
            {
                hashing.Fit(newPrompts);
            }

            var embeddings = newPrompts.Count == 0 ? null : await _embedder.GenerateAsync(newPrompts, cancellationToken: cancellationToken).ConfigureAwait(false);
            _lock.EnterWriteLock();
            try
            {
                for (var i = 0; i < newPrompts.Count; i++)
                {
                    var vector = Normalised(embeddings![i].Vector);
                    _coarse ??= new NearestNeighbourIndex(CoarseDimensions(vector.Length));
                    _rowByPrompt[newPrompts[i]] = _rows.Count;
                    _coarse.Add(Fold(vector, _coarse.Dimensions), _rows.Count);
                    _fine.Add(vector);
                    _logLengths.Add((float)LengthSlope.LogLength(newPrompts[i]));
                    _rows.Add([]);
                }

                Volatile.Write(ref _rowCount, _rows.Count);

                foreach (var outcome in added)
                {
                    var row = _rowByPrompt[outcome.Prompt];
                    _rows[row] = Observation.Add(_rows[row], outcome);
                    var totals = _models.GetValueOrDefault(outcome.Model);
                    _models[outcome.Model] = totals.Add(outcome.Quality, outcome.OutputTokens);
                    if (outcome.OutputTokens is not null)
                    {
                        Volatile.Write(ref _hasAnswerLengths, true);
                    }
                }
            }
            finally
            {
                _lock.ExitWriteLock();
            }

            Recalibrate();
            Volatile.Write(ref _ingested, from + added.Count);
        }
        finally
        {
            _ingestGate.Release();
        }
    }

    /// <summary>
    /// How close the closest few neighbours are: the mean weight of the <see cref="EvidenceNeighbours"/> most similar ones.
    /// (Not the sum over all of them, which grows with how many near-copies of a prompt happen to be recorded.)
    /// </summary>
    private double Evidence(ReadOnlySpan<Neighbour> neighbours, double floor, int exceptRow)
    {
        var evidence = 0.0;
        var counted = 0;
        foreach (var neighbour in neighbours)
        {
            if (neighbour.Similarity <= floor || counted == EvidenceNeighbours)
            {
                break;
            }

            if (neighbour.Payload != exceptRow)
            {
                evidence += Math.Pow(neighbour.Similarity - floor, _settings.SimilarityPower);
                counted++;
            }
        }

        return evidence / EvidenceNeighbours;
    }

    /// <summary>Measures the floor and the evidence gate again once the recorded prompts have grown by a quarter.</summary>
    private void Recalibrate()
    {
        _lock.EnterReadLock();
        try
        {
            if (!_calibration.IsStale(_fine.Count, _settings))
            {
                return;
            }

            var neighbours = new Neighbour[_settings.Neighbours + 1]; // the prompt itself is found too, and skipped
            var query = new float[_fine.DimensionsOf(0)];
            var paired = new float[query.Length];
            var pairedRow = -1;
            var calibration = NeighbourhoodCalibration.Measure(
                _fine.Count,
                (row, other) =>
                {
                    if (row != pairedRow)
                    {
                        _fine.CopyTo(row, paired); // written out once for the pairs it is in
                        pairedRow = row;
                    }

                    return _fine.Dot(paired, other);
                },
                (row, floor) =>
                {
                    _fine.CopyTo(row, query);
                    return Evidence(neighbours.AsSpan(0, Search(query, neighbours)), floor, exceptRow: row);
                },
                _settings);
            Volatile.Write(ref _calibration, calibration);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private async ValueTask<float[]> EmbedAsync(string prompt, CancellationToken cancellationToken)
    {
        var embedding = await _embedder.GenerateAsync(prompt, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Normalised(embedding.Vector);
    }

    // Any generator may be used; cosine similarity needs unit vectors. A unit vector that owns its whole array (the hashing
    // embedder's) is kept as it is rather than copied.
    private static float[] Normalised(ReadOnlyMemory<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector.Span);
        var unit = norm == 0 || Math.Abs(norm - 1) <= 1e-4;
        if (unit && MemoryMarshal.TryGetArray(vector, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length)
        {
            return segment.Array;
        }

        var copy = vector.ToArray();
        if (!unit)
        {
            TensorPrimitives.Divide(copy, norm, copy);
        }

        return copy;
    }

    /// <summary>
    /// Finds the nearest recorded prompts in two stages. A scan of folded embeddings (a quarter of the values, at least
    /// 256) shortlists <see cref="ShortlistFactor"/> times as many prompts as are needed (at least <see cref="MinShortlist"/>),
    /// and the full embeddings rank the shortlist exactly. The scan is bound by memory bandwidth, so reading a quarter of
    /// the memory makes it about four times faster; on the RouteLLM outcomes the two stages route within 0.001 APGR of a
    /// full scan, in about two thirds of its time (the shortlist's exact ranking reads rows out of order).
    /// </summary>
    private int Search(float[] query, Span<Neighbour> neighbours)
    {
        if (_coarse is null || _fine.Count == 0)
        {
            return 0;
        }

        var shortlist = new Neighbour[Math.Min(_fine.Count, Math.Max(neighbours.Length * ShortlistFactor, MinShortlist))];
        var listed = _coarse.Search(Fold(query, _coarse.Dimensions), shortlist.Length, shortlist);
        for (var i = 0; i < listed; i++)
        {
            var row = shortlist[i].Payload;
            shortlist[i] = new Neighbour(row, _fine.Dot(query, row));
        }

        var ranked = shortlist.AsSpan(0, listed);
        ranked.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
        var found = Math.Min(neighbours.Length, listed);
        ranked[..found].CopyTo(neighbours);
        return found;
    }

    private static int CoarseDimensions(int dimensions) => dimensions <= MinCoarseDimensions ? dimensions : Math.Max(MinCoarseDimensions, dimensions / 4);

    /// <summary>Folds a vector onto fewer dimensions (value i adds into i mod n), as hashing into fewer buckets would.</summary>
    private static float[] Fold(float[] vector, int dimensions)
    {
        if (vector.Length == dimensions)
        {
            return vector;
        }

        var folded = new float[dimensions];
        for (var start = 0; start < vector.Length; start += dimensions)
        {
            var part = vector.AsSpan(start, Math.Min(dimensions, vector.Length - start));
            TensorPrimitives.Add(folded.AsSpan(0, part.Length), part, folded.AsSpan(0, part.Length));
        }

        return folded;
    }

    /// <summary>One model's outcomes on one prompt (a prompt may be recorded several times).</summary>
    private readonly record struct Observation(string Model, double QualitySum, int Count, double TokenSum, int TokenCount)
    {
        public double MeanQuality => QualitySum / Count;

        public double MeanTokens => TokenSum / TokenCount;

        public static Observation[] Add(Observation[] row, RoutingOutcome outcome)
        {
            for (var i = 0; i < row.Length; i++)
            {
                if (string.Equals(row[i].Model, outcome.Model, StringComparison.OrdinalIgnoreCase))
                {
                    var o = row[i];
                    row[i] = new Observation(o.Model, o.QualitySum + outcome.Quality, o.Count + 1, o.TokenSum + (outcome.OutputTokens ?? 0), o.TokenCount + (outcome.OutputTokens is null ? 0 : 1));
                    return row;
                }
            }

            return [.. row, new Observation(outcome.Model, outcome.Quality, 1, outcome.OutputTokens ?? 0, outcome.OutputTokens is null ? 0 : 1)];
        }
    }

    /// <summary>A model's outcomes over every prompt.</summary>
    private readonly record struct ModelTotals(double QualitySum, long Count, double TokenSum, long TokenCount)
    {
        public double MeanQuality => QualitySum / Count;

        public double MeanTokens => TokenSum / TokenCount;

        public ModelTotals Add(double quality, int? tokens) =>
            new(QualitySum + quality, Count + 1, TokenSum + (tokens ?? 0), TokenCount + (tokens is null ? 0 : 1));
    }
}
