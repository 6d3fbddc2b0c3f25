namespace LlmRouter;

/// <summary>Describes one model of one provider: its limits, prices, capabilities and aliases.</summary>
/// <param name="Provider">The provider's stable name, as <see cref="ILlmProvider.Name"/> (<c>openai</c>, <c>anthropic</c>, …).</param>
/// <param name="Id">The model id the provider's API takes (<c>gpt-4o-mini</c>).</param>
/// <param name="Tier">How capable the model is.</param>
public sealed record ModelDescriptor(string Provider, string Id, ModelTier Tier)
{
    private string _key = $"{Provider}/{Id}";

    /// <summary>Gets the provider's stable name, as <see cref="ILlmProvider.Name"/>.</summary>
    public string Provider
    {
        get;
        init
        {
            field = value;
            _key = $"{value}/{Id}";
        }
    } = Provider;

    /// <summary>Gets the model id the provider's API takes.</summary>
    public string Id
    {
        get;
        init
        {
            field = value;
            _key = $"{Provider}/{value}";
        }
    } = Id;

    /// <summary>Gets the model's unique key, <c>provider/id</c> (computed once, not per call).</summary>
    public string Key => _key;

    /// <summary>Gets the most input (prompt) tokens the model accepts, as LiteLLM's <c>max_input_tokens</c>, or 0 where unknown.</summary>
    public int ContextWindow { get; init; }

    /// <summary>Gets the most tokens the model can produce in one answer, or 0 where unknown.</summary>
    public int MaxOutputTokens { get; init; }

    /// <summary>Gets the model's prices.</summary>
    public ModelPricing Pricing { get; init; } = ModelPricing.Free;

    /// <summary>Gets what the model can do beyond plain chat.</summary>
    public ModelCapabilities Capabilities { get; init; }

    /// <summary>Gets other names that resolve to this model (<c>claude-sonnet</c>, <c>fast</c>, …).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>Gets the day (UTC) from which the provider retires the model, where one is announced.</summary>
    /// <value>
    /// LiteLLM's <c>deprecation_date</c> for the model, or <see langword="null"/> (the default) when none is known. From that
    /// day on the model is deprecated: routing strategies never choose it, but it is still served when asked for by name
    /// (<see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/> or <see cref="LlmRouterOptions.FallbackChain"/>), with a warning
    /// logged once per model.
    /// </value>
    public DateOnly? DeprecationDate { get; init; }

    /// <summary>Gets a value indicating whether the model is deprecated on the given day.</summary>
    /// <param name="date">The day (UTC) to check.</param>
    /// <returns><see langword="true"/> when <see cref="DeprecationDate"/> is <paramref name="date"/> or earlier.</returns>
    public bool IsDeprecatedOn(DateOnly date) => DeprecationDate is { } deprecated && deprecated <= date;

    /// <summary>Gets a value indicating whether the model has all the given capabilities.</summary>
    /// <param name="required">The capabilities needed.</param>
    /// <returns><see langword="true"/> when every flag of <paramref name="required"/> is set.</returns>
    public bool Supports(ModelCapabilities required) => (Capabilities & required) == required;
}
