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
    /// <value>100 seconds. Must be positive and at most 24 days; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</value>
    public TimeSpan AttemptTimeout { get; set; } = LlmRouterDefaults.AttemptTimeout;

    /// <summary>
    /// Gets or sets a value indicating whether a stream that breaks after output reached the caller is continued on the plan's next
    /// route, instead of failing with <see cref="LlmErrorKind.StreamInterrupted"/>.
    /// </summary>
    /// <value>
    /// <see langword="false"/>. When <see langword="true"/>, the next route gets the caller's messages (never changed), the text sent so
    /// far as an assistant message, and an instruction to continue exactly where it stopped; an update whose
    /// <see cref="Microsoft.Extensions.AI.ChatResponseUpdate.AdditionalProperties"/> hold <see cref="RouteInfoExtensions.ContinuationPropertyKey"/> marks the
    /// seam, <see cref="RouteInfo.Attempts"/> lists both attempts, and both are metered. A stream stopped by a content filter is not
    /// continued; when no later route can continue it, the failure is <see cref="LlmErrorKind.StreamInterrupted"/> as without the option.
    /// </value>
    public bool ContinueOnStreamFailure { get; set; } = LlmRouterDefaults.ContinueOnStreamFailure;

    /// <summary>Gets the context-trimming settings: whether the oldest messages of a conversation no candidate's window holds are dropped.</summary>
    /// <remarks>Off by default; see <see cref="ContextTrimmingOptions"/>.</remarks>
    public ContextTrimmingOptions ContextTrimming { get; } = new();

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

    /// <summary>Gets or sets the configuration values that could not be bound (not numbers, not times, …), reported by the validator
    /// with every other problem; set by <see cref="LlmRouterConfigurationBinder"/>.</summary>
    internal IReadOnlyList<string>? ConfigurationProblems { get; set; }
}
