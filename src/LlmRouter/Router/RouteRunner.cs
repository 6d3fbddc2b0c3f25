using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>
/// Runs routed calls: prepares the request, tries its routes through the <see cref="FailoverLoop"/> with one attempt for a
/// response and one for the start of a stream, both opened and closed by the <see cref="AttemptMeter"/>, and puts the
/// <see cref="RouteInfo"/> on the result. A stream fails over only until its first update reaches the caller; after that, with
/// <see cref="LlmRouterOptions.ContinueOnStreamFailure"/>, a broken stream is continued on the plan's later routes.
/// Whenever the caller's token is cancelled, the caller gets <see cref="OperationCanceledException"/>, whatever error raced it.
/// </summary>
internal sealed class RouteRunner
{
    private readonly RoutePlanner _planner;
    private readonly FailoverLoop _loop;
    private readonly AttemptMeter _meter;
    private readonly UsageEstimator _estimator;
    private readonly TimeSpan _attemptTimeout;
    private readonly bool _continueStreams;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<ChatResponse>>> _send;
    private readonly Func<RouteCall, AttemptScope, ValueTask<AttemptOutcome<OpenStream>>> _open;

    public RouteRunner(RoutePlanner planner, FailoverLoop loop, AttemptMeter meter, UsageEstimator estimator, TimeSpan attemptTimeout, bool continueStreams, TimeProvider time, ILogger logger)
    {
        _planner = planner;
        _loop = loop;
        _meter = meter;
        _estimator = estimator;
        _attemptTimeout = attemptTimeout;
        _continueStreams = continueStreams;
        _time = time;
        _logger = logger;
        _send = SendAsync;
        _open = OpenAsync;
    }

    /// <summary>Routes a non-streaming call.</summary>
    /// <param name="messages">The caller's messages.</param>
    /// <param name="options">The caller's options.</param>
    /// <param name="plan">A plan to follow instead of planning (comparisons), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, RoutePlan? plan, CancellationToken cancellationToken)
    {
        try
        {
            var request = await _planner.PrepareAsync(messages, options, plan, cancellationToken).ConfigureAwait(false);
            using var activity = RequestActivity.Start(request);
            var success = await _loop.RunAsync(request, _send, activity).ConfigureAwait(false);
            var response = success.Value;
            (response.AdditionalProperties ??= [])[RouteInfoExtensions.PropertyKey] = Complete(request.Plan, success.Route, success.PlanIndex, success.Log, success.Metered.GetValueOrDefault().Cost, success.Request.TrimmedMessages, activity, response.Usage);
            return response;
        }
        catch (LlmException ex) when (cancellationToken.IsCancellationRequested)
        {
            throw Cancelled(ex, cancellationToken);
        }
    }

