namespace LlmRouter.Tests.TestSupport;

/// <summary>Adds up every record it is given, per model and per tenant, and keeps none: books to check, in constant memory.</summary>
internal sealed class CountingUsageStore : IUsageStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Totals> _byModel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _costByTenant = new(StringComparer.Ordinal);

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

    public ValueTask RecordAsync(UsageRecord record, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var key = $"{record.Provider}/{record.Model}";
            var t = _byModel.GetValueOrDefault(key);
            _byModel[key] = new Totals(t.Records + 1, t.Successful + (record.Success ? 1 : 0), t.InputTokens + record.InputTokens, t.OutputTokens + record.OutputTokens, t.Cost + record.Cost);
            if (record.Tenant is { } tenant)
            {
                _costByTenant[tenant] = _costByTenant.GetValueOrDefault(tenant) + record.Cost;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<UsageSummary> GetSummaryAsync(UsageQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Read the totals instead.");

    public readonly record struct Totals(long Records, long Successful, long InputTokens, long OutputTokens, decimal Cost);
}
