using Microsoft.Extensions.Logging;

namespace LlmRouter;

/// <summary>The router's log messages (source-generated).</summary>
internal static partial class RouterLog
{
    [LoggerMessage(1, LogLevel.Warning, "Route {Route} failed with {Kind}: {Message}")]
    public static partial void RouteFailed(ILogger logger, string route, LlmErrorKind kind, string message);

    [LoggerMessage(2, LogLevel.Information, "Fell back from {Planned} to {Route}")]
    public static partial void FellBack(ILogger logger, string planned, string route);

    [LoggerMessage(3, LogLevel.Warning, "Route {Route} cools down for {Duration} after {Kind}")]
    public static partial void CoolingDown(ILogger logger, string route, TimeSpan duration, LlmErrorKind kind);

    [LoggerMessage(4, LogLevel.Error, "Recording usage of route {Route} failed")]
    public static partial void MeteringFailed(ILogger logger, string route, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Listing the models of provider {Provider} failed; routing carries on without them")]
    public static partial void DiscoveryFailed(ILogger logger, string provider, Exception exception);

    [LoggerMessage(6, LogLevel.Information, "Discovered {Count} models at run time")]
    public static partial void ModelsDiscovered(ILogger logger, int count);

    [LoggerMessage(7, LogLevel.Warning, "The stream from {Route} broke after {Characters} characters had been sent; continuing it on {Next}")]
    public static partial void StreamContinued(ILogger logger, string route, string next, int characters);

    [LoggerMessage(8, LogLevel.Information, "Dropped {Dropped} of {Messages} messages (~{Before} → ~{After} tokens) to fit the context window of {Route} ({Window} tokens)")]
    public static partial void Trimmed(ILogger logger, int dropped, int messages, int before, int after, string route, int window);

    [LoggerMessage(20, LogLevel.Warning, "Model {Model} was deprecated on {DeprecationDate:yyyy-MM-dd}; it is planned only because {NamedBy} names it (routing strategies no longer choose it). Move to a newer model")]
    public static partial void DeprecatedModelUsed(ILogger logger, string model, DateOnly deprecationDate, string namedBy);
}
