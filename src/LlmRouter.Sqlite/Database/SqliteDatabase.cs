using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LlmRouter.Sqlite;

/// <summary>
/// One database file: checks it can be opened and has the current schema when constructed, then hands out connections set up
/// alike (busy timeout, <c>synchronous = NORMAL</c>, which in WAL mode loses no committed transaction when a process crashes).
/// </summary>
/// <remarks>Thread-safe. Disposing it empties the connection pool of its file, so the file is closed once every store is done.</remarks>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly string _setUp;

    /// <summary>Opens the database, creating the file and its tables when missing.</summary>
    /// <param name="options">The options; checked here too, so that the stores can be used without the container.</param>
    /// <exception cref="ArgumentException">The options are invalid; every problem is listed.</exception>
    /// <exception cref="InvalidOperationException">The file cannot be opened, written or upgraded; the message names its full path.</exception>
    public SqliteDatabase(SqliteStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = SqliteStoreOptionsValidator.Problems(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var builder = new SqliteConnectionStringBuilder(options.ConnectionString);

        // Microsoft.Data.Sqlite retries a busy statement with 150 ms sleeps until DefaultTimeout; SQLite's own busy handler
        // (set below) waits in finer steps first, so the driver's loop only ends the wait once the timeout has passed.
        builder.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds));
        _connectionString = builder.ToString();
        _setUp = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
        Path = FullPath(builder.DataSource);
        BusyTimeout = options.BusyTimeout;

        try
        {
            using var connection = Open();
            SqliteSchema.Ensure(connection);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            SqliteConnection.ClearPool(new SqliteConnection(_connectionString));
            throw CannotOpen(ex);
        }
    }

    /// <summary>Gets the database file's full path (or the URI as given).</summary>
    public string Path { get; }

    /// <summary>Gets how long a write waits for the write lock.</summary>
    public TimeSpan BusyTimeout { get; }

    /// <summary>Opens a connection set up for the store.</summary>
    /// <returns>An open connection; the caller disposes it.</returns>
    /// <exception cref="SqliteException">The file cannot be opened.</exception>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = _setUp;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => SqliteConnection.ClearPool(new SqliteConnection(_connectionString));

    private InvalidOperationException CannotOpen(Exception ex)
    {
        var hint = ex is SqliteException { SqliteErrorCode: 14 } // SQLITE_CANTOPEN
            ? " Check that the directory exists and that the process may write there."
            : string.Empty;
        return new InvalidOperationException($"LlmRouter.Sqlite cannot use the database '{Path}': {ex.Message.TrimEnd('.')}.{hint}", ex);
    }

    private static string FullPath(string dataSource)
    {
        if (dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return dataSource;
        }

        try
        {
            return System.IO.Path.GetFullPath(dataSource);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return dataSource;
        }
    }
}
