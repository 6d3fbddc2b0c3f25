using Microsoft.Extensions.Logging;

namespace LlmRouter.Sqlite;

/// <summary>The SQLite store's log messages (source-generated).</summary>
internal static partial class SqliteStoreLog
{
    [LoggerMessage(1, LogLevel.Warning, "Writing usage records to {Path} failed; {Queued} records stay queued and the write is retried")]
    public static partial void WriteFailing(ILogger logger, string path, int queued, Exception exception);

    [LoggerMessage(2, LogLevel.Information, "Writing usage records to {Path} works again after {Failures} failed attempts")]
    public static partial void WriteRecovered(ILogger logger, string path, int failures);

    [LoggerMessage(3, LogLevel.Error, "{Count} usage records could not be written to {Path} while the store shut down and are lost")]
    public static partial void RecordsLost(ILogger logger, int count, string path, Exception exception);
}
