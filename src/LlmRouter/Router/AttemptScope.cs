namespace LlmRouter;

/// <summary>
/// One attempt at one route, from its budget reservation to its settlement: what the attempt runs under and what
/// <see cref="AttemptMeter"/> needs to close it. Made by <see cref="AttemptMeter.BeginAsync"/> for streaming and
/// non-streaming calls alike.
/// </summary>
/// <param name="Route">The route tried.</param>
/// <param name="Tenant">The request's tenant, or <see langword="null"/>.</param>
/// <param name="Number">The attempt's number within the request (1-based).</param>
/// <param name="Reservation">The budget held for it (<see cref="BudgetReservation.None"/> without budgets).</param>
/// <param name="StartedAt">When it started (wall clock, for the usage record).</param>
/// <param name="StartTimestamp">When it started (<see cref="TimeProvider.GetTimestamp"/>, for durations).</param>
/// <param name="Deadline">Cancelled when the attempt timeout has passed; <see cref="CancellationToken.None"/> without one.</param>
internal readonly record struct AttemptScope(
    Route Route,
    string? Tenant,
    int Number,
    BudgetReservation Reservation,
    DateTimeOffset StartedAt,
    long StartTimestamp,
    CancellationToken Deadline);
