namespace LlmRouter.AspNetCore;

/// <summary>Who made a request: the tenant of the caller's key, or nobody in particular when the gateway has no keys.</summary>
/// <param name="Tenant">The tenant, or <see langword="null"/> when no keys are configured.</param>
internal sealed record GatewayCaller(string? Tenant)
{
    /// <summary>Gets the caller of a gateway without keys.</summary>
    public static GatewayCaller Anonymous { get; } = new((string?)null);
}
