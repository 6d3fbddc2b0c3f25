using StackExchange.Redis;

namespace LlmRouter.Redis;

/// <summary>Tells a Redis that cannot serve now (down, unreachable, restarting, failing over) from a bug.</summary>
internal static class RedisFailures
{
    /// <summary>Tells whether an exception means Redis cannot serve now, so the operation should fail open, be buffered or retried.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns><see langword="true"/> for connection failures, timeouts and the server's own "not now" answers.</returns>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        RedisServerException server => IsTransientServerError(server.Message),
        ObjectDisposedException => false,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsUnavailable(aggregate.InnerExceptions[0]),
        _ => false,
    };

    // LOADING: the server is reading its data after a restart; the rest: a replica or cluster that cannot take writes now.
    private static bool IsTransientServerError(string message) =>
        message.StartsWith("LOADING", StringComparison.Ordinal)
        || message.StartsWith("BUSY", StringComparison.Ordinal)
        || message.StartsWith("MASTERDOWN", StringComparison.Ordinal)
        || message.StartsWith("READONLY", StringComparison.Ordinal)
        || message.StartsWith("TRYAGAIN", StringComparison.Ordinal)
        || message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal);
}
