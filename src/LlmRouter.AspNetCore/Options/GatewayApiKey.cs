namespace LlmRouter.AspNetCore;

/// <summary>One caller key of the gateway (<c>LlmRouter:Gateway:ApiKeys</c>) and the tenant its requests are metered and budgeted under.</summary>
public sealed class GatewayApiKey
{
    /// <summary>Gets or sets the key callers send as <c>Authorization: Bearer &lt;key&gt;</c> (or <c>api-key: &lt;key&gt;</c>).</summary>
    /// <value>At least <see cref="GatewayDefaults.MinimumKeyLength"/> characters; never logged.</value>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets the tenant the key's requests belong to: their usage is recorded under it, per-tenant budgets hold for it, and <c>/v1/usage</c> shows it only.</summary>
    /// <value>A non-empty tenant id; several keys may share one.</value>
    public string Tenant { get; set; } = string.Empty;

    /// <summary>Hides the key: only the tenant is shown.</summary>
    /// <returns><c>GatewayApiKey { Tenant = … }</c>.</returns>
    public override string ToString() => $"GatewayApiKey {{ Tenant = {Tenant} }}";
}
