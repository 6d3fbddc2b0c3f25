using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>Metering: budget reservations, usage records, route health and metrics for every attempt.</summary>
internal sealed partial class RouterEngine
{
    private ValueTask<BudgetReservation> ReserveAsync(RequestState state, Route route)
    {
        if (!_budgetsOn)
        {
            return new ValueTask<BudgetReservation>(BudgetReservation.None);
        }

        var worstCase = RoutingCost.WorstCaseCost(route.Model, state.EstimatedInputTokens, state.RouteOptions);
        return _budgets.ReserveAsync(state.Hints.Tenant, worstCase, state.CallerToken);
    }

    private async ValueTask<decimal> RecordSuccessAsync(RequestState state, Route route, UsageDetails? usage, DateTimeOffset startedAt, TimeSpan elapsed, TimeSpan? timeToFirstToken, int attempt, BudgetReservation reservation)
    {
        var cost = usage is null ? 0m : route.Model.Pricing.CalculateCost(usage);
        state.TotalCost += cost;
        state.Attempts.Add(new RouteAttempt(route.Model.Provider, route.Model.Id, elapsed, null, null));
        _health.RecordSuccess(route.Key, elapsed);
        await MeterAsync(state, route, usage, cost, startedAt, elapsed, timeToFirstToken, attempt, error: null, success: true, reservation).ConfigureAwait(false);
        return cost;
    }

    private async ValueTask RecordFailureAsync(RequestState state, Route route, LlmException? error, UsageDetails? usage, DateTimeOffset startedAt, TimeSpan elapsed, int attempt, BudgetReservation reservation)
    {
        var cost = usage is null ? 0m : route.Model.Pricing.CalculateCost(usage);
        state.TotalCost += cost;
        state.Attempts.Add(new RouteAttempt(route.Model.Provider, route.Model.Id, elapsed, error?.Kind, error?.Message ?? "cancelled"));
        if (error is not null)
        {
            var cooldown = _health.RecordFailure(route.Key, error.Kind, error.RetryAfter);
            if (cooldown is { } d)
            {
                Log.CoolingDown(_logger, route.Key, d, error.Kind);
            }
        }

        await MeterAsync(state, route, usage, cost, startedAt, elapsed, null, attempt, error?.Kind, success: false, reservation).ConfigureAwait(false);
    }

    private async ValueTask MeterAsync(RequestState state, Route route, UsageDetails? usage, decimal cost, DateTimeOffset startedAt, TimeSpan elapsed, TimeSpan? timeToFirstToken, int attempt, LlmErrorKind? error, bool success, BudgetReservation reservation)
    {
        var input = usage?.InputTokenCount ?? 0;
        var output = usage?.OutputTokenCount ?? 0;
        RecordMetrics(route, input, output, cost, elapsed, error, success);

        // Recording must not be lost to the caller's cancellation: the attempt happened and used what it used.
        try
        {
            if (!ReferenceEquals(reservation, BudgetReservation.None))
            {
                await _budgets.SettleAsync(reservation, cost, CancellationToken.None).ConfigureAwait(false);
            }

            if (_options.TrackUsage)
            {
                await _usage.RecordAsync(
                    new UsageRecord
                    {
                        Timestamp = startedAt,
                        Provider = route.Model.Provider,
                        Model = route.Model.Id,
                        InputTokens = input,
                        OutputTokens = output,
                        CachedInputTokens = usage?.CachedInputTokenCount ?? 0,
                        ReasoningTokens = usage?.ReasoningTokenCount ?? 0,
                        Cost = cost,
                        Duration = elapsed,
                        TimeToFirstToken = timeToFirstToken,
                        Success = success,
                        Error = error,
                        Tenant = state.Hints.Tenant,
                        Attempt = attempt,
                    },
                    CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing usage store must not fail the user's request; it is logged instead.
            Log.MeteringFailed(_logger, route.Key, ex);
        }
    }

    private static void RecordMetrics(Route route, long input, long output, decimal cost, TimeSpan elapsed, LlmErrorKind? error, bool success)
    {
        var provider = new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.ProviderName, route.Model.Provider);
        var model = new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.RequestModel, route.Model.Id);
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

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Route {Route} failed with {Kind}: {Message}")]
        public static partial void RouteFailed(ILogger logger, string route, LlmErrorKind kind, string message);

        [LoggerMessage(2, LogLevel.Information, "Fell back from {Planned} to {Route}")]
        public static partial void FellBack(ILogger logger, string planned, string route);

        [LoggerMessage(3, LogLevel.Warning, "Route {Route} cools down for {Duration} after {Kind}")]
        public static partial void CoolingDown(ILogger logger, string route, TimeSpan duration, LlmErrorKind kind);

        [LoggerMessage(4, LogLevel.Error, "Recording usage of route {Route} failed")]
        public static partial void MeteringFailed(ILogger logger, string route, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Listing the models of provider {Provider} failed; routing carries on without them")]
        public static partial void DiscoveryFailed(ILogger logger, string provider, Exception exception);

        [LoggerMessage(6, LogLevel.Information, "Discovered {Count} models at run time")]
        public static partial void ModelsDiscovered(ILogger logger, int count);
    }
}
