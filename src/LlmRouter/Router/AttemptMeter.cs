using System.Diagnostics;
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
    private readonly WallClock _wallClock;
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
        _wallClock = new WallClock(time);
        _logger = logger;
    }

    /// <summary>Opens an attempt: reserves its worst-case cost (<see cref="TokenBound.Cost"/>, when budgets are set) and starts its clock and deadline.</summary>
    /// <remarks>Completes synchronously without budgets.</remarks>
    /// <exception cref="BudgetExceededException">The worst case does not fit a budget; nothing was called.</exception>
    public ValueTask<AttemptScope> BeginAsync(in RoutedRequest request, Route route, ChatOptions routeOptions, int number)
    {
        if (!_budgetsOn)
        {
            return new ValueTask<AttemptScope>(Open(route, request.Hints.Tenant, number, BudgetReservation.None));
        }

        // A true upper bound, whatever the text's script: an estimate could let concurrent calls overspend.
        var worstCase = TokenBound.Cost(route.Model, request.InputTokenBound, routeOptions);
        return ReserveAndOpenAsync(route, request.Hints.Tenant, number, worstCase, request.CancellationToken);
    }

    /// <summary>Closes an attempt that succeeded.</summary>
    /// <param name="scope">The attempt.</param>
    /// <param name="usage">The usage the provider reported, or the router's estimate of it (<paramref name="estimated"/>).</param>
    /// <param name="timeToFirstToken">For a stream, when its first update came.</param>
    /// <param name="estimated">Whether <paramref name="usage"/> is the router's estimate (<see cref="UsageEstimator"/>).</param>
    /// <remarks>Completes synchronously with the in-memory usage store and no budgets.</remarks>
    public ValueTask<MeteredAttempt> SucceededAsync(in AttemptScope scope, UsageDetails? usage, TimeSpan? timeToFirstToken = null, bool estimated = false)
    {
        var elapsed = _time.GetElapsedTime(scope.StartTimestamp);
        var cost = usage is null ? 0m : scope.Route.Prices.Calculate(usage);
        scope.Route.Health.RecordSuccess(elapsed);
        var metered = new MeteredAttempt(elapsed, cost);
        var recorded = RecordAsync(scope, usage, metered, timeToFirstToken, error: null, success: true, estimated);
        return Completed(recorded, metered);
    }

    /// <summary>Closes an attempt that failed, or that its caller cancelled (<paramref name="error"/> <see langword="null"/>).</summary>
    /// <param name="scope">The attempt.</param>
    /// <param name="error">The failure, or <see langword="null"/> when the caller cancelled.</param>
    /// <param name="usage">Usage reported before it failed (a stream's), the router's estimate of it (<paramref name="estimated"/>), or <see langword="null"/>.</param>
    /// <param name="estimated">Whether <paramref name="usage"/> is the router's estimate (<see cref="UsageEstimator"/>).</param>
    public ValueTask<MeteredAttempt> FailedAsync(in AttemptScope scope, LlmException? error, UsageDetails? usage = null, bool estimated = false)
    {
        var elapsed = _time.GetElapsedTime(scope.StartTimestamp);
        var cost = usage is null ? 0m : scope.Route.Prices.Calculate(usage);
        if (error is not null && _health.RecordFailure(scope.Route.Key, error.Kind, error.RetryAfter) is { } cooldown)
        {
            RouterLog.CoolingDown(_logger, scope.Route.Key, cooldown, error.Kind);
        }

        var metered = new MeteredAttempt(elapsed, cost);
        var recorded = RecordAsync(scope, usage, metered, null, error?.Kind, success: false, estimated);
        return Completed(recorded, metered);
    }

    private static ValueTask<MeteredAttempt> Completed(ValueTask recorded, MeteredAttempt metered)
    {
        if (recorded.IsCompletedSuccessfully)
        {
            recorded.GetAwaiter().GetResult(); // consumes it, as a ValueTask must be
            return new ValueTask<MeteredAttempt>(metered);
        }

        return AfterAsync(recorded, metered);
    }

    private static async ValueTask<MeteredAttempt> AfterAsync(ValueTask recorded, MeteredAttempt metered)
    {
        await recorded.ConfigureAwait(false);
        return metered;
    }

    private AttemptScope Open(Route route, string? tenant, int number, BudgetReservation reservation)
    {
        var start = _time.GetTimestamp();
        return new AttemptScope(route, tenant, number, reservation, _wallClock.At(start), start, _deadline.GetToken(start));
    }

    private async ValueTask<AttemptScope> ReserveAndOpenAsync(Route route, string? tenant, int number, decimal worstCase, CancellationToken cancellationToken)
    {
        var reservation = await _budgets.ReserveAsync(tenant, worstCase, cancellationToken).ConfigureAwait(false);
        return Open(route, tenant, number, reservation);
    }

    /// <summary>Emits metrics, then settles the budget and stores the usage; never throws but for cancellation (a failing store is logged).</summary>
    private ValueTask RecordAsync(in AttemptScope scope, UsageDetails? usage, MeteredAttempt metered, TimeSpan? timeToFirstToken, LlmErrorKind? error, bool success, bool estimated)
    {
        var model = scope.Route.Model;
        RecordMetrics(model, usage?.InputTokenCount ?? 0, usage?.OutputTokenCount ?? 0, metered.Cost, metered.Duration, error, success);
        var nothingToSettle = ReferenceEquals(scope.Reservation, BudgetReservation.None);
        if (nothingToSettle && (!_trackUsage || _memoryUsage is not null))
        {
            if (_trackUsage)
            {
                // The default store takes the fields as they are: no record to allocate, nothing to await.
                _memoryUsage!.Write(Entry(scope, usage, metered, timeToFirstToken, error, success, estimated));
            }

            return default;
        }

        return SettleAndStoreAsync(scope, usage, metered, timeToFirstToken, error, success, estimated);
    }

    // Recording must not be lost to the caller's cancellation: the attempt happened and used what it used.
    private async ValueTask SettleAndStoreAsync(AttemptScope scope, UsageDetails? usage, MeteredAttempt metered, TimeSpan? timeToFirstToken, LlmErrorKind? error, bool success, bool estimated)
    {
        try
        {
            if (!ReferenceEquals(scope.Reservation, BudgetReservation.None))
            {
                await _budgets.SettleAsync(scope.Reservation, metered.Cost, CancellationToken.None).ConfigureAwait(false);
            }

            if (!_trackUsage)
            {
                return;
            }

            var entry = Entry(scope, usage, metered, timeToFirstToken, error, success, estimated);
            if (_memoryUsage is not null)
            {
                _memoryUsage.Write(entry);
            }
            else
            {
                await _usage.RecordAsync(entry.ToRecord(), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failing usage store must not fail the user's request; it is logged instead.
            RouterLog.MeteringFailed(_logger, scope.Route.Key, SecretRedactor.ForLog(ex));
        }
    }

    private static UsageEntry Entry(in AttemptScope scope, UsageDetails? usage, MeteredAttempt metered, TimeSpan? timeToFirstToken, LlmErrorKind? error, bool success, bool estimated) =>
        UsageEntry.Create(scope.StartedAt, metered.Duration, timeToFirstToken, error) with
        {
            Provider = scope.Route.Model.Provider,
            Model = scope.Route.Model.Id,
            Tenant = scope.Tenant,
            InputTokens = usage?.InputTokenCount ?? 0,
            OutputTokens = usage?.OutputTokenCount ?? 0,
            CachedInputTokens = usage?.CachedInputTokenCount ?? 0,
            ReasoningTokens = usage?.ReasoningTokenCount ?? 0,
            Cost = metered.Cost,
            Success = success,
            Estimated = estimated,
            Attempt = scope.Number,
        };

    private static void RecordMetrics(ModelDescriptor route, long input, long output, decimal cost, TimeSpan elapsed, LlmErrorKind? error, bool success)
    {
        if (!LlmRouterTelemetry.OperationDuration.Enabled && !LlmRouterTelemetry.Attempts.Enabled && !LlmRouterTelemetry.TokenUsage.Enabled && !LlmRouterTelemetry.Cost.Enabled)
        {
            return;
        }

        // GenAI semantic conventions: gen_ai.operation.name and gen_ai.provider.name on every measurement, error.type on failures.
        var tags = new TagList
        {
            { LlmRouterTelemetry.Tags.OperationName, LlmRouterTelemetry.ChatOperation },
            { LlmRouterTelemetry.Tags.ProviderName, route.Provider },
            { LlmRouterTelemetry.Tags.RequestModel, route.Id },
        };
        if (LlmRouterTelemetry.OperationDuration.Enabled || LlmRouterTelemetry.Attempts.Enabled)
        {
            var outcome = tags;
            if (!success)
            {
                outcome.Add(LlmRouterTelemetry.Tags.ErrorType, error?.ToString() ?? "cancelled");
            }

            LlmRouterTelemetry.OperationDuration.Record(elapsed.TotalSeconds, outcome);
            LlmRouterTelemetry.Attempts.Add(1, outcome);
        }

        if (LlmRouterTelemetry.TokenUsage.Enabled && (input > 0 || output > 0))
        {
            var inputTags = tags;
            inputTags.Add(LlmRouterTelemetry.Tags.TokenType, "input");
            LlmRouterTelemetry.TokenUsage.Record(input, inputTags);
            var outputTags = tags;
            outputTags.Add(LlmRouterTelemetry.Tags.TokenType, "output");
            LlmRouterTelemetry.TokenUsage.Record(output, outputTags);
        }

        if (LlmRouterTelemetry.Cost.Enabled && cost > 0)
        {
            LlmRouterTelemetry.Cost.Add((double)cost, tags);
        }
    }
}
