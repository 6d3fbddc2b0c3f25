using Microsoft.Extensions.Logging;

namespace LlmRouter.Redis;

/// <summary>The Redis package's log messages (source-generated).</summary>
internal static partial class RedisLog
{
    /// <summary>The logger category.</summary>
    public const string Category = "LlmRouter.Redis";

    [LoggerMessage(101, LogLevel.Warning, "Redis is unreachable ({Reason}); requests go on ({Budgets}), usage and settlements are buffered in memory until it is back")]
    public static partial void Unreachable(ILogger logger, string reason, string budgets, Exception exception);

    [LoggerMessage(102, LogLevel.Information, "Redis is reachable again after {Duration}; buffered usage and settlements are being written")]
    public static partial void Recovered(ILogger logger, TimeSpan duration);

    [LoggerMessage(103, LogLevel.Warning, "The buffer of {What} kept while Redis is unreachable is full ({Capacity}); the oldest are dropped")]
    public static partial void BufferFull(ILogger logger, string what, int capacity);

    [LoggerMessage(104, LogLevel.Error, "Writing {What} to Redis failed with an error that retrying cannot fix; {Count} dropped")]
    public static partial void WriteFailed(ILogger logger, string what, int count, Exception exception);

    [LoggerMessage(105, LogLevel.Warning, "{Count} {What} buffered while Redis was unreachable were lost on shutdown")]
    public static partial void LostOnShutdown(ILogger logger, int count, string what);

    [LoggerMessage(106, LogLevel.Warning, "Reading the routes other instances cooled down from Redis failed; they apply again when Redis is back")]
    public static partial void CooldownSyncFailed(ILogger logger, Exception exception);

    [LoggerMessage(107, LogLevel.Debug, "A cooldown of route {Route} from another instance applies here for {Duration}")]
    public static partial void CooldownReceived(ILogger logger, string route, TimeSpan duration);
}
