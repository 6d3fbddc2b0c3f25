namespace LlmRouter.Redis;

/// <summary>Raised when Redis cannot be reached and the operation cannot go on without it: a budget reservation under
/// <see cref="RedisRouterOptions.FailClosed"/>, or a read of shared usage or budgets.</summary>
/// <remarks>Its <see cref="LlmException.Kind"/> is <see cref="LlmErrorKind.Unavailable"/>; a reservation refused this way made no call.</remarks>
public sealed class RedisUnavailableException : LlmException
{
    /// <summary>Initializes a new instance of the <see cref="RedisUnavailableException"/> class.</summary>
    /// <param name="message">What could not be done.</param>
    /// <param name="innerException">The client's error, if any.</param>
    public RedisUnavailableException(string message, Exception? innerException = null)
        : base(LlmErrorKind.Unavailable, message, innerException)
    {
    }
}
