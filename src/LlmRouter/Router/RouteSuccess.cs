namespace LlmRouter;

/// <summary>A request's successful attempt: what it gave, on which route, and every attempt up to it.</summary>
/// <typeparam name="T">A response, or a stream that has produced its first update.</typeparam>
/// <param name="Value">The response or open stream.</param>
/// <param name="Route">The route that succeeded.</param>
/// <param name="PlanIndex">Its index in the plan (above 0: a fallback).</param>
/// <param name="Metered">What metering found, or <see langword="null"/> for a stream still open.</param>
/// <param name="Log">Every attempt so far, the successful one included once metered.</param>
/// <param name="Request">The request as the successful route got it: the caller's, or trimmed after a provider said it was too long.</param>
internal readonly record struct RouteSuccess<T>(T Value, Route Route, int PlanIndex, MeteredAttempt? Metered, AttemptLog Log, RoutedRequest Request);
