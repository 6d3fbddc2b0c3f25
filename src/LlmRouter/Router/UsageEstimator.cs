using Microsoft.Extensions.AI;

namespace LlmRouter;

/// <summary>
/// What an attempt most likely used when its provider reported no usage, so that it is metered and charged to budgets rather
/// than recorded as free (<see cref="UsageRecord.Estimated"/>). Input is the request's estimated size; output is the estimated
/// size of what came back. An attempt the provider refused with an error used nothing and is not estimated; one that timed out,
/// was cancelled or broke may have been worked on (a provider bills the prompt it read, and the tokens it produced), so its
/// prompt at least is counted.
/// </summary>
/// <remarks>
/// Only read when usage is missing: the provider's usage, when reported, is always what is recorded. An estimate never exceeds
/// what the attempt's budget reservation allowed for (<see cref="TokenBound"/>), so estimates cannot make budgets overspend.
/// </remarks>
internal sealed class UsageEstimator
{
    private readonly TokenEstimator _tokens;

    public UsageEstimator(TokenEstimator tokens)
    {
        _tokens = tokens;
    }

    /// <summary>Estimates an answer that came without usage: the prompt and the answer's messages.</summary>
    /// <param name="call">The attempt's call.</param>
    /// <param name="response">The answer.</param>
    public UsageDetails Answered(in RouteCall call, ChatResponse response)
    {
        long output = 0;
        foreach (var message in response.Messages)
        {
            output += _tokens.Contents(message.Contents);
        }

        return Usage(call, output);
    }

    /// <summary>Estimates a stream that ended, broke or was cancelled before any usage came: the prompt and what was received.</summary>
    /// <param name="stream">The stream.</param>
    public UsageDetails Streamed(OpenStream stream) => Usage(stream.Call, stream.OutputTokens(_tokens));

    /// <summary>Estimates an attempt that failed before any answer: its prompt when the provider may have read it, else nothing.</summary>
    /// <param name="call">The attempt's call.</param>
    /// <param name="error">Why it failed, or <see langword="null"/> when its caller cancelled it.</param>
    /// <returns>The estimate, or <see langword="null"/> when the provider refused the request (it used nothing).</returns>
    /// <remarks>
    /// Estimated: a call its caller cancelled, and one that timed out or broke off without an answer from the provider (no status
    /// code: the attempt's deadline, a dropped connection). Not estimated: any error the provider answered with (a status code,
    /// a 408 or 504 included), and any other failure, which may have been raised before the request left (a provider package
    /// refuses bad input before any network call).
    /// </remarks>
    public UsageDetails? Unanswered(in RouteCall call, LlmException? error) =>
        error is null || (error.StatusCode is null && error.Kind is LlmErrorKind.Timeout or LlmErrorKind.StreamInterrupted) ? Usage(call, 0) : null;

    private UsageDetails Usage(in RouteCall call, long output)
    {
        long input = _tokens.Estimate(call.Request.Messages, call.Request.Options);
        if (call.Request.InputTokenBound > 0)
        {
            input = Math.Min(input, call.Request.InputTokenBound); // the budget reserved no more
        }

        output = Math.Min(output, TokenBound.OutputTokens(call.Route.Model, call.Options));
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }
}
