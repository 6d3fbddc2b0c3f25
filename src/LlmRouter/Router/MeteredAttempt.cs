namespace LlmRouter;

/// <summary>What metering an attempt found: how long it took and what it cost.</summary>
/// <param name="Duration">From the attempt's start to its end (for a stream, to its last update).</param>
/// <param name="Cost">The cost in USD, from the usage the provider reported and the model's prices.</param>
internal readonly record struct MeteredAttempt(TimeSpan Duration, decimal Cost);
