using Microsoft.Extensions.AI;

namespace LlmRouter.Cli.Commands.Chat;

/// <summary>One answer in a chat: its text, how it was routed, what it used and how long it took.</summary>
/// <param name="Text">The answer.</param>
/// <param name="Route">How it was routed, or <see langword="null"/> when the router did not say.</param>
/// <param name="Usage">The tokens it used, or <see langword="null"/> when the provider did not say.</param>
/// <param name="Duration">From sending to the last update.</param>
internal sealed record ChatTurn(string Text, RouteInfo? Route, UsageDetails? Usage, TimeSpan Duration);
