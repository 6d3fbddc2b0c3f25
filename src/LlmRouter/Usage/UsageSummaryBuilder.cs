using System.Runtime.InteropServices;

namespace LlmRouter;

/// <summary>Accumulates usage records into a <see cref="UsageSummary"/>. Not thread-safe; for stores to use while scanning.</summary>
internal sealed class UsageSummaryBuilder
{
    private readonly Dictionary<string, Totals> _byProvider = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Provider, string Model), Totals> _byModel = new(ModelKeyComparer.Instance);
    private readonly Dictionary<DateOnly, Totals> _byDay = [];
    private long _requests;
    private long _successful;
    private long _inputTokens;
    private long _outputTokens;
    private long _cachedInputTokens;
    private decimal _cost;
    private long _durationTicks;

    /// <summary>Adds one record.</summary>
    /// <param name="record">The record.</param>
    public void Add(UsageRecord record) =>
        AddGroup(record.Provider, record.Model, DateOnly.FromDateTime(record.Timestamp.UtcDateTime), 1, record.Success ? 1 : 0, record.InputTokens, record.OutputTokens, record.CachedInputTokens, record.Cost, record.Duration.Ticks);

    /// <summary>Adds one record stored by value.</summary>
    /// <param name="entry">The record's fields.</param>
    public void Add(in UsageEntry entry) =>
        AddGroup(entry.Provider, entry.Model, entry.UtcDay, 1, entry.Success ? 1 : 0, entry.InputTokens, entry.OutputTokens, entry.CachedInputTokens, entry.Cost, entry.DurationTicks);

    /// <summary>Adds the sums of a group of records of one provider, model and UTC day (as a store that sums in SQL reads them).</summary>
    /// <param name="provider">The group's provider.</param>
    /// <param name="model">The group's model id.</param>
    /// <param name="utcDay">The group's UTC day.</param>
    /// <param name="requests">How many records the group holds.</param>
    /// <param name="successful">How many of them succeeded.</param>
    /// <param name="inputTokens">Their input tokens.</param>
    /// <param name="outputTokens">Their output tokens.</param>
    /// <param name="cachedInputTokens">Their cached input tokens.</param>
    /// <param name="cost">Their cost.</param>
    /// <param name="durationTicks">Their durations, in ticks.</param>
    public void AddGroup(string? provider, string? model, DateOnly utcDay, long requests, long successful, long inputTokens, long outputTokens, long cachedInputTokens, decimal cost, long durationTicks)
    {
        provider ??= string.Empty;
        model ??= string.Empty;

        _requests += requests;
        _successful += successful;

        _inputTokens += inputTokens;
        _outputTokens += outputTokens;
        _cachedInputTokens += cachedInputTokens;
        _cost += cost;
        _durationTicks += durationTicks;

        CollectionsMarshal.GetValueRefOrAddDefault(_byProvider, provider, out _).Add(requests, inputTokens, outputTokens, cost);
        CollectionsMarshal.GetValueRefOrAddDefault(_byModel, (provider, model), out _).Add(requests, inputTokens, outputTokens, cost);
        CollectionsMarshal.GetValueRefOrAddDefault(_byDay, utcDay, out _).Add(requests, inputTokens, outputTokens, cost);
    }

    /// <summary>Builds the summary of the records added so far.</summary>
    /// <returns>The summary; its string-keyed maps ignore case.</returns>
    public UsageSummary Build()
    {
        var byProvider = new Dictionary<string, UsageTotals>(_byProvider.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (provider, totals) in _byProvider)
        {
            byProvider[provider] = totals.ToUsageTotals();
        }

        // Two (provider, model) pairs can share a key when the provider name holds a '/'; they are merged.
        var byModel = new Dictionary<string, Totals>(_byModel.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var ((provider, model), totals) in _byModel)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(byModel, provider + "/" + model, out _).Add(totals);
        }

        var byDay = new Dictionary<DateOnly, UsageTotals>(_byDay.Count);
        foreach (var (day, totals) in _byDay)
        {
            byDay[day] = totals.ToUsageTotals();
        }

        return new UsageSummary
        {
            Requests = _requests,
            Successful = _successful,
            Failed = _requests - _successful,
            InputTokens = _inputTokens,
            OutputTokens = _outputTokens,
            CachedInputTokens = _cachedInputTokens,
            Cost = _cost,
            AverageLatency = _requests == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(_durationTicks / _requests),
            ByProvider = byProvider,
            ByModel = byModel.ToDictionary(static p => p.Key, static p => p.Value.ToUsageTotals(), StringComparer.OrdinalIgnoreCase),
            ByDay = byDay,
        };
    }

    private struct Totals
    {
        public long Requests;
        public long InputTokens;
        public long OutputTokens;
        public decimal Cost;

        public void Add(long requests, long inputTokens, long outputTokens, decimal cost)
        {
            Requests += requests;
            InputTokens += inputTokens;
            OutputTokens += outputTokens;
            Cost += cost;
        }

        public void Add(Totals other)
        {
            Requests += other.Requests;
            InputTokens += other.InputTokens;
            OutputTokens += other.OutputTokens;
            Cost += other.Cost;
        }

        public readonly UsageTotals ToUsageTotals() => new(Requests, InputTokens, OutputTokens, Cost);
    }

    private sealed class ModelKeyComparer : IEqualityComparer<(string Provider, string Model)>
    {
        public static readonly ModelKeyComparer Instance = new();

        public bool Equals((string Provider, string Model) x, (string Provider, string Model) y) =>
            string.Equals(x.Provider, y.Provider, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Model, y.Model, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Provider, string Model) obj) =>
            HashCode.Combine(
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Provider),
                StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Model));
    }
}
