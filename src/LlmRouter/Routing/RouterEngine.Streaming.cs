using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>Streaming: fail over until the first update reaches the caller, then stream through; meter in a finally.</summary>
internal sealed partial class RouterEngine
{
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = await BeginAsync(messages, options, forcedPlan: null, cancellationToken).ConfigureAwait(false);
        using var activity = StartActivity(state);
        var (stream, planIndex) = await RunRoutesAsync(state, _streamPipeline, static (ctx, s) => s.Engine.StartStreamAsync(s, ctx.CancellationToken), activity).ConfigureAwait(false);

        LlmException? failure = null;
        var completed = false;
        try
        {
            if (stream.First is { } first)
            {
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

                        current = stream.Enumerator.Current;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception ex)
                    {
                        var cause = Classify(ex, stream.Route);
                        failure = new LlmException(LlmErrorKind.StreamInterrupted, $"The stream from {stream.Route.Key} failed after it had started ({cause.Kind}: {cause.Message}); the partial text is on PartialText.", ex)
                        {
                            Provider = stream.Route.Model.Provider,
                            Model = stream.Route.Model.Id,
                            StatusCode = cause.StatusCode,
                            PartialText = stream.PartialText(),
                        };
                        throw failure;
                    }

                    stream.Observe(current);
                    yield return current;
                }
            }

            completed = true;
        }
        finally
        {
            var elapsed = _time.GetElapsedTime(stream.StartTimestamp);
            await stream.DisposeAsync().ConfigureAwait(false);
            if (completed || (failure is null && !cancellationToken.IsCancellationRequested))
            {
                state.LastCost = await RecordSuccessAsync(state, stream.Route, stream.Usage, stream.StartedAt, elapsed, stream.TimeToFirstToken, stream.Attempt, stream.Reservation).ConfigureAwait(false);
            }
            else
            {
                await RecordFailureAsync(state, stream.Route, failure, stream.Usage, stream.StartedAt, elapsed, stream.Attempt, stream.Reservation).ConfigureAwait(false);
            }
        }

        var info = Complete(state, planIndex, activity);
        yield return new ChatResponseUpdate { AdditionalProperties = new() { [RouteInfoExtensions.PropertyKey] = info } };
    }

    /// <summary>Starts a stream on the current route and waits for its first update, within the attempt timeout. Runs inside the retry pipeline.</summary>
    private async ValueTask<StreamAttempt> StartStreamAsync(RequestState state, CancellationToken token)
    {
        var route = state.Route;
        var attempt = ++state.AttemptNumber;
        var reservation = await ReserveAsync(state, route).ConfigureAwait(false);
        var startedAt = _time.GetUtcNow();
        var start = _time.GetTimestamp();
        state.AnyCallMade = true;
        var linked = CancellationTokenSource.CreateLinkedTokenSource(token);
        ITimer? timer = _options.AttemptTimeout == Timeout.InfiniteTimeSpan
            ? null
            : _time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), linked, _options.AttemptTimeout, Timeout.InfiniteTimeSpan);
        IAsyncEnumerator<ChatResponseUpdate>? enumerator = null;
        try
        {
            enumerator = route.Client.GetStreamingResponseAsync(state.Messages, state.RouteOptions, linked.Token).GetAsyncEnumerator(linked.Token);
            var first = await enumerator.MoveNextAsync().ConfigureAwait(false) ? enumerator.Current : null;
            var ttft = _time.GetElapsedTime(start);
            if (timer is not null)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

            return new StreamAttempt(route, enumerator, linked, first, reservation, startedAt, start, ttft, attempt);
        }
        catch (Exception ex)
        {
            if (timer is not null)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }

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

            linked.Dispose();
            var elapsed = _time.GetElapsedTime(start);
            if (ex is OperationCanceledException && state.CallerToken.IsCancellationRequested)
            {
                await RecordFailureAsync(state, route, null, null, startedAt, elapsed, attempt, reservation).ConfigureAwait(false);
                throw;
            }

            var error = ex is OperationCanceledException
                ? new LlmException(LlmErrorKind.Timeout, $"{route.Key} sent no first update within the attempt timeout of {_options.AttemptTimeout}.", ex) { Provider = route.Model.Provider, Model = route.Model.Id }
                : Classify(ex, route);
            await RecordFailureAsync(state, route, error, null, startedAt, elapsed, attempt, reservation).ConfigureAwait(false);
            throw error;
        }
    }
}
