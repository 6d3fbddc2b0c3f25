namespace LlmRouter;

/// <summary>How the router routes, retries, cools down and budgets. Bind it from the <c>LlmRouter</c> configuration section or set it in <c>AddLlmRouter(o => …)</c>.</summary>
/// <remarks>Validated at startup; every problem is reported together in one <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>.</remarks>
public sealed class LlmRouterOptions
{
    /// <summary>Gets or sets the default strategy's name.</summary>
    /// <value><c>complexity</c>. Built in: <c>complexity</c>, <c>sequential</c>, <c>cost</c>, <c>latency</c>, <c>smart</c>.</value>
    public string Strategy { get; set; } = LlmRouterDefaults.Strategy;

    /// <summary>Gets or sets a value indicating whether local models are preferred when they qualify.</summary>
    /// <value><see langword="false"/>.</value>
    public bool LocalFirst { get; set; }

    /// <summary>Gets the models (keys, ids or aliases) tried after the plan's own models, in order; duplicates are dropped.</summary>
    /// <value>Empty: no fallbacks beyond the plan's models.</value>
    /// <remarks>
    /// A model named here is tried even once it is deprecated (past its <see cref="ModelDescriptor.DeprecationDate"/>): naming it
    /// is an explicit choice, like <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/>, and a warning is logged once per model.
    /// Deprecated models are never fallbacks otherwise.
    /// </remarks>
    public IList<string> FallbackChain { get; } = [];

    /// <summary>Gets or sets the models (keys, ids or aliases) routing is restricted to.</summary>
    /// <value><see langword="null"/>: every model of a configured provider.</value>
    /// <remarks>Restricting to a deprecated model does not make strategies choose it; only naming it per request or in
    /// <see cref="FallbackChain"/> does.</remarks>
    public IList<string>? Models { get; set; }

    /// <summary>Gets the retry settings.</summary>
    public RetryOptions Retry { get; } = new();

    /// <summary>Gets or sets how long one attempt may take before it fails with <see cref="LlmErrorKind.Timeout"/>.</summary>
    /// <value>100 seconds. Must be positive; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</value>
    public TimeSpan AttemptTimeout { get; set; } = LlmRouterDefaults.AttemptTimeout;

    /// <summary>Gets the cooldown (circuit breaker) settings.</summary>
    public CooldownOptions Cooldown { get; } = new();

    /// <summary>Gets the settings of the <c>smart</c> strategy and its outcome store.</summary>
    public SmartRoutingOptions Smart { get; } = new();

    /// <summary>Gets the budget settings.</summary>
    public BudgetOptions Budgets { get; } = new();

    /// <summary>Gets models added to (or replacing models of) the built-in catalog.</summary>
    public IList<ModelDescriptor> AdditionalModels { get; } = [];

    /// <summary>Gets extra aliases: alias → model key, id or alias.</summary>
    public IDictionary<string, string> Aliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets a value indicating whether usage is recorded.</summary>
    /// <value><see langword="true"/>.</value>
    public bool TrackUsage { get; set; } = true;
}
