using System.Diagnostics;
using Microsoft.Extensions.AI;
using Polly;

namespace LlmRouter;

/// <summary>Running a plan: routes in order, retries per route, failover by error kind, usage and budgets per attempt.</summary>
internal sealed partial class RouterEngine
{
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, RoutePlan? forcedPlan, CancellationToken cancellationToken)
    {
        var state = await BeginAsync(messages, options, forcedPlan, cancellationToken).ConfigureAwait(false);
        using var activity = StartActivity(state);
        var (response, planIndex) = await RunRoutesAsync(state, _pipeline, static (ctx, s) => s.Engine.AttemptAsync(s, ctx.CancellationToken), activity).ConfigureAwait(false);
        (response.AdditionalProperties ??= [])[RouteInfoExtensions.PropertyKey] = Complete(state, planIndex, activity);
        return response;
    }

    /// <summary>Validates the request and plans it (unless a plan is forced), before any network call.</summary>
    private async ValueTask<RequestState> BeginAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, RoutePlan? forcedPlan, CancellationToken cancellationToken)
    {
        var list = ValidateMessages(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var hints = options.GetRoutingHints();
        var state = new RequestState(this, list, options, hints, TokenEstimator.Estimate(list, options), cancellationToken);
        state.Plan = forcedPlan ?? await PlanCoreAsync(list, options, hints, state.EstimatedInputTokens, cancellationToken).ConfigureAwait(false);
        return state;
    }

    /// <summary>
    /// Tries the plan's routes in order, each through the retry pipeline, until one succeeds; decides after each route's final
    /// failure whether to go on (DESIGN §5). Shared by the non-streaming path and the start of a stream.
    /// </summary>
    /// <returns>The successful attempt's result and the index of its route in the plan.</returns>
    private async ValueTask<(T Result, int PlanIndex)> RunRoutesAsync<T>(
        RequestState state, ResiliencePipeline pipeline, Func<ResilienceContext, RequestState, ValueTask<T>> attempt, Activity? activity)
    {
        LlmException? lastError = null;
        BudgetExceededException? budgetError = null;
        var minContextWindow = 0;
        var models = state.Plan.Models;
        for (var i = 0; i < models.Count; i++)
        {
            if (!TryEnterRoute(state, models[i], i, minContextWindow))
            {
                continue;
            }

            var context = ResilienceContextPool.Shared.Get(state.CallerToken);
            try
            {
                return (await pipeline.ExecuteAsync(attempt, context, state).ConfigureAwait(false), i);
            }
            catch (LlmException ex) when (!state.CallerToken.IsCancellationRequested)
            {
                lastError = ex;
                if (!ContinueAfter(state, ex, ref minContextWindow, ref budgetError))
                {
                    throw;
                }
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        throw Failed(state, lastError, budgetError, activity);
    }

    /// <summary>One attempt at the current route: reserve budget, call, meter, settle. Runs inside the retry pipeline.</summary>
    private async ValueTask<ChatResponse> AttemptAsync(RequestState state, CancellationToken attemptToken)
    {
        var route = state.Route;
        var attempt = ++state.AttemptNumber;
        var reservation = await ReserveAsync(state, route).ConfigureAwait(false);
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        state.AnyCallMade = true;
        try
        {
            var response = await route.Client.GetResponseAsync(state.Messages, state.RouteOptions, attemptToken).ConfigureAwait(false)
                ?? throw new LlmException(LlmErrorKind.Unknown, $"{route.Key} returned no response.") { Provider = route.Model.Provider, Model = route.Model.Id };
            var elapsed = _time.GetElapsedTime(start);
            var cost = await RecordSuccessAsync(state, route, response.Usage, startedAt, elapsed, null, attempt, reservation).ConfigureAwait(false);
            state.LastCost = cost;
            return response;
        }
        catch (OperationCanceledException) when (state.CallerToken.IsCancellationRequested)
        {
            await RecordFailureAsync(state, route, null, null, startedAt, _time.GetElapsedTime(start), attempt, reservation).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            var error = ex is OperationCanceledException
                ? new LlmException(LlmErrorKind.Timeout, $"{route.Key} did not answer within the attempt timeout of {_options.AttemptTimeout}.", ex) { Provider = route.Model.Provider, Model = route.Model.Id }
                : Classify(ex, route);
            await RecordFailureAsync(state, route, error, null, startedAt, _time.GetElapsedTime(start), attempt, reservation).ConfigureAwait(false);
            throw error;
        }
    }

    private bool TryEnterRoute(RequestState state, ModelDescriptor model, int index, int minContextWindow)
    {
        if (minContextWindow > 0 && model.ContextWindow > 0 && model.ContextWindow <= minContextWindow)
        {
            return false;
        }

        Route route;
        try
        {
            route = GetRouteOrThrow(model);
        }
        catch (LlmException ex)
        {
            state.Attempts.Add(new RouteAttempt(model.Provider, model.Id, TimeSpan.Zero, ex.Kind, ex.Message));
            return false;
        }

        if (index > 0 && _health.IsCoolingDown(route.Key))
        {
            // The plan's first route was chosen among routes not cooling down (or picked directly); later ones are skipped while cooling.
            return false;
        }

        state.Route = route;
        state.RouteOptions = CreateRouteOptions(state.Options, model);
        return true;
    }

    /// <summary>Decides what a route's final failure means for the request: try the next route, or stop.</summary>
    private bool ContinueAfter(RequestState state, LlmException error, ref int minContextWindow, ref BudgetExceededException? budgetError)
    {
        switch (error.Kind)
        {
            case LlmErrorKind.InvalidRequest:
                return false; // It would fail on every route.
            case LlmErrorKind.ContextTooLong:
                minContextWindow = Math.Max(minContextWindow, state.Route.Model.ContextWindow > 0 ? state.Route.Model.ContextWindow : int.MaxValue);
                break;
            case LlmErrorKind.RateLimited when error.RetryAfter is { } ra && ra > _options.Retry.MaxDelay:
                _health.CoolDown(state.Route.Key, ra);
                break;
            case LlmErrorKind.BudgetExceeded:
                budgetError ??= error as BudgetExceededException;
                state.Attempts.Add(new RouteAttempt(state.Route.Model.Provider, state.Route.Model.Id, TimeSpan.Zero, LlmErrorKind.BudgetExceeded, error.Message));
                break;
        }

        Log.RouteFailed(_logger, state.Route.Key, error.Kind, error.Message);
        return true;
    }

    private Exception Failed(RequestState state, LlmException? lastError, BudgetExceededException? budgetError, Activity? activity)
    {
        activity?.SetStatus(ActivityStatusCode.Error, lastError?.Kind.ToString() ?? "no route");
        if (!state.AnyCallMade && budgetError is not null)
        {
            return budgetError;
        }

        if (lastError is null)
        {
            var skipped = string.Join(", ", state.Plan.Models.Select(m => m.Key));
            var error = new LlmException(LlmErrorKind.Unavailable, $"No route could take the request: every planned route ({skipped}) is cooling down or too small for the prompt.");
            return state.Attempts.Count == 0 ? error : new AllRoutesFailedException(state.Attempts.ToArray(), error);
        }

        return new AllRoutesFailedException(state.Attempts.ToArray(), lastError);
    }

    private RouteInfo Complete(RequestState state, int planIndex, Activity? activity)
    {
        var route = state.Route;
        if (planIndex > 0)
        {
            LlmRouterTelemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.Route, route.Key));
            Log.FellBack(_logger, state.Plan.Models[0].Key, route.Key);
        }

        var info = new RouteInfo(route.Model.Provider, route.Model.Id, state.Plan.Strategy, state.Plan.Reason, state.LastCost, state.Attempts.ToArray())
        {
            TotalCost = state.TotalCost,
        };

        if (activity is not null)
        {
            activity.SetTag(LlmRouterTelemetry.Tags.ProviderName, route.Model.Provider);
            activity.SetTag(LlmRouterTelemetry.Tags.ResponseModel, route.Model.Id);
            activity.SetTag(LlmRouterTelemetry.Tags.Route, route.Key);
            activity.SetTag(LlmRouterTelemetry.Tags.AttemptCount, state.Attempts.Count);
            activity.SetTag(LlmRouterTelemetry.Tags.CostUsd, (double)state.TotalCost);
        }

        return info;
    }

    private Activity? StartActivity(RequestState state)
    {
        if (!LlmRouterTelemetry.ActivitySource.HasListeners())
        {
            return null;
        }

        var activity = LlmRouterTelemetry.ActivitySource.StartActivity("chat", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag(LlmRouterTelemetry.Tags.OperationName, "chat");
            activity.SetTag(LlmRouterTelemetry.Tags.Strategy, state.Plan.Strategy);
            activity.SetTag(LlmRouterTelemetry.Tags.RequestModel, state.Plan.Models.Count > 0 ? state.Plan.Models[0].Key : null);
            activity.SetTag(LlmRouterTelemetry.Tags.Reason, state.Plan.Reason);
            if (state.Hints.Tenant is { } tenant)
            {
                activity.SetTag(LlmRouterTelemetry.Tags.Tenant, tenant);
            }
        }

        return activity;
    }

    private static ChatOptions CreateRouteOptions(ChatOptions? options, ModelDescriptor model)
    {
        if (options is null)
        {
            return new ChatOptions { ModelId = model.Id };
        }

        var clone = options.Clone();
        clone.ModelId = model.Id;
        if (clone.AdditionalProperties is { } props && props.ContainsKey(RoutingHintsExtensions.PropertyKey))
        {
            var copy = new AdditionalPropertiesDictionary(props);
            copy.Remove(RoutingHintsExtensions.PropertyKey);
            clone.AdditionalProperties = copy.Count == 0 ? null : copy;
        }

        return clone;
    }

    private static LlmException Classify(Exception ex, Route route)
    {
        var error = LlmExceptionClassifier.Classify(ex, route.Model.Provider, route.Model.Id);
        if (error.Provider is null && error is not BudgetExceededException && error.GetType() == typeof(LlmException))
        {
            // Name the route on errors a provider raised without it.
            return new LlmException(error.Kind, error.Message, error)
            {
                Provider = route.Model.Provider,
                Model = route.Model.Id,
                StatusCode = error.StatusCode,
                RetryAfter = error.RetryAfter,
                PartialText = error.PartialText,
            };
        }

        return error;
    }
}
