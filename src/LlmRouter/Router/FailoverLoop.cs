using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace LlmRouter;

/// <summary>
/// Tries a plan's routes in order until one succeeds (DESIGN §5), for streaming and non-streaming calls alike: the first
/// attempt at a route is made directly, a transient failure enters the Polly retry pipeline, and a route's final failure
/// decides by its kind whether the next route is tried. Every attempt goes into the request's <see cref="AttemptLog"/>.
/// </summary>
internal sealed class FailoverLoop
{
    private readonly RouteTable _table;
    private readonly RouteHealthRegistry _health;
    private readonly AttemptMeter _meter;
    private readonly ResiliencePipeline _retry;
    private readonly int _maxRetries;
    private readonly TimeSpan _maxRetryDelay;
    private readonly ILogger _logger;
    private readonly ContextTrimmer? _trimmer;

    public FailoverLoop(RouteTable table, RouteHealthRegistry health, AttemptMeter meter, RetryOptions retry, TimeProvider time, ILogger logger, ContextTrimmer? trimmer = null)
    {
        _trimmer = trimmer;
        _table = table;
        _health = health;
        _meter = meter;
        _retry = RetryPipelineFactory.Create(retry, time);
        _maxRetries = retry.MaxRetries;
        _maxRetryDelay = retry.MaxDelay;
        _logger = logger;
    }

    /// <summary>Runs the request's plan with <paramref name="attempt"/> as each attempt.</summary>
    /// <typeparam name="T">What a successful attempt gives: a response, or an open stream.</typeparam>
    /// <param name="request">The request and its plan.</param>
    /// <param name="attempt">Makes one attempt in the scope the loop opened for it (budget reserved, clock and deadline started): it
    /// closes the scope through the <see cref="AttemptMeter"/> and reports its outcome; it throws only <see cref="OperationCanceledException"/> for the caller's cancellation.</param>
    /// <param name="activity">The request's span, marked failed when every route failed.</param>
    /// <param name="log">The attempts the request made before (a stream continued on later routes), or <see langword="default"/>.</param>
    /// <param name="trimmedOnce">Whether this run is the one more try of a conversation trimmed after a provider said it was too long
    /// (it is not trimmed again).</param>
    /// <returns>The success, the route and plan index that gave it, and every attempt.</returns>
    /// <exception cref="LlmException">An error that stops the request (invalid request), <see cref="BudgetExceededException"/> or
    /// <see cref="LlmErrorKind.ContextTooLong"/> when no call could be made, or <see cref="AllRoutesFailedException"/>.</exception>
    /// <exception cref="OperationCanceledException">The caller's token was cancelled, whatever error raced it.</exception>
    /// <remarks>
    /// With <see cref="LlmRouterOptions.ContextTrimming"/> on, when a provider answered <see cref="LlmErrorKind.ContextTooLong"/> and no
    /// route with a larger window is left, the conversation is trimmed (<see cref="ContextTrimmer.TrimAfterRefusal"/>) and sent once more
    /// to the route with the largest window that refused it; the attempts before it stay in the log.
    /// </remarks>
    public async ValueTask<RouteSuccess<T>> RunAsync<T>(RoutedRequest request, Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<T>>> attempt, Activity? activity, AttemptLog log = default, bool trimmedOnce = false)
        where T : class
    {
        var callsBefore = log.Calls;
        var attemptsBefore = log.Count;
        LlmException? lastError = null;
        BudgetExceededException? budgetError = null;
        var minContextWindow = 0;
        var refused = -1; // the plan index of the largest window a provider said the conversation does not fit
        var models = request.Plan.Models;
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            if (minContextWindow > 0 && model.ContextWindow > 0 && model.ContextWindow <= minContextWindow)
            {
                continue;
            }

            if (model.ContextWindow > 0 && request.EstimatedInputTokens > Room(request, model))
            {
                // Never sent: it would fail there (routed requests never plan such a model; one named directly or a fallback may be).
                lastError = TooLong(model, request.EstimatedInputTokens, Room(request, model));
                log.AddFailure(model, TimeSpan.Zero, LlmErrorKind.ContextTooLong, lastError.Message, 0m, called: false);
                minContextWindow = Math.Max(minContextWindow, model.ContextWindow);
                continue;
            }

            Route route;
            try
            {
                route = _table.GetRoute(model);
            }
            catch (LlmException ex)
            {
                lastError = ex;
                log.AddFailure(model, TimeSpan.Zero, ex.Kind, ex.Message, 0m, called: false);
                continue;
            }

            if ((i > 0 || attemptsBefore > 0) && _health.IsCoolingDown(route.Key))
            {
                // The plan's first route was chosen among routes not cooling down (or picked directly); later ones, and every route
                // a broken stream is continued on, are skipped while cooling.
                continue;
            }

            var call = RouteCall.Create(request, route);
            var outcome = await AttemptAsync(call, ++log.LastNumber, attempt).ConfigureAwait(false);
            Add(ref log, model, outcome);
            if (outcome.Error is { } error && _maxRetries > 0 && RetryPipelineFactory.IsRetryable(error, _maxRetryDelay))
            {
                (outcome, log) = await RetryAsync(call, attempt, error, log).ConfigureAwait(false);
            }

            if (outcome.Error is null)
            {
                return new RouteSuccess<T>(outcome.Value!, route, i, outcome.Metered, log, request);
            }

            lastError = outcome.Error;
            if (!trimmedOnce && _trimmer is not null && lastError.Kind == LlmErrorKind.ContextTooLong && outcome.Called && (refused < 0 || model.ContextWindow > models[refused].ContextWindow))
            {
                refused = i;
            }

            if (request.CancellationToken.IsCancellationRequested)
            {
                // The caller gave up while the provider failed: the caller's cancellation wins (the attempt is recorded already).
                throw new OperationCanceledException("The request was cancelled by its caller.", lastError, request.CancellationToken);
            }

            if (!ContinueAfter(route, lastError, ref minContextWindow, ref budgetError, ref log))
            {
                throw lastError;
            }
        }

