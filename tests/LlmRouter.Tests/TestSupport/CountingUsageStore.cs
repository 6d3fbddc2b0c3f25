namespace LlmRouter.Tests.TestSupport;

/// <summary>
/// Adds up every record it is given, per model and per tenant, and keeps none: books to check, in constant memory. Records of
/// usage the provider reported and records the router estimated (<see cref="UsageRecord.Estimated"/>) are added up apart.
/// </summary>
internal sealed class CountingUsageStore : IUsageStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Totals> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _costByTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _estimatedCostByTenant = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _estimatedByError = new(StringComparer.Ordinal);

    public Totals ForModel(string key)
    {
        lock (_gate)
        {
            return _byModel.GetValueOrDefault(key);
        }
    }

    public decimal CostOf(string tenant)
    {
        lock (_gate)
        {
            return _costByTenant.GetValueOrDefault(tenant);
        }
    }

    /// <summary>Gets the cost the router estimated for a tenant's attempts whose provider reported no usage.</summary>
    public decimal EstimatedCostOf(string tenant)
    {
        lock (_gate)
        {
            return _estimatedCostByTenant.GetValueOrDefault(tenant);
        }
    }

    /// <summary>Gets how many estimated records there are by how the attempt ended ("success", "cancelled" or the error kind).</summary>
    public IReadOnlyDictionary<string, int> EstimatedByOutcome()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_estimatedByError, StringComparer.Ordinal);
        }
    }

    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = $"{record.Provider}/{record.Model}";
            var t = _byModel.GetValueOrDefault(key);
            _byModel[key] = record.Estimated
                ? t with { Records = t.Records + 1, Successful = t.Successful + (record.Success ? 1 : 0), Estimated = t.Estimated + 1, Cost = t.Cost + record.Cost }
                : t with
                {
                    Records = t.Records + 1,
                    Successful = t.Successful + (record.Success ? 1 : 0),
                    InputTokens = t.InputTokens + record.InputTokens,
                    OutputTokens = t.OutputTokens + record.OutputTokens,
                    Cost = t.Cost + record.Cost,
                };
            if (record.Tenant is { } tenant)
            {
                _costByTenant[tenant] = _costByTenant.GetValueOrDefault(tenant) + record.Cost;
                if (record.Estimated)
                {
                    _estimatedCostByTenant[tenant] = _estimatedCostByTenant.GetValueOrDefault(tenant) + record.Cost;
                }
            }

            if (record.Estimated)
            {
                var outcome = record.Success ? "success" : record.Error?.ToString() ?? "cancelled";
                _estimatedByError[outcome] = _estimatedByError.GetValueOrDefault(outcome) + 1;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Read the totals instead.");

    /// <summary>A model's books.</summary>
    /// <param name="Records">Every attempt recorded.</param>
    /// <param name="Successful">The attempts that succeeded.</param>
    /// <param name="InputTokens">The input tokens providers reported (estimates apart).</param>
    /// <param name="OutputTokens">The output tokens providers reported (estimates apart).</param>
    /// <param name="Cost">Every attempt's cost, estimated ones included.</param>
    /// <param name="Estimated">The attempts whose usage the router estimated.</param>
    public readonly record struct Totals(long Records, long Successful, long InputTokens, long OutputTokens, decimal Cost, long Estimated = 0);
}
