using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>
/// Opens and closes attempts: reserves budget before the call, then records usage and cost, settles the reservation,
/// updates the route's health and emits metrics, for every attempt (succeeded, failed or cancelled).
/// </summary>
internal sealed class AttemptMeter
{
    private readonly IUsageStore _usage;
    private readonly InMemoryUsageStore? _memoryUsage;
    private readonly IBudgetLedger _budgets;
    private readonly bool _budgetsOn;
    private readonly bool _trackUsage;
    private readonly RouteHealthRegistry _health;
    private readonly AttemptDeadline _deadline;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AttemptMeter(LlmRouterOptions options, IUsageStore usage, IBudgetLedger budgets, RouteHealthRegistry health, AttemptDeadline deadline, TimeProvider time, ILogger logger)
    {
        _usage = usage;
        _memoryUsage = usage as InMemoryUsageStore;
        _budgets = budgets;
        _budgetsOn = options.Budgets.HasLimits;
        _trackUsage = options.TrackUsage;
        _health = health;
        _deadline = deadline;
        _time = time;
        _logger = logger;
    }

    /// <summary>Opens an attempt: reserves its worst-case cost (when budgets are set) and starts its clock and deadline.</summary>
    /// <exception cref="BudgetExceededException">The worst case does not fit a budget; nothing was called.</exception>
    public async ValueTask<AttemptScope> BeginAsync(RoutedRequest request, Route route, ChatOptions routeOptions, int number)
    {
        var reservation = BudgetReservation.None;
        if (_budgetsOn)
        {
            var worstCase = RoutingCost.WorstCaseCost(route.Model, request.EstimatedInputTokens, routeOptions);
            reservation = await _budgets.ReserveAsync(request.Hints.Tenant, worstCase, request.CancellationToken).ConfigureAwait(false);
        }

        var start = _time.GetTimestamp();
        return new AttemptScope(route, request.Hints.Tenant, number, reservation, _time.GetUtcNow(), start, _deadline.GetToken(start));
    }

    /// <summary>Closes an attempt that succeeded.</summary>
    /// <param name="scope">The attempt.</param>
    /// <param name="usage">The usage the provider reported, or <see langword="null"/>.</param>
    /// <param name="timeToFirstToken">For a stream, when its first update came.</param>
    public async ValueTask<MeteredAttempt> SucceededAsync(AttemptScope scope, UsageDetails? usage, TimeSpan? timeToFirstToken = null)
    {
        var elapsed = _time.GetElapsedTime(scope.StartTimestamp);
        var cost = usage is null ? 0m : scope.Route.Model.Pricing.CalculateCost(usage);
        scope.Route.Health.RecordSuccess(elapsed);
        await RecordAsync(scope, usage, cost, elapsed, timeToFirstToken, error: null, success: true).ConfigureAwait(false);
        return new MeteredAttempt(elapsed, cost);
    }

    /// <summary>Closes an attempt that failed, or that its caller cancelled (<paramref name="error"/> <see langword="null"/>).</summary>
    /// <param name="scope">The attempt.</param>
    /// <param name="error">The failure, or <see langword="null"/> when the caller cancelled.</param>
    /// <param name="usage">Usage reported before it failed (a stream's), or <see langword="null"/>.</param>
    public async ValueTask<MeteredAttempt> FailedAsync(AttemptScope scope, LlmException? error, UsageDetails? usage = null)
    {
        var elapsed = _time.GetElapsedTime(scope.StartTimestamp);
        var cost = usage is null ? 0m : scope.Route.Model.Pricing.CalculateCost(usage);
        if (error is not null && _health.RecordFailure(scope.Route.Key, error.Kind, error.RetryAfter) is { } cooldown)
        {
            RouterLog.CoolingDown(_logger, scope.Route.Key, cooldown, error.Kind);
        }

        await RecordAsync(scope, usage, cost, elapsed, null, error?.Kind, success: false).ConfigureAwait(false);
        return new MeteredAttempt(elapsed, cost);
    }

    private async ValueTask RecordAsync(AttemptScope scope, UsageDetails? usage, decimal cost, TimeSpan elapsed, TimeSpan? timeToFirstToken, LlmErrorKind? error, bool success)
    {
        var model = scope.Route.Model;
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        RecordMetrics(model, input, output, cost, elapsed, error, success);

        // Recording must not be lost to the caller's cancellation: the attempt happened and used what it used.
        try
        {
            if (!ReferenceEquals(scope.Reservation, BudgetReservation.None))
            {
                await _budgets.SettleAsync(scope.Reservation, cost, CancellationToken.None).ConfigureAwait(false);
            }

            if (!_trackUsage)
            {
                return;
            }

            var entry = UsageEntry.Create(scope.StartedAt, elapsed, timeToFirstToken, error) with
            {
                Provider = model.Provider,
                Model = model.Id,
                Tenant = scope.Tenant,
                InputTokens = input,
                OutputTokens = output,
                CachedInputTokens = usage?.CachedInputTokenCount ?? 0,
                ReasoningTokens = usage?.ReasoningTokenCount ?? 0,
                Cost = cost,
                Success = success,
                Attempt = scope.Number,
            };
            if (_memoryUsage is not null)
            {
                _memoryUsage.Write(in entry); // the default store takes the fields as they are: no record to allocate
            }
            else
            {
                await _usage.RecordAsync(entry.ToRecord(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing usage store must not fail the user's request; it is logged instead.
            RouterLog.MeteringFailed(_logger, scope.Route.Key, ex);
        }
    }

    private static void RecordMetrics(ModelDescriptor route, long input, long output, decimal cost, TimeSpan elapsed, LlmErrorKind? error, bool success)
    {
        var provider = new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.ProviderName, route.Provider);
        var model = new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.RequestModel, route.Id);
        if (LlmRouterTelemetry.OperationDuration.Enabled)
        {
            var errorType = new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.ErrorType, success ? null : (error?.ToString() ?? "cancelled"));
            LlmRouterTelemetry.OperationDuration.Record(elapsed.TotalSeconds, provider, model, errorType);
        }

        if (LlmRouterTelemetry.Attempts.Enabled)
        {
            LlmRouterTelemetry.Attempts.Add(1, provider, model, new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.ErrorType, success ? null : (error?.ToString() ?? "cancelled")));
        }

        if (LlmRouterTelemetry.TokenUsage.Enabled && (input > 0 || output > 0))
        {
            LlmRouterTelemetry.TokenUsage.Record(input, provider, model, new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.TokenType, "input"));
            LlmRouterTelemetry.TokenUsage.Record(output, provider, model, new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.TokenType, "output"));
        }

        if (LlmRouterTelemetry.Cost.Enabled && cost > 0)
        {
            LlmRouterTelemetry.Cost.Add((double)cost, provider, model);
        }
    }
}
