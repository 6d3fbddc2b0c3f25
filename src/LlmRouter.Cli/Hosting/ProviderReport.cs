namespace LlmRouter.Cli.Hosting;

/// <summary>What <c>llmrouter providers</c> says of one provider.</summary>
/// <param name="Name">The provider's name.</param>
/// <param name="IsLocal">Whether it runs on this machine.</param>
/// <param name="Configured">Whether it has what it needs (a key, an endpoint).</param>
/// <param name="Healthy">Whether its health check passed within the deadline.</param>
/// <param name="Latency">How long the check took, or <see langword="null"/> when it was not run.</param>
/// <param name="Detail">Why it is unconfigured or unhealthy, or what the check said.</param>
internal sealed record ProviderReport(string Name, bool IsLocal, bool Configured, bool Healthy, TimeSpan? Latency, string Detail);
