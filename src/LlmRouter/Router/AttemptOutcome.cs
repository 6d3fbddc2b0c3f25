namespace LlmRouter;

/// <summary>What one attempt at a route came to: its result, or the failure the router decides on; and what metering found.</summary>
/// <typeparam name="T">A response, or a stream that has produced its first update.</typeparam>
internal readonly struct AttemptOutcome<T>
    where T : class
{
    private AttemptOutcome(T? value, LlmException? error, MeteredAttempt? metered, bool called)
    {
        Value = value;
        Error = error;
        Metered = metered;
        Called = called;
    }

    /// <summary>Gets the result, when the attempt succeeded.</summary>
    public T? Value { get; }

    /// <summary>Gets the failure, when it failed.</summary>
    public LlmException? Error { get; }

    /// <summary>Gets what metering found, or <see langword="null"/> while a stream is still open (it is metered when it ends) or when no call was made.</summary>
    public MeteredAttempt? Metered { get; }

    /// <summary>Gets a value indicating whether the attempt reached the provider (a budget refusal does not).</summary>
    public bool Called { get; }

    public static AttemptOutcome<T> Success(T value, MeteredAttempt? metered) => new(value, null, metered, called: true);

    public static AttemptOutcome<T> Failure(LlmException error, MeteredAttempt metered) => new(null, error, metered, called: true);

    public static AttemptOutcome<T> NotCalled(LlmException error) => new(null, error, null, called: false);
}
