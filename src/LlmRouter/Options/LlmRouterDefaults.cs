namespace LlmRouter;

/// <summary>The defaults of every LlmRouter option, in one place.</summary>
internal static class LlmRouterDefaults
{
    public const string Strategy = RoutingStrategyNames.Complexity;
    public const int MaxRetries = 3;
    public const int MaxRetriesLimit = 100;
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    public const bool UseJitter = true;
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(100);
    public const int CooldownFailureThreshold = 5;
    public static readonly TimeSpan CooldownWindow = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan CooldownDuration = TimeSpan.FromSeconds(30);
    public const string DirectStrategy = RoutingStrategyNames.Direct;
}
