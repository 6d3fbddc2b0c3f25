namespace LlmRouter.Redis.Tests.TestSupport;

/// <summary>
/// A fact that needs a real <c>redis-server</c>: skipped, saying why, when it is not installed, except in CI (<c>CI=true</c>),
/// where a missing server fails the test instead (CI installs it).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    /// <summary>Why the tests cannot run.</summary>
    public const string MissingMessage =
        "redis-server is not installed (apt-get install -y redis-server); the Redis tests need a real server. In CI (CI=true) this fails instead of skipping.";

    public RedisFactAttribute()
    {
        if (RedisServer.Executable is null && !IsCi)
        {
            Skip = MissingMessage;
        }
    }

    private static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}
