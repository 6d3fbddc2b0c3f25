namespace LlmRouter;

/// <summary>A candidate with the keys a strategy orders it by: group, then a primary measure, then cost, then higher tier, then key, then given order.</summary>
internal readonly struct RankedModel : IComparable<RankedModel>
{
    public RankedModel(ModelDescriptor model, int index, int group, long primary, double cost)
    {
        Model = model;
        Index = index;
        Group = group;
        Primary = primary;
        Cost = cost;
    }

    public ModelDescriptor Model { get; }

    /// <summary>Gets the position among the request's candidates: the last tie-breaker, so sorting is deterministic.</summary>
    public int Index { get; }

    /// <summary>Gets the group; lower groups come first.</summary>
    public int Group { get; }

    /// <summary>Gets a strategy-specific measure (latency ticks); lower first.</summary>
    public long Primary { get; }

    /// <summary>Gets the expected cost (<see cref="RoutingCost.ExpectedCostMicros(ModelDescriptor, int, Microsoft.Extensions.AI.ChatOptions?)"/>); cheaper first.</summary>
    public double Cost { get; }

    public int CompareTo(RankedModel other)
    {
        var c = Group.CompareTo(other.Group);
        if (c != 0)
        {
            return c;
        }

        c = Primary.CompareTo(other.Primary);
        if (c != 0)
        {
            return c;
        }

        c = Cost.CompareTo(other.Cost);
        if (c != 0)
        {
            return c;
        }

        c = other.Model.Tier.CompareTo(Model.Tier);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Model.Provider, other.Model.Provider);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Model.Id, other.Model.Id);
        return c != 0 ? c : Index.CompareTo(other.Index);
    }
}
