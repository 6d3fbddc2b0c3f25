namespace LlmRouter;

/// <summary>Holds budgets: reserves a request's worst-case cost before the call and settles it to the real cost after.</summary>
/// <remarks>Reservations are atomic, so concurrent requests cannot together overspend a limit. The default is in memory; <c>LlmRouter.Redis</c> shares one across instances.</remarks>
public interface IBudgetLedger
{
    /// <summary>Reserves an amount against the global budget and, where a tenant is given and has one, the tenant's budget.</summary>
    /// <param name="tenant">The tenant, or <see langword="null"/>.</param>
    /// <param name="amount">The worst-case cost in USD.</param>
    /// <param name="cancellationToken">Cancels the reservation.</param>
    /// <returns>The reservation, to settle after the call.</returns>
    /// <exception cref="BudgetExceededException">The amount does not fit a daily or monthly limit.</exception>
    ValueTask<BudgetReservation> ReserveAsync(string? tenant, decimal amount, CancellationToken cancellationToken = default);

    /// <summary>Replaces a reservation by the real cost (which may be zero for a failed call).</summary>
    /// <param name="reservation">The reservation.</param>
    /// <param name="actualCost">The real cost in USD.</param>
    /// <param name="cancellationToken">Cancels the settlement.</param>
    /// <returns>A task that completes when settled.</returns>
    ValueTask SettleAsync(BudgetReservation reservation, decimal actualCost, CancellationToken cancellationToken = default);

    /// <summary>Gets what is spent and reserved in the current day and month.</summary>
    /// <param name="tenant">The tenant, or <see langword="null"/> for the global budget.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The budget's state.</returns>
    ValueTask<BudgetStatus> GetStatusAsync(string? tenant = null, CancellationToken cancellationToken = default);
}
