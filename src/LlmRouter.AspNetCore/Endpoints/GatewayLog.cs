using Microsoft.Extensions.Logging;

namespace LlmRouter.AspNetCore;

/// <summary>The gateway's log messages (source-generated). Keys are never logged; neither is prompt or response text.</summary>
internal static partial class GatewayLog
{
    [LoggerMessage(101, LogLevel.Information, "Refused {Method} {Path}: {Status} {Code}")]
    public static partial void Refused(ILogger logger, string method, string path, int status, string? code);

    [LoggerMessage(102, LogLevel.Warning, "Refused {Method} {Path} from {Remote}: no valid caller key")]
    public static partial void Unauthorized(ILogger logger, string method, string path, string? remote);

    [LoggerMessage(103, LogLevel.Error, "The gateway failed on {Method} {Path}")]
    public static partial void Failed(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(104, LogLevel.Warning, "A chat stream failed after it had started ({Kind}); the caller got an error event")]
    public static partial void StreamFailed(ILogger logger, LlmErrorKind kind, Exception exception);

    [LoggerMessage(105, LogLevel.Error, "Recording the usage of an embedding request to {Model} failed")]
    public static partial void MeteringFailed(ILogger logger, string model, Exception exception);
}