        if (refused >= 0 && _trimmer!.TrimAfterRefusal(request.Messages, request.Options, models[refused]) is { } conversation)
        {
            // Once more, trimmed, on the route that refused it: its attempts go on in the same log, its failure ends the request.
            var retry = request.Trimmed(conversation) with { Plan = request.Plan with { Models = [models[refused]] } };
            var success = await RunAsync(retry, attempt, activity, log, trimmedOnce: true).ConfigureAwait(false);
            return success with { PlanIndex = refused };
        }

        RequestActivity.Failed(activity, lastError?.Kind);
        throw Failed(request.Plan, log, lastError, budgetError, log.Calls == callsBefore, log.Count - attemptsBefore);
    }

    /// <summary>Gets the most tokens a request's prompt may take on a model: its window, less the output reserved for the answer once the conversation was trimmed.</summary>
    private int Room(in RoutedRequest request, ModelDescriptor model) =>
        request.TrimmedMessages > 0 && _trimmer is not null ? _trimmer.Room(model, request.Options) : model.ContextWindow;

    /// <summary>Retries a route whose first attempt failed transiently, through the Polly pipeline.</summary>
    /// <returns>The last attempt's outcome, and the log with every retry added.</returns>
    private async ValueTask<(AttemptOutcome<T> Outcome, AttemptLog Log)> RetryAsync<T>(RouteCall call, Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<T>>> attempt, LlmException firstFailure, AttemptLog log)
        where T : class
    {
        var run = new RetryRun<T>(this, call, attempt, firstFailure, log);
        var context = ResilienceContextPool.Shared.Get(call.Request.CancellationToken);
        try
        {
            var final = await _retry.ExecuteOutcomeAsync(RetryRun<T>.Callback, context, run).ConfigureAwait(false);
            return (final.Exception is null ? AttemptOutcome<T>.Success(final.Result!, run.LastMetered) : run.Fail(), run.Log);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Opens an attempt's scope and makes the attempt in it; a budget that cannot hold the attempt's worst case refuses it
    /// without a call. Without budgets the scope opens synchronously and no async frame is added.
    /// </summary>
    private ValueTask<AttemptOutcome<T>> AttemptAsync<T>(RouteCall call, int number, Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<T>>> attempt)
        where T : class
    {
        var opening = _meter.BeginAsync(call.Request, call.Route, call.Options, number);
        return opening.IsCompletedSuccessfully ? attempt(call, opening.Result) : OpenThenAttemptAsync(opening, call, attempt);
    }

    private static async ValueTask<AttemptOutcome<T>> OpenThenAttemptAsync<T>(ValueTask<AttemptScope> opening, RouteCall call, Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<T>>> attempt)
        where T : class
    {
        AttemptScope scope;
        try
        {
            scope = await opening.ConfigureAwait(false);
        }
        catch (BudgetExceededException ex)
        {
            return AttemptOutcome<T>.NotCalled(ex);
        }

        return await attempt(call, scope).ConfigureAwait(false);
    }

    private static void Add<T>(ref AttemptLog log, ModelDescriptor model, in AttemptOutcome<T> outcome)
        where T : class
    {
        if (outcome.Error is { } error)
        {
            var metered = outcome.Metered.GetValueOrDefault();
            if (outcome.Called)
            {
                log.AddFailure(model, metered.Duration, error.Kind, error.Message, metered.Cost, called: true);
            }
        }
        else if (outcome.Metered is { } metered)
        {
            log.AddSuccess(model, metered.Duration, metered.Cost);
        }
    }

    /// <summary>Decides what a route's final failure means for the request: try the next route, or stop.</summary>
    private bool ContinueAfter(Route route, LlmException error, ref int minContextWindow, ref BudgetExceededException? budgetError, ref AttemptLog log)
    {
        switch (error.Kind)
        {
            case LlmErrorKind.InvalidRequest:
                return false; // It would fail on every route.
            case LlmErrorKind.ContextTooLong:
                minContextWindow = Math.Max(minContextWindow, route.Model.ContextWindow > 0 ? route.Model.ContextWindow : int.MaxValue);
                break;
            case LlmErrorKind.RateLimited when error.RetryAfter is { } ra && ra > _maxRetryDelay:
                _health.CoolDown(route.Key, ra);
                break;
            case LlmErrorKind.BudgetExceeded:
                budgetError ??= error as BudgetExceededException;
                log.AddFailure(route.Model, TimeSpan.Zero, LlmErrorKind.BudgetExceeded, error.Message, 0m, called: false);
                break;
        }

        RouterLog.RouteFailed(_logger, route.Key, error.Kind, error.Message);
        return true;
    }

    private static LlmException TooLong(ModelDescriptor model, int estimatedInputTokens, int room) =>
        new(LlmErrorKind.ContextTooLong, room < model.ContextWindow
            ? $"The trimmed prompt (~{estimatedInputTokens} tokens) does not fit the context window of {model.Key} ({model.ContextWindow} tokens, {model.ContextWindow - room} of them kept for the answer); it was not sent."
            : $"The prompt (~{estimatedInputTokens} tokens) does not fit the context window of {model.Key} ({model.ContextWindow} tokens); it was not sent.")
        {
            Provider = model.Provider,
            Model = model.Id,
        };

    private static LlmException Failed(RoutePlan plan, in AttemptLog log, LlmException? lastError, BudgetExceededException? budgetError, bool noCall, int attempts)
    {
        if (noCall && budgetError is not null)
        {
            return budgetError;
        }

        if (noCall && attempts == 1 && lastError is { Kind: LlmErrorKind.ContextTooLong })
        {
            return lastError; // the one planned route cannot hold the prompt: said as it is, not as "all routes failed"
        }

        if (lastError is null)
        {
            var skipped = string.Join(", ", plan.Models.Select(m => m.Key));
            var error = new LlmException(LlmErrorKind.Unavailable, $"No route could take the request: every planned route ({skipped}) is cooling down or too small for the prompt.");
            return log.Count == 0 ? error : new AllRoutesFailedException(log.ToRouteAttempts().ToArray(), error);
        }

        return new AllRoutesFailedException(log.ToRouteAttempts().ToArray(), lastError);
    }

    /// <summary>
    /// The retries of one route after its first attempt failed transiently. The pipeline's first execution replays that
    /// failure instead of calling again, so Polly's counting and backoff are exactly those of a pipeline that had made
    /// the first attempt itself; the success path never enters Polly at all.
    /// </summary>
    private sealed class RetryRun<T>
        where T : class
    {
        public static readonly Func<ResilienceContext, RetryRun<T>, ValueTask<Outcome<T>>> Callback = static (_, run) => run.NextAsync();

        private readonly FailoverLoop _loop;
        private readonly RouteCall _call;
        private readonly Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<T>>> _attempt;
        private LlmException? _firstFailure;
        private LlmException? _lastFailure;
        private OperationCanceledException? _cancelled;

        public RetryRun(FailoverLoop loop, RouteCall call, Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<T>>> attempt, LlmException firstFailure, AttemptLog log)
        {
            _loop = loop;
            _call = call;
            _attempt = attempt;
            _firstFailure = firstFailure;
            _lastFailure = firstFailure;
            Log = log;
        }

        public AttemptLog Log;

        public MeteredAttempt? LastMetered { get; private set; }

        /// <summary>Ends the retries without success: the caller's cancellation propagates; otherwise the last failure decides.</summary>
        public AttemptOutcome<T> Fail()
        {
            if (_cancelled is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_cancelled);
            }

            _call.Request.CancellationToken.ThrowIfCancellationRequested(); // cancelled while waiting to retry
            return AttemptOutcome<T>.Failure(_lastFailure!, LastMetered.GetValueOrDefault());
        }

        private async ValueTask<Outcome<T>> NextAsync()
        {
            if (_firstFailure is { } first)
            {
                _firstFailure = null;
                return Outcome.FromException<T>(first);
            }

            try
            {
                var outcome = await _loop.AttemptAsync(_call, ++Log.LastNumber, _attempt).ConfigureAwait(false);
                Add(ref Log, _call.Route.Model, outcome);
                LastMetered = outcome.Metered;
                if (outcome.Error is { } error)
                {
                    _lastFailure = error;
                    return Outcome.FromException<T>(error);
                }

                return Outcome.FromResult(outcome.Value!);
            }
            catch (OperationCanceledException ex)
            {
                _cancelled = ex;
                return Outcome.FromException<T>(ex);
            }
        }
    }
}
