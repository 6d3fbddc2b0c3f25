using System.Diagnostics;
using System.Buffers;
using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// A stream that has produced its first update on a route: what the router needs to pass it through, meter and settle it,
/// to continue it on a later route when it breaks (<see cref="LlmRouterOptions.ContinueOnStreamFailure"/>), and to describe the
/// request's route when it ends (the plan, every attempt, the span).
/// </summary>
internal sealed class OpenStream : IAsyncDisposable
{
    /// <summary>Every attempt of the request; the stream's own is added when it is metered at the end.</summary>
    public AttemptLog Log;

    private readonly CancellationTokenSource _source;
    private ChatResponseUpdate? _firstSeen;
    private ChatResponseUpdate[]? _seen;
    private int _seenCount;
    private bool _usageOwned;

    public OpenStream(AttemptScope scope, in RouteCall call, IAsyncEnumerator<ChatResponseUpdate> enumerator, CancellationTokenSource source, ChatResponseUpdate first, TimeSpan timeToFirstToken)
    {
        Scope = scope;
        Call = call;
        Enumerator = enumerator;
        _source = source;
        First = first;
        TimeToFirstToken = timeToFirstToken;
    }

    public AttemptScope Scope { get; }

    /// <summary>Gets the call that opened the stream (to estimate its usage when the provider reports none).</summary>
    public RouteCall Call { get; }

    public Route Route => Scope.Route;

    public IAsyncEnumerator<ChatResponseUpdate> Enumerator { get; }

    /// <summary>Gets the stream's first update (a stream without one is a failed attempt, never an open stream).</summary>
    public ChatResponseUpdate First { get; }

    public TimeSpan TimeToFirstToken { get; }

    public UsageDetails? Usage { get; private set; }

    /// <summary>Gets the request's plan.</summary>
    public RoutePlan Plan { get; private set; } = null!;

    /// <summary>Gets the index in the plan of the stream's route (above 0: a fallback or a continuation).</summary>
    public int PlanIndex { get; private set; }

    /// <summary>Gets how many of the caller's messages were dropped to fit a context window (<see cref="RouteInfo.TrimmedMessages"/>).</summary>
    public int TrimmedMessages { get; private set; }

    /// <summary>Gets the request's span, ended with the stream.</summary>
    public Activity? Activity { get; private set; }

    /// <summary>Gets what continuing the request on a later route needs, or <see langword="null"/> when
    /// <see cref="LlmRouterOptions.ContinueOnStreamFailure"/> is off.</summary>
    public StreamContinuation? Continuation { get; private set; }

    /// <summary>Gets the text the caller received from earlier streams of the request, which this one continues; empty for the first.</summary>
    public string TextBefore => Continuation?.TextBefore ?? string.Empty;

    /// <summary>Records which request the stream serves, once the failover loop has chosen it.</summary>
    /// <param name="plan">The request's plan.</param>
    /// <param name="planIndex">The index of the stream's route in the plan.</param>
    /// <param name="log">Every attempt of the request so far.</param>
    /// <param name="trimmedMessages">How many of the caller's messages were dropped to fit a context window.</param>
    /// <param name="activity">The request's span.</param>
    /// <param name="continuation">What continuing the request needs, or <see langword="null"/> when it is not to be continued.</param>
    public void Attach(RoutePlan plan, int planIndex, AttemptLog log, int trimmedMessages, Activity? activity, StreamContinuation? continuation)
    {
        Plan = plan;
        PlanIndex = planIndex;
        Log = log;
        TrimmedMessages = trimmedMessages;
        Activity = activity;
        Continuation = continuation;
    }

    /// <summary>Gets an update as the caller receives it (see <see cref="StreamContinuation.Stamp"/>); as it is when the request is not to be continued.</summary>
    /// <param name="update">An update of this stream.</param>
    /// <returns>The update to pass on.</returns>
    public ChatResponseUpdate Stamp(ChatResponseUpdate update) => Continuation is { } continuation ? continuation.Stamp(update) : update;

    /// <summary>Reads usage from an update and keeps a reference to it for the partial text; no allocation per update.</summary>
    /// <remarks>The first update is held in a field and later ones in a pooled array, so a one-update stream rents nothing;
    /// usage is summed into a new <see cref="UsageDetails"/> only when a second <see cref="UsageContent"/> comes.</remarks>
    public void Observe(ChatResponseUpdate update)
    {
        var contents = update.Contents;
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is UsageContent usage)
            {
                AddUsage(usage.Details);
            }
        }

        if (_firstSeen is null)
        {
            _firstSeen = update;
            return;
        }

        if (_seen is null || _seenCount == _seen.Length)
        {
            var bigger = ArrayPool<ChatResponseUpdate>.Shared.Rent(_seen is null ? 16 : _seen.Length * 2);
            if (_seen is not null)
            {
                Array.Copy(_seen, bigger, _seenCount);
                ArrayPool<ChatResponseUpdate>.Shared.Return(_seen, clearArray: true);
            }

            _seen = bigger;
        }

        _seen[_seenCount++] = update;
    }

    /// <summary>The text the caller has received so far: the earlier streams' (<see cref="TextBefore"/>), then this one's; read it before the stream is disposed.</summary>
    public string PartialText()
    {
        if (_firstSeen is null)
        {
            return TextBefore;
        }

        var sb = new System.Text.StringBuilder(TextBefore).Append(_firstSeen.Text);
        for (var i = 0; i < _seenCount; i++)
        {
            sb.Append(_seen![i].Text);
        }

        return sb.ToString();
    }

    /// <summary>Estimates the tokens this stream has received (not the earlier streams' it continues); read it before the stream is disposed.</summary>
    /// <param name="tokens">The estimator.</param>
    public long OutputTokens(TokenEstimator tokens)
    {
        if (_firstSeen is null)
        {
            return 0;
        }

        var total = tokens.Contents(_firstSeen.Contents);
        for (var i = 0; i < _seenCount; i++)
        {
            total += tokens.Contents(_seen![i].Contents);
        }

        return total;
    }

    private void AddUsage(UsageDetails details)
    {
        if (Usage is null)
        {
            Usage = details; // read only: the provider's own object is never changed
            _usageOwned = false;
            return;
        }

        if (!_usageOwned)
        {
            var sum = new UsageDetails();
            sum.Add(Usage);
            Usage = sum;
            _usageOwned = true;
        }

        Usage.Add(details);
    }

    /// <summary>Disposes the provider's enumerator, then the stream's token source and buffer; synchronous when the enumerator's disposal is.</summary>
    public ValueTask DisposeAsync()
    {
        ValueTask disposing;
        try
        {
            disposing = Enumerator.DisposeAsync();
        }
        catch
        {
            Release();
            throw;
        }

        if (disposing.IsCompletedSuccessfully)
        {
            disposing.GetAwaiter().GetResult(); // consumes it, as a ValueTask must be
            Release();
            return default;
        }

        return AwaitDisposalAsync(disposing);
    }

    private async ValueTask AwaitDisposalAsync(ValueTask disposing)
    {
        try
        {
            await disposing.ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        _source.Dispose();
        if (_seen is not null)
        {
            ArrayPool<ChatResponseUpdate>.Shared.Return(_seen, clearArray: true);
            _seen = null;
            _seenCount = 0;
        }
    }
}
