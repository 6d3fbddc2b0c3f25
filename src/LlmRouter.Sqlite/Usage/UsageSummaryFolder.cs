using System.Runtime.InteropServices;

namespace LlmRouter.Sqlite;

/// <summary>Folds the per-group sums of <see cref="UsageTable.Summarize"/> into a <see cref="UsageSummary"/>, keeping the groups a query's names match.</summary>
internal sealed class UsageSummaryFolder
{
    private readonly UsageQuery _query;
    private readonly Dictionary<string, UsageTotals> _byProvider = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, UsageTotals> _byModel = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<DateOnly, UsageTotals> _byDay = [];
    private long _requests;
    private long _successful;
    private long _inputTokens;
    private long _outputTokens;
    private long _cachedInputTokens;
    private decimal _cost;
    private long _durationTicks;

    public UsageSummaryFolder(UsageQuery query) => _query = query;

    /// <summary>Adds one group when the query's provider, model and tenant match it.</summary>
    public void Add(string provider, string model, string? tenant, DateOnly day, UsageGroup group)
    {
        if (!Matches(provider, model, tenant))
        {
            return;
        }

        _requests += group.Requests;
        _successful += group.Successful;
        _inputTokens += group.InputTokens;
        _outputTokens += group.OutputTokens;
        _cachedInputTokens += group.CachedInputTokens;
        _cost += group.Cost;
        _durationTicks += group.DurationTicks;
        Accumulate(_byProvider, provider, group);
        Accumulate(_byModel, provider + "/" + model, group);
        Accumulate(_byDay, day, group);
    }

    public UsageSummary Build() => new()
    {
        Requests = _requests,
        Successful = _successful,
        Failed = _requests - _successful,
        InputTokens = _inputTokens,
        OutputTokens = _outputTokens,
        CachedInputTokens = _cachedInputTokens,
        Cost = _cost,
        AverageLatency = _requests == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(_durationTicks / _requests),
        ByProvider = _byProvider,
        ByModel = _byModel,
        ByDay = _byDay,
    };

    private static void Accumulate<TKey>(Dictionary<TKey, UsageTotals> totals, TKey key, UsageGroup group)
        where TKey : notnull
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(totals, key, out _);
        slot = slot is null
            ? new UsageTotals(group.Requests, group.InputTokens, group.OutputTokens, group.Cost)
            : new UsageTotals(slot.Requests + group.Requests, slot.InputTokens + group.InputTokens, slot.OutputTokens + group.OutputTokens, slot.Cost + group.Cost);
    }

    // The in-memory store's rules: names ignore case, the model matches by id or by "provider/id".
    private bool Matches(string provider, string model, string? tenant)
    {
        if (_query.Provider is { } p && !string.Equals(provider, p, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (_query.Tenant is { } t && !string.Equals(tenant, t, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return _query.Model is not { } m
            || string.Equals(model, m, StringComparison.OrdinalIgnoreCase)
            || string.Equals(provider + "/" + model, m, StringComparison.OrdinalIgnoreCase);
    }
}
