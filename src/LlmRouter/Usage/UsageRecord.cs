namespace LlmRouter;

/// <summary>What one attempt at one model used and cost. Holds no prompt or response text.</summary>
public sealed record UsageRecord
{
    /// <summary>Gets when the attempt started.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets the provider called.</summary>
    public string Provider { get; init; } = string.Empty;

    /// <summary>Gets the model id called.</summary>
    public string Model { get; init; } = string.Empty;

    /// <summary>Gets the input tokens, cached ones included.</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the output tokens, reasoning ones included.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the input tokens read from the prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Gets the reasoning (thinking) tokens.</summary>
    public long ReasoningTokens { get; init; }

    /// <summary>Gets the cost in USD.</summary>
    public decimal Cost { get; init; }

    /// <summary>Gets how long the attempt took.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the time to the first streamed update, for streams.</summary>
    public TimeSpan? TimeToFirstToken { get; init; }

    /// <summary>Gets a value indicating whether the attempt succeeded.</summary>
    public bool Success { get; init; }

    /// <summary>Gets why the attempt failed, if it did.</summary>
    public LlmErrorKind? Error { get; init; }

    /// <summary>Gets the tenant the attempt is metered under.</summary>
    public string? Tenant { get; init; }

    /// <summary>Gets the attempt's number within its request, from 1.</summary>
    public int Attempt { get; init; }

    /// <summary>
    /// Gets a value indicating whether the tokens (and so the cost) are the router's estimate because the provider reported no
    /// usage: an answer without usage, a stream cut or cancelled before its usage came, an attempt that timed out. Input is the
    /// prompt's estimated size (<see cref="ITokenCounter"/>), output the estimated size of what was received. An attempt the
    /// provider refused with an error is not estimated: it used nothing.
    /// </summary>
    public bool Estimated { get; init; }
}
