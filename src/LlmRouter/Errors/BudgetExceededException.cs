namespace LlmRouter;

/// <summary>Raised before any network call when a request's worst-case cost does not fit a configured budget.</summary>
public sealed class BudgetExceededException : LlmException
{
    /// <summary>Initializes a new instance of the <see cref="BudgetExceededException"/> class.</summary>
    /// <param name="message">Which budget, its limit, what is spent or reserved, and what the request needed.</param>
    public BudgetExceededException(string message)
        : base(LlmErrorKind.BudgetExceeded, message)
    {
    }

    /// <summary>Gets the tenant whose budget was exceeded, or <see langword="null"/> for the global budget.</summary>
    public string? Tenant { get; init; }

    /// <summary>Gets the limit that would have been exceeded, in USD.</summary>
    public decimal Limit { get; init; }

    /// <summary>Gets the amount the request needed to reserve, in USD.</summary>
    public decimal Requested { get; init; }
}
