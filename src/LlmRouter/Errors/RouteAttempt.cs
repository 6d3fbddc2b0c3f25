namespace LlmRouter;

/// <summary>One attempt at one route while serving a request.</summary>
/// <param name="Provider">The provider tried.</param>
/// <param name="Model">The model id tried.</param>
/// <param name="Duration">How long the attempt took.</param>
/// <param name="Error">Why it failed, or <see langword="null"/> when it succeeded.</param>
/// <param name="ErrorMessage">The failure's message, or <see langword="null"/>.</param>
public sealed record RouteAttempt(string Provider, string Model, TimeSpan Duration, LlmErrorKind? Error, string? ErrorMessage);