    /// <summary>Routes a streaming call; the last update carries the <see cref="RouteInfo"/>.</summary>
    /// <param name="messages">The caller's messages.</param>
    /// <param name="options">The caller's options.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Everything the stream needs lives on the OpenStream, so this iterator's own frame stays small.
        var stream = await StartStreamAsync(messages, options, cancellationToken).ConfigureAwait(false);
        try
        {
            // A first, empty update names the model answering, before the stream's end brings the whole RouteInfo. (The
            // provider's own updates are left as they are: a provider or a cache may hand the same instances to many callers.)
            yield return new ChatResponseUpdate
            {
                Role = ChatRole.Assistant,
                AdditionalProperties = new() { [RouteInfoExtensions.StreamModelPropertyKey] = stream.Route.Model },
            };

            decimal cost;
            while (true)
            {
                LlmException? failure = null;
                var completed = false;
                try
                {
                    var first = stream.Stamp(stream.First);
                    stream.Observe(first);
                    yield return first;

                    while (true)
                    {
                        ChatResponseUpdate current;
                        try
                        {
                            if (!await stream.Enumerator.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }

                            current = stream.Stamp(stream.Enumerator.Current);
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            throw;
                        }
                        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
                        {
                            throw new OperationCanceledException("The stream was cancelled by its caller.", SecretRedactor.ChainHasKeyShape(ex) ? null : ex, cancellationToken);
                        }
                        catch (Exception ex)
                        {
                            failure = Interrupted(ex, stream);
                            if (!CanContinue(failure, stream))
                            {
                                throw failure;
                            }

                            break; // continued below, once this attempt is closed
                        }

                        stream.Observe(current);
                        yield return current;
                    }

                    completed = failure is null;
                }
                finally
                {
                    cost = await CloseAsync(stream, completed, failure, cancellationToken).ConfigureAwait(false);
                }

                if (completed)
                {
                    break;
                }

                stream = await ContinueAsync(stream, failure!).ConfigureAwait(false);
                yield return new ChatResponseUpdate
                {
                    Role = ChatRole.Assistant,
                    AdditionalProperties = new() { [RouteInfoExtensions.ContinuationPropertyKey] = stream.Route.Key },
                };
            }

            var info = Complete(stream.Plan, stream.Route, stream.PlanIndex, stream.Log, cost, stream.TrimmedMessages, stream.Activity, stream.Usage);
            yield return new ChatResponseUpdate { AdditionalProperties = new() { [RouteInfoExtensions.PropertyKey] = info } };
        }
        finally
        {
            stream.Activity?.Dispose(); // one span for the request: a continuation carries the same
        }
    }

    /// <summary>Prepares a streaming call and runs its routes until one has produced its first update.</summary>
    private async ValueTask<OpenStream> StartStreamAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        Activity? activity = null;
        try
        {
            var request = await _planner.PrepareAsync(messages, options, null, cancellationToken).ConfigureAwait(false);
            activity = RequestActivity.Start(request);
            var success = await _loop.RunAsync(request, _open, activity).ConfigureAwait(false);
            // A continuation starts from the conversation the stream was started with (trimmed, if it was).
            var served = success.Request with { Plan = request.Plan };
            success.Value.Attach(request.Plan, success.PlanIndex, success.Log, served.TrimmedMessages, activity, _continueStreams ? new StreamContinuation(served) : null);
            return success.Value;
        }
        catch (LlmException ex) when (cancellationToken.IsCancellationRequested)
        {
            activity?.Dispose();
            throw Cancelled(ex, cancellationToken);
        }
        catch
        {
            activity?.Dispose();
            throw;
        }
    }

    /// <summary>Closes a stream's attempt: disposes it, then meters it (a stream its caller stopped reading early succeeded) and adds it to the request's log.</summary>
    /// <returns>What the attempt cost.</returns>
    private async ValueTask<decimal> CloseAsync(OpenStream stream, bool completed, LlmException? failure, CancellationToken cancellationToken)
    {
        // A provider that sent no usage (or was cut off before it) is metered by estimate, read before the stream's buffer goes.
        var estimated = stream.Usage is null;
        var usage = stream.Usage ?? _estimator.Streamed(stream);
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception disposeError) when (!completed && disposeError is not OutOfMemoryException)
        {
            // Closing a broken or cancelled stream can fail too; the attempt must still be recorded.
        }

        if (completed || (failure is null && !cancellationToken.IsCancellationRequested))
        {
            var metered = await _meter.SucceededAsync(stream.Scope, usage, stream.TimeToFirstToken, estimated).ConfigureAwait(false);
            stream.Log.AddSuccess(stream.Route.Model, metered.Duration, metered.Cost);
            return metered.Cost;
        }

        var failed = await _meter.FailedAsync(stream.Scope, failure, usage, estimated).ConfigureAwait(false);
        if (failure is not null)
        {
            stream.Log.AddFailure(stream.Route.Model, failed.Duration, failure.Kind, failure.Message, failed.Cost, called: true);
        }

        return failed.Cost;
    }

    /// <summary>Tells whether a stream that broke after output reached the caller may be continued on a later route.</summary>
    /// <remarks>Not when the answer was stopped on purpose (a content filter), or would fail anywhere (an invalid request, a budget).</remarks>
    private static bool CanContinue(LlmException failure, OpenStream stream) =>
        stream.Continuation is not null
        && stream.PlanIndex + 1 < stream.Plan.Models.Count
        && CauseKind(failure) is not (LlmErrorKind.ContentFiltered or LlmErrorKind.InvalidRequest or LlmErrorKind.BudgetExceeded);

    /// <summary>
    /// Continues a stream that broke after output reached the caller on the plan's later routes, through the failover loop (retries,
    /// budgets, cooldowns), from the caller's messages, the text sent so far and an instruction to go on where it stopped.
    /// </summary>
    /// <returns>The stream that continues it, its first update not yet passed on.</returns>
    /// <exception cref="LlmException"><see cref="LlmErrorKind.StreamInterrupted"/> with every text sent so far, when no later route could continue.</exception>
    private async ValueTask<OpenStream> ContinueAsync(OpenStream broken, LlmException failure)
    {
        var state = broken.Continuation!;
        var request = state.Request;
        var said = failure.PartialText ?? string.Empty; // read when it broke: the stream's own buffer is released once it is closed
        RouterLog.RouteFailed(_logger, broken.Route.Key, failure.Kind, failure.Message);
        var continuation = _planner.Continue(request, said, broken.PlanIndex) ?? throw failure;
        RouteSuccess<OpenStream> success;
        try
        {
            success = await _loop.RunAsync(continuation, _open, broken.Activity, broken.Log).ConfigureAwait(false);
        }
        catch (LlmException ex) when (request.CancellationToken.IsCancellationRequested)
        {
            throw Cancelled(ex, request.CancellationToken);
        }
        catch (LlmException ex)
        {
            throw new LlmException(LlmErrorKind.StreamInterrupted, $"{failure.Message} Continuing it on a later route failed: {ex.Message}", ex)
            {
                Provider = failure.Provider,
                Model = failure.Model,
                StatusCode = failure.StatusCode,
                PartialText = said,
            };
        }

        var next = success.Value;
        state.Resume(said);
        next.Attach(broken.Plan, broken.PlanIndex + 1 + success.PlanIndex, success.Log, success.Request.TrimmedMessages, broken.Activity, state);
        RouterLog.StreamContinued(_logger, broken.Route.Key, next.Route.Key, said.Length);
        return next;
    }

    /// <summary>One attempt at a response on the call's route.</summary>
    private async ValueTask<AttemptOutcome<ChatResponse>> SendAsync(RouteCall call, AttemptScope scope)
    {
        var caller = call.Request.CancellationToken;
        var token = AttemptToken(caller, scope.Deadline, out var linked);
        try
        {
            var response = await call.Route.Client.GetResponseAsync(call.Request.Messages, call.Options, token).ConfigureAwait(false)
                ?? throw new LlmException(LlmErrorKind.Unknown, $"{call.Route.Key} returned no response.") { Provider = call.Route.Model.Provider, Model = call.Route.Model.Id };
            var metered = response.Usage is { } usage
                ? await _meter.SucceededAsync(scope, usage).ConfigureAwait(false)
                : await _meter.SucceededAsync(scope, _estimator.Answered(call, response), estimated: true).ConfigureAwait(false);
            return AttemptOutcome<ChatResponse>.Success(response, metered);
        }
        catch (OperationCanceledException) when (caller.IsCancellationRequested)
        {
            await FailedAsync(call, scope, null).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            var error = AttemptError(call.Route, ex, "did not answer");
            return AttemptOutcome<ChatResponse>.Failure(error, await FailedAsync(call, scope, error).ConfigureAwait(false));
        }
        finally
        {
            linked?.Dispose();
        }
    }

    /// <summary>One attempt at starting a stream on the call's route: succeeds once the first update has come, within the attempt timeout;
    /// a stream that ends without one fails (<see cref="LlmErrorKind.Unknown"/>).</summary>
    private async ValueTask<AttemptOutcome<OpenStream>> OpenAsync(RouteCall call, AttemptScope scope)
    {
        // The stream runs on its own token: the caller's, and the deadline only until the first update.
        var caller = call.Request.CancellationToken;
        var source = caller.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(caller) : new CancellationTokenSource();
        var deadline = default(CancellationTokenRegistration);
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = call.Route.Client.GetStreamingResponseAsync(call.Request.Messages, call.Options, source.Token).GetAsyncEnumerator(source.Token);
            var moving = enumerator.MoveNextAsync();
            if (!moving.IsCompleted && scope.Deadline.CanBeCanceled)
            {
                // Still waiting for the first update: the deadline may cut it (at once, if it has passed already).
                deadline = scope.Deadline.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), source);
            }

            if (!await moving.ConfigureAwait(false))
            {
                // Not an empty answer but a failed attempt, like a response with no body: nothing reached the caller, so it fails over.
                throw new LlmException(LlmErrorKind.Unknown, $"{call.Route.Key} ended its stream without a single update.")
                {
                    Provider = call.Route.Model.Provider,
                    Model = call.Route.Model.Id,
                };
            }

            var first = enumerator.Current;
            var timeToFirstToken = _time.GetElapsedTime(scope.StartTimestamp);
            deadline.Dispose(); // the deadline covers the first update only
            return AttemptOutcome<OpenStream>.Success(new OpenStream(scope, call, enumerator, source, first, timeToFirstToken), null);
        }
        catch (Exception ex)
        {
            deadline.Dispose();
            if (enumerator is not null)
            {
                try
                {
                    await enumerator.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception disposeError) when (disposeError is not OutOfMemoryException)
                {
                    // The attempt's own failure is what matters.
                }
            }

            source.Dispose();
            if (ex is OperationCanceledException && caller.IsCancellationRequested)
            {
                await FailedAsync(call, scope, null).ConfigureAwait(false);
                throw;
            }

            var error = AttemptError(call.Route, ex, "sent no first update");
            return AttemptOutcome<OpenStream>.Failure(error, await FailedAsync(call, scope, error).ConfigureAwait(false));
        }
    }

    /// <summary>Closes an attempt that failed before any answer, metering by estimate what the provider may have read (<see cref="UsageEstimator.Unanswered"/>).</summary>
    private ValueTask<MeteredAttempt> FailedAsync(in RouteCall call, in AttemptScope scope, LlmException? error) =>
        _estimator.Unanswered(call, error) is { } estimate
            ? _meter.FailedAsync(scope, error, estimate, estimated: true)
            : _meter.FailedAsync(scope, error);

    /// <summary>The token an attempt's call gets: the caller's and the deadline's, linked only when both can cancel.</summary>
    private static CancellationToken AttemptToken(CancellationToken caller, CancellationToken deadline, out CancellationTokenSource? linked)
    {
        linked = null;
        if (!deadline.CanBeCanceled)
        {
            return caller;
        }

        if (!caller.CanBeCanceled)
        {
            return deadline;
        }

        linked = CancellationTokenSource.CreateLinkedTokenSource(caller, deadline);
        return linked.Token;
    }

    private RouteInfo Complete(RoutePlan plan, Route route, int planIndex, in AttemptLog log, decimal cost, int trimmedMessages, Activity? activity, UsageDetails? usage)
    {
        var model = route.Model;
        if (planIndex > 0)
        {
            LlmRouterTelemetry.Fallbacks.Add(1, new KeyValuePair<string, object?>(LlmRouterTelemetry.Tags.Route, route.Key));
            RouterLog.FellBack(_logger, plan.Models[0].Key, route.Key);
        }

        RequestActivity.Succeeded(activity, model, log.Count, log.TotalCost, usage);
        return new RouteInfo(model.Provider, model.Id, plan.Strategy, plan.Reason, cost, log.ToRouteAttempts())
        {
            TotalCost = log.TotalCost,
            TrimmedMessages = trimmedMessages,
        };
    }

    /// <summary>What a failed attempt's exception means: a cancellation that is not the caller's is the attempt timeout; anything else is classified.</summary>
    private LlmException AttemptError(Route route, Exception exception, string what) =>
        exception is OperationCanceledException
            ? new LlmException(LlmErrorKind.Timeout, $"{route.Key} {what} within the attempt timeout of {_attemptTimeout}.", exception) { Provider = route.Model.Provider, Model = route.Model.Id }
            : Classify(exception, route);

    private static LlmException Interrupted(Exception ex, OpenStream stream)
    {
        var cause = Classify(ex, stream.Route);
        if (cause.Kind == LlmErrorKind.StreamInterrupted && !string.IsNullOrEmpty(cause.PartialText))
        {
            // The provider's base already said so, with the cause as its inner exception: not wrapped twice, only given the text
            // earlier streams of a continued request sent.
            return stream.TextBefore.Length == 0 ? cause : WithPartialText(cause, stream.TextBefore + cause.PartialText);
        }

        return new LlmException(LlmErrorKind.StreamInterrupted, $"The stream from {stream.Route.Key} failed after it had started ({cause.Kind}: {cause.Message}); the partial text is on PartialText.", cause)
        {
            Provider = stream.Route.Model.Provider,
            Model = stream.Route.Model.Id,
            StatusCode = cause.StatusCode,
            PartialText = stream.PartialText(),
        };
    }

    /// <summary>What broke a stream: the kind of the first error under the <see cref="LlmErrorKind.StreamInterrupted"/> wrappers.</summary>
    private static LlmErrorKind CauseKind(LlmException failure)
    {
        var error = failure;
        while (error.Kind == LlmErrorKind.StreamInterrupted && error.InnerException is LlmException inner)
        {
            error = inner;
        }

        return error.Kind;
    }

    private static LlmException WithPartialText(LlmException error, string partialText) =>
        new(error.Kind, error.Message, error.InnerException)
        {
            Provider = error.Provider,
            Model = error.Model,
            StatusCode = error.StatusCode,
            RetryAfter = error.RetryAfter,
            PartialText = partialText,
        };

    private static OperationCanceledException Cancelled(LlmException error, CancellationToken cancellationToken) =>
        new("The request was cancelled by its caller.", error, cancellationToken);

    /// <summary>Maps what an attempt threw to the error the router decides on and passes on, with key-shaped strings masked.</summary>
    private static LlmException Classify(Exception ex, Route route)
    {
        var error = LlmExceptionClassifier.Classify(ex, route.Model.Provider, route.Model.Id);
        if (error.Provider is null && error is not BudgetExceededException && error.GetType() == typeof(LlmException))
        {
            // Name the route on errors a provider raised without it.
            error = new LlmException(error.Kind, error.Message, error)
            {
                Provider = route.Model.Provider,
                Model = route.Model.Id,
                StatusCode = error.StatusCode,
                RetryAfter = error.RetryAfter,
                PartialText = error.PartialText,
            };
        }

        return error is BudgetExceededException ? error : SecretRedactor.MaskKeys(error);
    }
}
