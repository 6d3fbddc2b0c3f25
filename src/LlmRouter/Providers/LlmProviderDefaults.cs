namespace LlmRouter;

/// <summary>The defaults of the options every provider package shares (<see cref="LlmProviderOptions"/>), in one place.</summary>
internal static class LlmProviderDefaults
{
    /// <summary>How long a provider's health check may take: 5 seconds.</summary>
    public static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);
}
